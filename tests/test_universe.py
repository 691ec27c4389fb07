"""The universe the registry defines, as the dataset card states it."""

from tests.test_registry import GOOD, URL_ONLY, write_registry
from trilat.registry import load_registry
from trilat.release import Context, publish
from trilat.universe import describe, waiting_notice


def test_describe_counts_the_registry(tmp_path):
    u = describe(load_registry(write_registry(tmp_path, GOOD + URL_ONLY)))
    assert (u.registered, u.waiting, u.publishers) == (2, 1, 2)
    assert u.kinds == (("article", 1), ("statement", 1))
    assert (u.first_year, u.last_year) == (2023, 2025)
    assert waiting_notice(1).startswith("1 registered source(s) have no snapshot yet")


def test_the_card_states_the_universe(tables, tmp_path):
    universe = describe(load_registry(write_registry(tmp_path, GOOD + URL_ONLY)))
    ctx = Context(universe=universe)
    card = publish(tables, tmp_path / "out", "fp", ctx=ctx).path / "README.md"
    text = card.read_text()
    assert "## Universe" in text
    assert "- Registered: 2 documents by 2 publishers, published 2023-2025" in text
    assert f"- In this release: {len(tables['documents'])} documents" in text
    assert "- Not fetched yet: 1; `trilat update` fetches them" in text
    assert "- Out of scope, deliberately: news reports" in text
    assert text.index("## Universe") < text.index("## Sources and licences")
