"""Layers import only downward: flows -> trilat -> schemas -> extract.

``flows/`` is the top floor (the command, Prefect's settings and server, the flows);
``trilat/`` is a library that never imports Prefect; ``schemas/`` and ``extract/``
import nothing above them. Imports inside functions count too.
"""

import ast

import pytest

from tests.helpers import ROOT

LAYERS = ["extract", "schemas", "trilat", "flows"]  # bottom to top
# What a layer may not import besides the layers above it.
FORBIDDEN = {"trilat": {"prefect"}, "schemas": {"prefect"}, "extract": {"prefect"}}


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_imports_nothing_above_it(layer):
    above = set(LAYERS[LAYERS.index(layer) + 1 :]) | FORBIDDEN.get(layer, set())
    upward = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / layer).glob("*.py")
        for name in set(_imports(path))
        if name in above
    )
    assert not upward, upward
