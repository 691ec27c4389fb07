import shutil
from pathlib import Path

import pytest

from trilat.errors import InputError
from trilat.reference import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent


def test_reference_vocabularies_are_valid(vocab):
    ids = [a.id for a in vocab.actors]
    assert len(ids) == len(set(ids))
    assert {"usa", "jpn", "kor", "prk"} <= set(ids)


@pytest.fixture
def ref_copy(tmp_path):
    dst = tmp_path / "reference"
    shutil.copytree(ROOT / "reference", dst)
    return dst


def test_alias_claimed_by_two_actors(ref_copy):
    path = ref_copy / "actors.yaml"
    path.write_text(
        path.read_text().replace("aliases: [Japan]", "aliases: [Japan, ROK]"), encoding="utf-8"
    )
    with pytest.raises(InputError) as err:
        load_vocabulary(ref_copy)
    assert any("alias 'ROK' of 'kor' is already claimed by 'jpn'" in d for d in err.value.details)


def test_bad_codes_name_the_line_and_field(ref_copy):
    path = ref_copy / "actors.yaml"
    text = path.read_text().replace(
        "country: JPN\n    cow_code: 740\n    gw_code: 740\n    wikidata_id: Q17\n",
        "country: JP\n    cow_code: 740\n    gw_code: 740\n    wikidata_id: 17\n",
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_vocabulary(ref_copy)
    details = "\n".join(err.value.details)
    assert "actors.yaml:" in details
    assert "'jpn': field 'country'" in details
    assert "'jpn': field 'wikidata_id'" in details


def test_country_codes_must_exist(ref_copy):
    path = ref_copy / "agreements.yaml"
    path.write_text(path.read_text().replace("parties: [USA, JPN]", "parties: [USA, JAP]", 1))
    with pytest.raises(InputError) as err:
        load_vocabulary(ref_copy)
    assert any("'JAP' is not an ISO 3166-1 alpha-3 country code" in d for d in err.value.details)


def test_a_trigger_needs_one_of_its_keywords(ref_copy):
    path = ref_copy / "event_types.yaml"
    path.write_text(
        path.read_text().replace(
            "    - '\\bbrought together\\b'",
            "    - '\\bbrought together\\b'\n    - '\\bconclave\\b'",
        )
    )
    with pytest.raises(InputError) as err:
        load_vocabulary(ref_copy)
    assert any("conclave" in d and "none of its keywords" in d for d in err.value.details)


def test_a_trigger_branch_no_keyword_gates_is_refused():
    from trilat.reference import _ungated_branches

    keywords = ["resign", "stepped down"]
    # "(?:stepped|steps) down" spells out no keyword: a sentence would never try it.
    assert _ungated_branches(r"\bresign(?:ed)?\b|\b(?:stepped|steps) down\b", keywords) == [
        r"\b(?:stepped|steps) down\b"
    ]
    assert _ungated_branches(r"\bresign(?:ed)?\b|\bstepped down\b", keywords) == []
    assert _ungated_branches(r"\b(?:resigned|stepped down)\b", keywords) == []
