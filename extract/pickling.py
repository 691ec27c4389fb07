"""Fast pickling for the frozen, slotted record classes of extraction.

Python pickles a frozen dataclass with slots through ``dataclasses``' own
``__getstate__``/``__setstate__``, written in Python, which look up the fields
again for every object. Extraction results are pickled to the cache and from
worker processes to the build, tens of thousands of records a batch; pickling
them as a call of the class on their field values halves that cost.
"""

from __future__ import annotations

import operator
from dataclasses import fields
from typing import TypeVar

C = TypeVar("C", bound=type)


def by_fields(cls: C) -> C:
    """Class decorator (outside ``@dataclass``): pickle as ``cls(*field values)``."""
    names = [f.name for f in fields(cls)]
    get = operator.attrgetter(*names)
    if len(names) == 1:

        def __reduce__(self):
            return cls, (get(self),)

    else:

        def __reduce__(self):
            return cls, get(self)

    cls.__reduce__ = __reduce__
    return cls
