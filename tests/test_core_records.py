"""Events, agreements and force figures on sentences written for the tests, not
copied from the seeds: the rules must carry to the next article."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.document import DocumentInput, extract_document


def extract(text, extractors, published=date(2024, 6, 1)):
    return extract_document(
        DocumentInput("t", text, published=published, published_precision="day"), extractors
    )


def events(text, extractors, published=date(2024, 6, 1)):
    return [
        (e.event_type, e.date_start.isoformat(), e.date_precision, e.participants, e.location)
        for e in extract(text, extractors, published).events
    ]


def test_ministerial_meeting_with_place(extractors):
    text = (
        "The defense ministers of Japan and South Korea met in Busan on March 3, 2024, to "
        "discuss North Korea's missile launches."
    )
    assert events(text, extractors) == [
        ("ministerial_meeting", "2024-03-03", "day", ("JPN", "KOR"), "Busan")
    ]


def test_missile_launch_relative_date(extractors):
    text = "North Korea fired two ballistic missiles into the sea last month, Seoul said."
    assert events(text, extractors) == [
        ("missile_test_or_provocation", "2024-05-01", "month", ("PRK",), None)
    ]


def test_named_exercise_adds_its_participants(extractors):
    text = "In June 2024, the allies held the first Freedom Edge exercise in the East China Sea."
    (e,) = extract(text, extractors).events
    assert (e.event_type, e.participants, e.date_precision) == (
        "exercise", ("JPN", "KOR", "USA"), "month",
    )  # fmt: skip
    assert e.key == "exercise-2024-06-jpn-kor-usa"
    assert e.title == "Freedom Edge exercise, East China Sea"


def test_plural_reference_takes_the_section_states(extractors):
    text = (
        "U.S.-ROK Alliance\n"
        "The United States and the ROK share a long history of cooperation in the region.\n"
        "In May 2022, the two countries' leaders held a summit in Seoul.\n"
    )
    assert events(text, extractors) == [("summit", "2022-05-01", "month", ("KOR", "USA"), "Seoul")]


def test_no_date_no_event_and_description_is_not_an_event(extractors):
    assert events("Combined exercises hone rapid decision-making and trust.", extractors) == []
    assert events("The leaders met to discuss trade with Japan.", extractors) == []


def test_one_sentence_two_signings(extractors):
    text = (
        "Japan and the United States signed a security treaty in September 1951, "
        "and the treaty was revised in 1960."
    )
    got = {(t, d[:4]) for t, d, *_ in events(text, extractors)}
    assert got == {("treaty_signing", "1951"), ("treaty_signing", "1960")}


def test_curated_named_event_needs_no_date(extractors):
    (e,) = extract("The Camp David Summit set a new course.", extractors).events
    assert (e.key, e.date_start, e.location, e.date_source) == (
        "summit-2023-08-18-jpn-kor-usa",
        date(2023, 8, 18),
        "Camp David",
        "vocabulary",
    )


def test_a_curated_event_takes_the_date_its_sentence_states(extractors):
    """Precision is what the text supports: "in August 2023" is a month, though the
    vocabulary knows the day; the key stays the curated event's."""
    reports = extract("At the Camp David Summit in August 2023 the leaders met.", extractors).events
    assert {e.key for e in reports} == {"summit-2023-08-18-jpn-kor-usa"}  # "met" is the same
    e = reports[0]
    assert (e.date_start, e.date_precision, e.date_source) == (
        date(2023, 8, 1), "month", "sentence",
    )  # fmt: skip


def test_citations_are_not_events(extractors):
    text = '[4] Jane Roe, "Leaders met in Tokyo," Asia Review, May 2, 2019, 1–20.'
    assert events(text, extractors) == []


def test_agreements_curated_cue_and_unknown(extractors):
    text = (
        "Seoul and Washington reaffirmed the U.S.-ROK Mutual Defense Treaty. "
        "Russia and North Korea signed the Treaty on Comprehensive Strategic Partnership in "
        "June 2024. Tokyo and Manila concluded the Reciprocal Access Agreement."
    )
    got = [(a.agreement_id, a.how) for a in extract(text, extractors).agreements]
    assert got == [
        ("us-rok-mutual-defense-treaty", "alias"),
        ("russia-dprk-comprehensive-strategic-partnership-2024", "alias"),
        ("new-reciprocal-access-agreement", "named"),
    ]


def test_agreement_cue_needs_party_and_year(extractors):
    with_year = "An agreement was reached in 2015 between Japan and Korea on comfort women."
    assert [a.agreement_id for a in extract(with_year, extractors).agreements] == [
        "japan-rok-comfort-women-agreement-2015"
    ]
    assert extract("Comfort women remain an issue for Japan.", extractors).agreements == []


def test_organisations_named_treaty_are_not_agreements(extractors):
    text = "Thailand joined the Southeast Asia Treaty Organization."
    assert extract(text, extractors).agreements == []


def test_force_figures(extractors):
    text = (
        "Roughly 50,000 American troops are based in Japan. "
        "The United States keeps 28,500 service members on the Korean Peninsula in South Korea. "
        "Japan has 250,000 troops."
    )
    figs = [(f.metric, f.value, f.approximate, f.deploying_country, f.host_country)
            for f in extract(text, extractors).figures]  # fmt: skip
    assert figs == [
        ("us_military_personnel", 50000, True, "USA", "JPN"),
        ("us_military_personnel", 28500, False, "USA", "KOR"),
        ("host_nation_military_personnel", 250000, False, "JPN", "JPN"),
    ]


def _figures(text, extractors):
    return [(f.host_country, f.value, f.metric, f.qualifier)
            for f in extract(text, extractors).figures]  # fmt: skip


def test_figures_as_news_and_reference_pages_state_them(extractors):
    assert _figures(
        "Nearly 30,000 of the 54,000 U.S. service members in Japan are on Okinawa, 15,000 "
        "of them Marines. The 27,000-strong U.S. Forces Korea has more than 80 bases. "
        "Most troops abroad are in Japan (51,000) and South Korea (27,000).",
        extractors,
    ) == [
        ("JPN", 30000, "us_military_personnel", "up_to"),
        ("JPN", 54000, "us_military_personnel", None),
        ("JPN", 15000, "us_marine_corps_personnel", None),
        ("KOR", 27000, "us_military_personnel", None),
        ("KOR", 80, "us_major_bases", "more_than"),
        ("JPN", 51000, "us_military_personnel", None),
        ("KOR", 27000, "us_military_personnel", None),
    ]


def test_what_is_not_force_posture(extractors):
    for text in (
        "Some 9,000 U.S. troops will join the drills in South Korea next week.",
        "Washington plans to cut its forces in Japan to 40,000 by 2030.",
        "The cost of the 1,200 base workers in Japan rose to $2 billion.",
        "Some 4,000 soldiers were killed in Korea in 1951.",
        "U.S. troops in Germany number 35,000.",
    ):
        assert _figures(text, extractors) == [], text
    # the level a planned cut starts from is stated, the target is not
    assert _figures("The U.S. will reduce its forces in Korea to 25,000 from about 37,000.",
                    extractors) == [("KOR", 37000, "us_military_personnel", None)]  # fmt: skip


def test_merged_event_has_evidence_from_each_source(seed_build):
    tables, _ = seed_build
    ev = tables["evidence"]
    camp_id = "camp-david-summit-2023"  # a curated event keeps its curated id
    camp = ev[(ev["record_table"] == "events") & (ev["record_id"] == camp_id)]
    assert set(camp["doc_id"]) == {
        "nbr-asia-policy-20-1-roundtable", "kei-lee-2024-trilateral-security-cooperation",
    }  # fmt: skip
    row = tables["events"].set_index("event_id").loc[camp_id]
    assert row["n_sources"] == 2


def test_figure_as_of_a_stated_date_not_a_treaty_year(extractors):
    text = (
        "Under the 1960 Treaty of Mutual Cooperation and Security, 50,000 U.S. troops are "
        "stationed in Japan. As of 2021, about 28,500 U.S. troops were stationed in South Korea."
    )
    figs = [(f.host_country, f.as_of, f.as_of_precision) for f in extract(text, extractors).figures]
    assert figs == [("JPN", date(2024, 6, 1), "day"), ("KOR", date(2021, 1, 1), "year")]


_WORDS = st.sampled_from(
    "Japan ROK U.S. Seoul Tokyo North Korea the met in summit signed treaty 2023 October "
    "17, 1999 1953 Mutual Defense Treaty 28,500 troops stationed about exercise Keen Sword "
    "fired missiles last year this October leaders foreign ministers . , ; [3] \n ’ “ ” — "
    "İ ß 🇰🇷 Agreement Declaration of the on".split(" ")
)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=80),
       published=st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1))))  # fmt: skip
def test_any_text_gives_valid_records(words, published, extractors):
    text = " ".join(words)
    doc = extract(text, extractors, published)
    for sent in doc.sentences:
        assert 0 <= sent.start < sent.end <= len(text)
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
    for a in doc.agreements:
        assert text[a.start : a.end] == a.text and a.sentence_start <= a.start < a.end
    for f in doc.figures:
        assert 0 <= f.start < f.end <= len(text) and f.value >= 0
    for e in doc.events:
        assert 0 <= e.sentence_start < e.sentence_end <= len(text)
        assert 1800 <= e.date_start.year <= 2100
        assert e.date_end is None or e.date_end >= e.date_start
        assert e.key and e.date_source in ("sentence", "document", "vocabulary")


def test_standing_mechanisms_at_work_are_officials_meetings(extractors):
    a = "In May 2024, the first meeting of the U.S.-ROK Nuclear Consultative Group took place."
    b = (
        "The Extended Deterrence Strategy and Consultation Group met in September 2022, "
        "U.S. and ROK officials said."
    )
    for text in (a, b):
        (e,) = extract(text, extractors).events
        assert (e.event_type, e.participants) == ("official_meeting", ("KOR", "USA"))


def _typed(text, extractors, published=date(2024, 6, 7)):  # a Friday
    return {
        (e.event_type, e.date_start.isoformat(), e.participants)
        for e in extract(text, extractors, published).events
    }


def test_a_meeting_is_typed_by_the_rank_of_who_meets(extractors):
    got = _typed(
        "The vice foreign ministers of Japan and South Korea met in Tokyo on Monday. "
        "The defense ministers of the United States and Japan held talks on Tuesday. "
        "The leaders of South Korea and the United States met on Wednesday.",
        extractors,
    )
    assert got == {
        ("official_meeting", "2024-06-03", ("JPN", "KOR")),
        ("ministerial_meeting", "2024-06-04", ("JPN", "USA")),
        ("summit", "2024-06-05", ("KOR", "USA")),
    }


def test_one_sentence_reports_a_meeting_and_a_joint_statement(extractors):
    got = _typed(
        "The foreign ministers of Japan and South Korea met in Seoul on May 30 and issued a "
        "joint statement.",
        extractors,
    )
    assert got == {
        ("ministerial_meeting", "2024-05-30", ("JPN", "KOR")),
        ("declaration", "2024-05-30", ("JPN", "KOR")),
    }


def test_a_launch_dated_from_the_event_it_preceded(extractors):
    got = _typed(
        "Japan and the United States opened a joint command on Tuesday. The opening came a "
        "day after North Korea launched two ballistic missiles.",
        extractors,
    )
    assert ("missile_test_or_provocation", "2024-06-03", ("PRK",)) in got


def test_plans_hypotheses_and_generic_plurals_are_not_events(extractors):
    for text in (
        "The United States plans to deploy more troops to Japan next month.",
        "Seoul said North Korea could launch a missile on Friday.",
        "North Korea conducted repeated missile launches this year.",
        "The ministers met on Monday to discuss North Korea's missile launches.",
    ):
        types = {t for t, *_ in _typed(text, extractors)}
        assert "deployment" not in types and "missile_test_or_provocation" not in types, text


def test_a_scheduled_meeting_is_an_event_of_its_type(extractors):
    (e,) = extract(
        "The national security advisers of the three countries will meet in Seoul next Friday.",
        extractors,
        date(2024, 6, 7),
    ).events
    assert (e.event_type, e.date_start, e.participants, e.location, e.date_source) == (
        "official_meeting", date(2024, 6, 14), ("JPN", "KOR", "USA"), "Seoul", "document",
    )  # fmt: skip
    assert e.title == "Trilateral national security advisers’ meeting, Seoul"


def _agreements(text, extractors, published=date(2024, 6, 1)):
    return [(a.agreement_id, a.how) for a in extract(text, extractors, published).agreements]


def test_an_alias_several_versions_share_names_the_version_of_its_year(extractors):
    got = _agreements(
        "The 1997 Defense Guidelines widened Japan's role. Japan and the United States "
        "revised the Defense Guidelines in 2015.",
        extractors,
    )
    assert got == [
        ("us-japan-defense-guidelines-1997", "alias"),
        ("us-japan-defense-guidelines-2015", "alias"),
    ]


def test_a_dated_reference_and_the_pact_it_names_later(extractors):
    got = _agreements(
        "A 1965 treaty between Japan and South Korea normalized their ties. "
        "Critics in Seoul said the pact left the question of wartime labor open.",
        extractors,
    )
    assert got == [
        ("japan-rok-basic-relations-treaty", "reference"),
        ("japan-rok-basic-relations-treaty", "anaphor"),
    ]


def test_a_joint_document_named_by_its_title(extractors):
    (a,) = extract(
        'The ministers issued the SCC document "Resilient Supply Chains for the Alliance" '
        "after their talks with Japan.",
        extractors,
    ).agreements
    assert (a.name, a.agreement_type) == (
        "Resilient Supply Chains for the Alliance", "joint_statement",
    )  # fmt: skip


def test_a_meeting_planned_during_a_call_leaves_the_call(extractors):
    # The cue ("push for") is the planned meeting's; the call took place.
    text = (
        "Sullivan and his South Korean counterpart agreed to push for a trilateral meeting "
        "during their phone call on May 9, 2024."
    )
    assert [e[:3] for e in events(text, extractors) if e[0] != "other"] == [
        ("official_meeting", "2024-05-09", "day")
    ]


def test_a_measure_to_prevent_clashes_is_no_clash(extractors):
    text = "Since May 2024 the patrols have aimed at preventing accidental clashes at sea."
    assert not [e.title for e in extract(text, extractors).events if "incident" in e.title]
    text = "Since May 2024 the patrols have reported accidental clashes at sea."
    assert [e.title for e in extract(text, extractors).events if "incident" in e.title]


def test_an_official_residence_is_no_rank(extractors):
    text = "Yoon Suk Yeol met Fumio Kishida at his official residence on March 16, 2023."
    assert [e[:2] for e in events(text, extractors)] == [("summit", "2023-03-16")]


def test_a_signing_is_of_the_agreement_parties(extractors):
    text = (
        "Kim, of the National Security Council, said Seoul would not extend GSOMIA, signed in 2016."
    )
    (e,) = [e for e in events(text, extractors) if e[0] == "treaty_signing"]
    assert e[1:4] == ("2016-01-01", "year", ("JPN", "KOR"))


def test_a_parenthesis_between_treaty_and_verb_keeps_the_signing(extractors):
    text = (
        "The Agreement on Fisheries Between Japan and the Republic of Korea (Korean: ...; "
        "Japanese: ...) was signed on November 28, 1998."
    )
    assert [e[:4] for e in events(text, extractors) if e[0] == "treaty_signing"] == [
        ("treaty_signing", "1998-11-28", "day", ("JPN", "KOR"))
    ]


def test_just_finished_is_the_day_of_the_briefing(extractors):
    text = "The President just concluded a trilateral meeting with the leaders of Japan and Korea."
    assert [e[:3] for e in events(text, extractors, date(2024, 6, 7))] == [
        ("summit", "2024-06-07", "day")
    ]


def test_a_cue_holds_the_meeting_that_is_the_purpose_of_a_visit(extractors):
    text = "On Tuesday, the envoy announced plans for a visit to meet officials of Japan and Korea."
    assert events(text, extractors) == []
    text = "The ministers agreed on Tuesday to hold talks and met in Seoul with Japan's minister."
    assert "ministerial_meeting" in {e[0] for e in events(text, extractors)}


def test_a_deployment_is_in_the_state_of_the_base_it_reaches(extractors):
    text = (
        "A Patriot battery arrived at Kunsan Air Base on Monday, hours after North Korea "
        "fired two missiles."
    )
    found = {e[0]: e[3] for e in events(text, extractors, date(2024, 6, 7))}
    assert found["deployment"] == ("KOR",)
    assert found["missile_test_or_provocation"] == ("PRK",)


def test_calls_arrests_resignations_withdrawals_and_entries_into_force(extractors):
    cases = {
        "Prime Minister Fumio Kishida spoke with U.S. President Joe Biden by telephone on "
        "Thursday.": ("summit", "2024-05-30", ("JPN", "USA")),
        "Former Defense Minister Kim Yong-hyun was arrested on 8 December 2024.": (
            "domestic_political",
            "2024-12-08",
            ("KOR",),
        ),
        "Prime Minister Shinzo Abe stepped down on Sept. 16, 2020.": (
            "domestic_political",
            "2020-09-16",
            ("JPN",),
        ),
        "Two more launchers arrived at the site on April 26, 2017.": (
            "deployment",
            "2017-04-26",
            (),
        ),
        "The 7th Infantry Division was withdrawn from South Korea in 1971.": (
            "deployment",
            "1971-01-01",
            ("KOR",),
        ),
        "The Status of Forces Agreement has been in force since 9 February 1967.": (
            "other",
            "1967-02-09",
            (),
        ),
    }
    for text, want in cases.items():
        assert [e[0:2] + e[3:4] for e in events(text, extractors)] == [want], text


def test_who_took_office_is_the_name_before_it(extractors):
    text = "Yoon Suk Yeol, who took office in May 2022, met Fumio Kishida on March 16, 2023."
    found = {e[0]: (e[1], e[3]) for e in events(text, extractors)}
    assert found["domestic_political"] == ("2022-05-01", ("KOR",))


def test_a_signing_put_off_is_no_signing(extractors):
    text = "Seoul abruptly put off signing the military pact with Tokyo on Friday."
    assert "treaty_signing" not in {e[0] for e in events(text, extractors)}


def test_a_when_clause_and_a_new_subject_after_and_escape_an_earlier_cue(extractors):
    text = "Fumio Kishida had told Joe Biden of his plans when the two met on May 23, 2022."
    assert [e[:2] for e in events(text, extractors)] == [("summit", "2022-05-23")]
    text = (
        "Today I briefed President Yoon on what the leaders agreed to, and yesterday I met "
        "Foreign Minister Yoko Kamikawa."
    )
    found = {e[:2] for e in events(text, extractors, date(2024, 6, 7))}
    assert ("ministerial_meeting", "2024-06-06") in found


def test_names_typeset_with_an_en_dash_and_older_agreements(extractors):
    found = {
        a.agreement_id
        for a in extract(
            "The Guidelines for Japan\u2013U.S. Defense Cooperation were revised in 2015. Tokyo "
            "says the ruling breaks the 1965 Claims Settlement Agreement. Japan's host-nation "
            "support accord was renewed in 2016.",
            extractors,
        ).agreements
    }
    assert found == {
        "us-japan-defense-guidelines-2015",
        "japan-rok-claims-agreement-1965",
        "us-japan-sma-2016",
    }


def test_a_declaration_signed_guidelines_approved_and_earlier_in_the_day(extractors):
    text = "Koizumi and Kim Jong Il signed the Japan-DPRK Pyongyang Declaration on Sept. 17, 2002."
    assert [e[:4] for e in events(text, extractors)] == [
        ("declaration", "2002-09-17", "day", ("JPN", "PRK"))
    ]
    text = "The Japan-U.S. guidelines, first approved on 27 November 1978, were revised later."
    assert [e[:2] for e in events(text, extractors)] == [("declaration", "1978-11-27")]
    text = (
        "President Yoon Suk Yeol met Joe Biden on Wednesday. Earlier in the day, Yoon met "
        "Vice President Kamala Harris."
    )
    found = [e[:2] for e in events(text, extractors, date(2023, 4, 27))]
    assert found.count(("summit", "2023-04-26")) == 1
    assert ("official_meeting", "2023-04-26") in found


def test_a_week_before_dates_what_follows_and_protests_brushed_aside(extractors):
    text = (
        "North Korea fired two ballistic missiles on Oct. 22, a week before the summit of "
        "Lee Jae-myung and Donald Trump."
    )
    found = {e[0]: e[1] for e in events(text, extractors, date(2025, 10, 23))}
    assert found == {"missile_test_or_provocation": "2025-10-22", "summit": "2025-10-29"}
    text = "Seoul and Tokyo signed the pact on Wednesday, brushing aside street protests."
    assert {e[0] for e in events(text, extractors)} == {"treaty_signing"}


def test_a_crowd_that_rallies_or_surrounds_is_a_protest(extractors):
    text = "About 2,000 people surrounded the prefectural office in Okinawa on Dec. 24, 2013."
    assert [e[:4] for e in events(text, extractors)] == [
        ("domestic_political", "2013-12-24", "day", ("JPN",))
    ]
    text = "The ministers of Japan and South Korea gathered in Tokyo on March 3, 2024."
    assert "domestic_political" not in {e[0] for e in events(text, extractors)}


def test_withdrawals_from_treaties_bodies_set_up_and_tentative_deals(extractors):
    text = "North Korea withdrew from the Nuclear Non-Proliferation Treaty in January 2003."
    assert [e[:4] for e in events(text, extractors)] == [("other", "2003-01-01", "month", ("PRK",))]
    for text, day in (
        ("The commission, set up by the governments of Japan and Korea in May 1996, met.",
         "1996-05-01"),
        ("Negotiators reached a tentative deal in late March 2020.", "2020-03-01"),
    ):  # fmt: skip
        assert ("other", day) in {e[:2] for e in events(text, extractors)}, text


def test_hand_overs_site_choices_revisions_and_missiles_sent_over(extractors):
    cases = {
        "North Korea sent a ballistic missile over Japan on Oct. 4, 2022.": (
            "missile_test_or_provocation",
            "2022-10-04",
        ),
        "Wartime operational control was handed to Seoul on 1 December 2025.": (
            "other",
            "2025-12-01",
        ),
        "Seongju was chosen as the site on July 13, 2016.": ("other", "2016-07-13"),
        "The SOFA was revised in 1991.": ("other", "1991-01-01"),
        "The island's reversion to Japan in 1972 ended U.S. rule.": ("other", "1972-01-01"),
        "The drills were shelved in June 2018.": ("other", "2018-06-01"),
    }
    for text, want in cases.items():
        assert want in {e[:2] for e in events(text, extractors)}, text


def test_signed_it_negotiations_resumed_sitting_down_and_whose_election(extractors):
    assert ("treaty_signing", "2016-11-14") in {
        e[:2] for e in events("Negotiators initialed it in Tokyo on Nov. 14, 2016.", extractors)
    }
    assert events("The president signed it into law on Dec. 20, 2019.", extractors) == []
    for text in (
        "Japan and South Korea resumed negotiations on Nov. 1, 2016.",
        "Officials of Japan and South Korea will sit down in Seoul on Nov. 1, 2016.",
    ):
        assert {e[:2] for e in events(text, extractors)} == {("official_meeting", "2016-11-01")}
    text = (
        "Japan's ruling party lost ground. Japan and its ally the United States watched as "
        "Japan held its vote. Turnout in the July 20, 2025 House of Councillors election "
        "was low."
    )
    (e,) = [e for e in events(text, extractors) if e[0] == "domestic_political"]
    assert e[3] == ("JPN",)


def test_a_joint_statement_is_of_its_meeting_and_of_the_parties_it_names(extractors):
    text = (
        "Yoon Suk Yeol and Joe Biden met at the White House on April 26, 2023. The two "
        "leaders also adopted a joint statement that builds on the 2018 Singapore joint "
        "statement."
    )
    found = {e[0]: e[1] for e in events(text, extractors)}
    assert found["declaration"] == "2023-04-26"
    text = "The Singapore joint statement, which the two leaders signed on June 12, 2018, holds."
    assert [e[:4] for e in events(text, extractors)] == [
        ("declaration", "2018-06-12", "day", ("PRK", "USA"))
    ]


def test_a_curated_event_is_one_row_whatever_its_keys():
    """Reports of a curated event under two keys (one source states the day, one only
    the month) are one event, with the curated id: ids stay unique."""
    from dataclasses import replace

    from extract.consolidate import merge_events
    from extract.events import EventMention

    day = EventMention("summit", date(2023, 8, 18), None, "day", ("JPN", "KOR", "USA"), None,
                       None, "Camp David Summit", "summit-2023-08-18-jpn-kor-usa", 0, 10, 0.9,
                       "sentence", "camp-david-summit-2023")  # fmt: skip
    month = replace(day, date_start=date(2023, 8, 1), date_precision="month",
                    key="summit-2023-08-jpn-kor-usa")  # fmt: skip
    other = replace(day, key="summit-2023-08-18-jpn-usa", participants=("JPN", "USA"),
                    named_id=None)  # fmt: skip
    merged = merge_events([("a", day), ("b", month), ("c", other)])
    assert sorted(m.event_id for m in merged) == [
        "camp-david-summit-2023", "summit-2023-08-18-jpn-usa",
    ]  # fmt: skip
    (camp,) = [m for m in merged if m.event_id == "camp-david-summit-2023"]
    assert camp.n_sources == 2 and camp.event.date_precision == "day"
