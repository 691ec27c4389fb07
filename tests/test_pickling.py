import dataclasses
import pickle

import extract
from extract.document import DocumentInput, extract_document
from extract.pickling import by_fields, lists_by_column
from tests.conftest import ROOT
from trilat.pipeline import read_documents
from trilat.registry import load_registry


@by_fields
@dataclasses.dataclass(frozen=True, slots=True)
class One:
    x: int


@by_fields
@dataclasses.dataclass(frozen=True, slots=True)
class Two:
    a: str
    b: tuple[int, ...]


def test_records_pickle_as_a_call_on_their_fields():
    for obj in (One(3), Two("a", (1, 2)), Two("", ())):
        assert pickle.loads(pickle.dumps(obj)) == obj
        assert obj.__reduce__() == (type(obj), dataclasses.astuple(obj))


@lists_by_column("ones", "twos")
@dataclasses.dataclass
class Lists:
    name: str
    ones: list
    twos: list
    other: list


def test_lists_of_records_pickle_a_column_per_field():
    cases = [
        Lists("a", [One(1), One(2)], [Two("x", (1,)), Two("y", ())], [One(3)]),
        Lists("empty", [], [], []),
        Lists("mixed", [One(1), Two("z", ())], [], [Two("w", (2,))]),  # kept as they are
    ]
    for obj in cases:
        assert pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)) == obj
    _, (_, _, values) = cases[0].__reduce__()
    assert values[1] == (One, ((1, 2),))
    assert values[2] == (Two, (("x", "y"), ((1,), ())))
    assert values[3] == [One(3)]  # not a column field


def test_extraction_results_survive_pickling(extractors):
    docs = read_documents(load_registry(ROOT / "raw"))
    for d in docs:
        ex = extract_document(DocumentInput(d.source.id, d.text, d.source.title), extractors)
        assert pickle.loads(pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL)) == ex


def test_every_frozen_slotted_record_uses_the_fast_path():
    import importlib
    import pkgutil

    slow = []
    for m in pkgutil.iter_modules(extract.__path__):
        mod = importlib.import_module(f"extract.{m.name}")
        for obj in vars(mod).values():
            if (
                isinstance(obj, type)
                and obj.__module__ == mod.__name__
                and dataclasses.is_dataclass(obj)
                and obj.__dataclass_params__.frozen
                and "__slots__" in vars(obj)
                and "__reduce__" not in vars(obj)
            ):
                slow.append(obj.__qualname__)
    assert slow == []
