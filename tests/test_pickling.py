import dataclasses
import pickle

import extract
from extract.document import DocumentInput, extract_document
from extract.pickling import by_fields
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
