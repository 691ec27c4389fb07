from pathlib import Path

import yaml

from extract.boilerplate import BoilerplateRules, is_prose, segment
from extract.text import to_text

ROOT = Path(__file__).resolve().parent.parent


def _rules(vocab):
    return BoilerplateRules.from_patterns(vocab.boilerplate_section_end, vocab.boilerplate_line)


def _roles(text, blocks):
    return [(b.role, text[b.start : b.end]) for b in blocks]


def _seed(doc_id):
    reg = yaml.safe_load((ROOT / "raw/sources.yaml").read_text())["sources"]
    src = next(s for s in reg if s["id"] == doc_id)
    return src, to_text((ROOT / "raw" / src["file"]).read_bytes(), ".txt")


def test_blocks_are_non_blank_lines_in_order(vocab):
    text = "Title\n\nFirst line of prose, which is long enough to count as a sentence here.\n"
    blocks = segment(text, _rules(vocab))
    assert [text[b.start : b.end] for b in blocks] == [
        "Title",
        "First line of prose, which is long enough to count as a sentence here.",
    ]


def test_related_articles_and_footer_are_boilerplate(vocab):
    src, text = _seed("dp-depetris-2023-bridging-the-divide")
    roles = _roles(text, segment(text, _rules(vocab), src["title"], src["authors"]))
    body = [t for r, t in roles if r == "body"]
    assert body[0].startswith("The Philippines may be the oldest US treaty ally")
    assert body[-1].startswith("South Korea-Japan relations still aren’t rosy")
    boiler = {t for r, t in roles if r == "boilerplate"}
    assert "What Trump could do to defuse Taiwan’s powder keg" in boiler
    assert "December 30, 2025" in boiler
    assert ("title", src["title"]) in roles
    assert ("byline", "By Daniel DePetris") in roles


def test_site_search_and_newsletter_box_before_the_abstract(vocab):
    src, text = _seed("kei-lee-2024-trilateral-security-cooperation")
    roles = _roles(text, segment(text, _rules(vocab), src["title"], src["authors"]))
    assert roles[3] == (
        "boilerplate",
        "Sign up for our mailing list to keep up to date on all the latest developments.",
    )
    assert roles[4] == ("title", src["title"])
    assert roles[5][0] == "body"
    assert roles[6][0] == "boilerplate"  # "This browser does not support PDFs..."


def test_table_of_contents_inside_the_body_is_kept(vocab):
    src, text = _seed("nbr-asia-policy-20-1-roundtable")
    roles = _roles(text, segment(text, _rules(vocab), src["title"], src["authors"]))
    assert ("body", "Trilateral U.S.-ROK-Japan Cooperation on the DPRK Cyberthreat") in roles
    assert ("boilerplate", "About Asia Policy") in roles


def test_an_unseen_news_page_layout(vocab):
    """A page shaped like none of the seeds: menu, story, share bar, more stories, footer."""
    text = (
        "Menu\nWorld\nAsia\nSubscribe\n"
        "Allies hold drills near Jeju\n"
        "By Jane Roe\n"
        "March 3, 2026\n"
        "The navies of the United States, Japan and South Korea held a two-day exercise "
        "south of Jeju island on Tuesday, the South Korean military said.\n"
        "The drills involved an aircraft carrier and destroyers, and they came a week after "
        "North Korea tested a ballistic missile.\n"
        "Share this article\n"
        "Recommended for you\n"
        "China warns of arms race in the region after the launch\n"
        "Copyright © 2026 Example News\n"
    )
    blocks = segment(text, _rules(vocab), "Allies hold drills near Jeju", ["Jane Roe"])
    roles = _roles(text, blocks)
    assert [r for r, _ in roles[:4]] == ["boilerplate"] * 4
    assert roles[4] == ("title", "Allies hold drills near Jeju")
    assert roles[5] == ("byline", "By Jane Roe")
    assert [r for r, _ in roles[7:9]] == ["body", "body"]
    assert all(r == "boilerplate" for r, _ in roles[9:])


def test_text_without_prose_is_all_body(vocab):
    text = "Joint statement\nJapan and the ROK agree.\n"
    assert {b.role for b in segment(text, _rules(vocab))} == {"body"}


def test_registry_markers_override_the_rule(vocab):
    text = (
        "Intro line that is long enough to be taken for prose by the rule, it seems.\n"
        "START OF ARTICLE\nArticle text.\nEND OF ARTICLE\nTrailing text here.\n"
    )
    blocks = segment(text, _rules(vocab), body_start="START OF", body_end="END OF")
    body = [text[b.start : b.end] for b in blocks if b.role == "body"]
    assert body == ["START OF ARTICLE", "Article text."]


def test_prose_needs_sentences_and_function_words():
    assert is_prose(
        "The alliance has evolved into one of the world’s most capable security structures."
    )
    assert not is_prose("Policy Topics Venezuela China Israel-Hamas Ukraine-Russia NATO Syria")
    assert not is_prose("Short line.")
