"""One Pandera model per published table: the contract users rely on.

The models are the single source of column names, types, constraints, titles
and descriptions: the Parquet schema, the Data Package and the codebook are
all derived from them.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from extract.force_posture import METRICS as FORCE_METRICS
from extract.force_posture import QUALIFIERS as FORCE_QUALIFIERS
from extract.parts import PARTS
from schemas.types import Bool, Date, Float, Int, String, StringList

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SHA256 = r"^[0-9a-f]{64}$"
ALPHA3 = r"^[A-Z]{3}$"
DATE_PRECISIONS = ["day", "month", "year", "decade", "approximate"]
ACTOR_TYPES = ["state", "person", "organization", "military_unit", "forum"]
MENTION_KINDS = ["name", "acronym", "titled", "demonym", "surname", "capital"]
RECORD_TABLES = [
    "mentions", "events", "agreements", "force_posture", "people", "publications", "citations",
    "topics", "recommendations",
]  # fmt: skip
EVENT_TYPES = [
    "summit", "ministerial_meeting", "official_meeting", "exercise", "treaty_signing",
    "declaration", "missile_test_or_provocation", "deployment", "domestic_political", "other",
]  # fmt: skip
PLOVER_TYPES = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip
AGREEMENT_TYPES = [
    "treaty", "declaration", "joint_statement", "agreement", "fta", "sofa", "guidelines",
    "armistice",
]  # fmt: skip


class _Base(pa.DataFrameModel):
    class Config:
        strict = True  # no column beyond the contract
        coerce = False


class Documents(_Base):
    """One row per registered source text."""

    doc_id: Series[String] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Document id",
        description="Stable slug of the source, as registered in raw/sources.yaml.",
    )
    title: Series[String] = pa.Field(
        str_length={"min_value": 1},
        title="Title",
        description="Title of the source; in [brackets] when supplied by TRILAT.",
    )
    title_supplied: Series[Bool] = pa.Field(
        title="Title supplied",
        description="True when the source states no title of its own.",
    )
    publisher: Series[String] = pa.Field(title="Publisher", description="Publishing organisation.")
    authors: Series[StringList] = pa.Field(
        title="Authors",
        description="Authors in byline order; empty when none is stated.",
    )
    published: Series[Date] = pa.Field(
        nullable=True,
        title="Publication date",
        description="First day of the stated publication date; null when none is stated.",
    )
    date_precision: Series[String] = pa.Field(
        nullable=True,
        isin=["day", "month", "year"],
        title="Date precision",
        description="Precision of `published`: day, month or year.",
    )
    url: Series[String] = pa.Field(
        nullable=True,
        str_matches=r"^https?://\S+$",
        title="URL",
        description="Where it is published.",
    )
    license: Series[String] = pa.Field(
        title="Licence",
        description="SPDX identifier of the source's licence, or LicenseRef-*.",
    )
    kind: Series[String] = pa.Field(
        title="Kind",
        description="Genre: article, commentary, policy_brief, journal_roundtable, ...",
    )
    language: Series[String] = pa.Field(
        str_matches=r"^[a-z]{2}$",
        title="Language",
        description="ISO 639-1 code of the text.",
    )
    snapshot_sha256: Series[String] = pa.Field(
        str_matches=SHA256,
        title="Snapshot sha256",
        description="sha256 of the snapshot file (bytes as fetched or registered).",
    )
    content_sha256: Series[String] = pa.Field(
        str_matches=SHA256,
        title="Text sha256",
        description="sha256 of the normalised UTF-8 document text that all offsets point into.",
    )
    n_chars: Series[Int] = pa.Field(
        ge=1,
        title="Characters",
        description="Length of the document text in code points.",
    )
    n_sentences: Series[Int] = pa.Field(
        ge=0,
        title="Sentences",
        description="Sentences outside page boilerplate.",
    )


class Actors(_Base):
    """One row per canonical actor mentioned at least once."""

    actor_id: Series[String] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Actor id",
        description="Stable slug from reference/actors.yaml.",
    )
    name: Series[String] = pa.Field(title="Name", description="Canonical name.")
    actor_type: Series[String] = pa.Field(
        isin=ACTOR_TYPES,
        title="Actor type",
        description="state, person, organization, military_unit or forum.",
    )
    country: Series[String] = pa.Field(
        nullable=True,
        str_matches=ALPHA3,
        title="Country",
        description="ISO 3166-1 alpha-3 of the actor's state; null for international bodies.",
    )
    aliases: Series[StringList] = pa.Field(
        title="Aliases",
        description="Names that denote the actor (demonyms and capitals excluded).",
    )
    wikidata_id: Series[String] = pa.Field(
        nullable=True,
        str_matches=r"^Q[1-9]\d*$",
        title="Wikidata id",
        description="Wikidata item; null where not yet checked.",
    )
    cow_code: Series[Int] = pa.Field(
        nullable=True,
        ge=1,
        le=999,
        title="COW code",
        description="States: Correlates of War state number, to join with COW, ATOP, MID and "
        "similar data; null for other actors.",
    )
    gw_code: Series[Int] = pa.Field(
        nullable=True,
        ge=1,
        le=999,
        title="Gleditsch-Ward code",
        description="States: Gleditsch-Ward state number, to join with UCDP and similar data; "
        "null for other actors.",
    )
    n_mentions: Series[Int] = pa.Field(
        ge=1,
        title="Mentions",
        description="Mentions in all documents, in every part of them "
        "(mentions.part says which; count the body for salience).",
    )
    n_documents: Series[Int] = pa.Field(
        ge=1,
        title="Documents",
        description="Documents that mention the actor.",
    )


class Mentions(_Base):
    """One row per span of text that names an actor."""

    mention_id: Series[String] = pa.Field(
        unique=True,
        title="Mention id",
        description="`<doc_id>@<start>-<end>`.",
    )
    doc_id: Series[String] = pa.Field(title="Document id", description="Document of the mention.")
    start: Series[Int] = pa.Field(ge=0, title="Start", description="Offset of the first character.")
    end: Series[Int] = pa.Field(ge=1, title="End", description="Offset after the last character.")
    text: Series[String] = pa.Field(
        str_length={"min_value": 1},
        title="Text",
        description="The document text at [start:end].",
    )
    actor_id: Series[String] = pa.Field(title="Actor id", description="The actor named.")
    mention_kind: Series[String] = pa.Field(
        isin=MENTION_KINDS,
        title="Mention kind",
        description="name, acronym, titled (title + surname), demonym, surname (after a full "
        "mention) or capital (a capital standing for its government).",
    )
    confidence: Series[Float] = pa.Field(
        ge=0,
        le=1,
        title="Confidence",
        description="Prior precision of this kind of link.",
    )
    part: Series[String] = pa.Field(
        isin=PARTS,
        title="Part",
        description="The part of the document the mention is in: body (the running text), "
        "title, byline, caption, contents (a table of contents), author_note (a "
        "contributor's note) or notes (endnotes). Count salience on the body.",
    )

    @pa.dataframe_check(error="end must be greater than start")
    def _span(cls, df):
        return df["end"] > df["start"]


class Events(_Base):
    """One row per dated event, merged across the sentences and sources that report it."""

    event_id: Series[String] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Event id",
        description="Derived from the natural key (type, date as precisely as stated, "
        "participants): the same event keeps its id across releases and sources.",
    )
    event_type: Series[String] = pa.Field(
        isin=EVENT_TYPES,
        title="Event type",
        description="TRILAT event type.",
    )
    plover_type: Series[String] = pa.Field(
        nullable=True,
        isin=PLOVER_TYPES,
        title="PLOVER type",
        description="The PLOVER event type it maps to; null for domestic political events.",
    )
    date_start: Series[Date] = pa.Field(
        title="Start date",
        description="First day of the most precise date any report states.",
    )
    date_end: Series[Date] = pa.Field(
        nullable=True,
        title="End date",
        description="Last day of a range or period; null for a day.",
    )
    date_precision: Series[String] = pa.Field(
        isin=DATE_PRECISIONS,
        title="Date precision",
        description="day, month, year, decade or approximate (as ACLED and UCDP code it).",
    )
    participants: Series[StringList] = pa.Field(
        title="Participants",
        description="ISO 3166-1 alpha-3 codes of the states taking part.",
    )
    location: Series[String] = pa.Field(
        nullable=True,
        title="Location",
        description="City or site, when a report states it.",
    )
    location_country: Series[String] = pa.Field(
        nullable=True,
        str_matches=ALPHA3,
        title="Location country",
        description="ISO alpha-3 of the location's country.",
    )
    title: Series[String] = pa.Field(title="Title", description="Short label of the event.")
    n_sources: Series[Int] = pa.Field(
        ge=1,
        title="Sources",
        description="Documents that report the event.",
    )
    date_source: Series[String] = pa.Field(
        isin=("sentence", "document", "vocabulary"),
        title="Date source",
        description="Where the date comes from: stated in full in the sentence ('sentence'), "
        "resolved against the document's dateline or publication date ('document': 'on "
        "Monday', 'June 15', 'last month'), or a curated vocabulary ('vocabulary'), when no "
        "report states one.",
    )

    @pa.dataframe_check(error="date_end must not be before date_start")
    def _dates(cls, df):
        return df["date_end"].isna() | (df["date_end"] >= df["date_start"])


class Agreements(_Base):
    """One row per treaty, declaration or agreement that a source mentions."""

    agreement_id: Series[String] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Agreement id",
        description="Curated id from reference/agreements.yaml, or new-<slug of the name> for "
        "an agreement outside the vocabulary.",
    )
    name: Series[String] = pa.Field(
        title="Name", description="Canonical name, or the name as written."
    )
    agreement_type: Series[String] = pa.Field(
        isin=AGREEMENT_TYPES,
        title="Agreement type",
        description="treaty, declaration, joint_statement, agreement, fta (trade agreement), "
        "sofa (status of forces), guidelines or armistice.",
    )
    date_signed: Series[Date] = pa.Field(
        nullable=True,
        title="Date signed",
        description="Date signed or adopted; null when unknown.",
    )
    date_precision: Series[String] = pa.Field(
        nullable=True,
        isin=DATE_PRECISIONS,
        title="Date precision",
        description="Precision of date_signed.",
    )
    parties: Series[StringList] = pa.Field(
        title="Parties",
        description="ISO alpha-3 codes of the parties (as far as known).",
    )
    curated: Series[Bool] = pa.Field(
        title="Curated",
        description="True when the agreement is in reference/agreements.yaml.",
    )
    n_sources: Series[Int] = pa.Field(
        ge=1, title="Sources", description="Documents that mention it."
    )


class ForcePosture(_Base):
    """One row per stated figure of forces, as the source states it."""

    observation_id: Series[String] = pa.Field(
        unique=True,
        title="Observation id",
        description="`<doc_id>@<start>-<end>` of the figure.",
    )
    doc_id: Series[String] = pa.Field(title="Document id", description="Document that states it.")
    metric: Series[String] = pa.Field(
        isin=FORCE_METRICS,
        title="Metric",
        description="What is counted: us_military_personnel (all services), "
        "us_military_and_civilian_personnel, us_army_personnel, us_navy_personnel, "
        "us_air_force_personnel, us_marine_corps_personnel, us_major_bases, "
        "us_air_force_bases, us_military_facilities, host_nation_military_personnel (the "
        "host state's own forces), foreign_military_personnel (a third state's).",
    )
    host_country: Series[String] = pa.Field(
        str_matches=ALPHA3,
        title="Host country",
        description="Where the forces are.",
    )
    deploying_country: Series[String] = pa.Field(
        nullable=True,
        str_matches=ALPHA3,
        title="Deploying country",
        description="Whose forces, when stated.",
    )
    value: Series[Int] = pa.Field(ge=0, title="Value", description="The stated number.")
    approximate: Series[Bool] = pa.Field(
        title="Approximate",
        description="True for about, some, nearly, more than, ...",
    )
    qualifier: Series[String] = pa.Field(
        nullable=True,
        isin=FORCE_QUALIFIERS,
        title="Qualifier",
        description="For a bound: more_than ('more than', 'over'), up_to ('nearly', 'up to', "
        "'as many as'), at_least, fewer_than; null for a point figure.",
    )
    as_of: Series[Date] = pa.Field(
        nullable=True,
        title="As of",
        description="Date the figure refers to: stated in the sentence, else the document's date.",
    )
    as_of_precision: Series[String] = pa.Field(
        nullable=True,
        isin=DATE_PRECISIONS,
        title="As-of precision",
        description="Precision of as_of.",
    )


class People(_Base):
    """One row per person the sources describe with a role, across sources."""

    person_id: Series[String] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Person id",
        description="Slug of the name (ASCII): stable across sources and releases.",
    )
    name: Series[String] = pa.Field(title="Name", description="Name as first stated.")
    position: Series[String] = pa.Field(
        nullable=True,
        title="Position",
        description="Position as first stated ('Associate Professor', 'Prime Minister').",
    )
    organization: Series[String] = pa.Field(
        nullable=True,
        title="Organisation",
        description="Organisation of that position.",
    )
    organization_country: Series[String] = pa.Field(
        nullable=True,
        str_matches=ALPHA3,
        title="Organisation country",
        description="ISO alpha-3 of the organisation's country, when stated.",
    )
    actor_id: Series[String] = pa.Field(
        nullable=True,
        title="Actor id",
        description="The curated actor, for officials.",
    )
    n_documents: Series[Int] = pa.Field(ge=1, title="Documents", description="Sources naming them.")


class Publications(_Base):
    """One row per authored work listed in a source (a byline, a table of contents)."""

    publication_id: Series[String] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Publication id",
        description="Slug of the title.",
    )
    doc_id: Series[String] = pa.Field(title="Document id", description="Source that lists it.")
    title: Series[String] = pa.Field(title="Title", description="Title as printed.")
    authors: Series[StringList] = pa.Field(
        title="Authors",
        description="person_id of each author, in order.",
    )
    container: Series[String] = pa.Field(
        nullable=True,
        title="Container",
        description="Journal, collection or publisher.",
    )
    published: Series[Date] = pa.Field(
        nullable=True,
        title="Published",
        description="Date of the source that lists it (first day of its period).",
    )
    date_precision: Series[String] = pa.Field(
        nullable=True,
        isin=["day", "month", "year"],
        title="Date precision",
        description="Precision of `published`: day, month or year; null when it is null.",
    )


class Citations(_Base):
    """One row per work cited in a source's notes."""

    citation_id: Series[String] = pa.Field(
        unique=True,
        title="Citation id",
        description="`<doc_id>@<start>-<end>` of the work.",
    )
    doc_id: Series[String] = pa.Field(title="Document id", description="Citing document.")
    note: Series[String] = pa.Field(title="Note", description="Number of the note.")
    raw: Series[String] = pa.Field(title="Raw", description="The reference as written.")
    authors: Series[StringList] = pa.Field(title="Authors", description="Cited authors.")
    title: Series[String] = pa.Field(nullable=True, title="Title", description="Cited title.")
    container: Series[String] = pa.Field(
        nullable=True,
        title="Container",
        description="Journal, book, publisher or outlet.",
    )
    year: Series[Int] = pa.Field(
        nullable=True,
        ge=1500,
        le=2100,
        title="Year",
        description="Year of publication.",
    )
    url: Series[String] = pa.Field(nullable=True, title="URL", description="Link, when given.")
    kind: Series[String] = pa.Field(
        isin=["journal_article", "chapter", "book", "article", "other"],
        title="Kind",
        description="journal_article, chapter, book, article (incl. web pages) or other.",
    )


class Topics(_Base):
    """One row per issue area a document speaks of."""

    doc_id: Series[String] = pa.Field(title="Document id", description="The document.")
    topic: Series[String] = pa.Field(
        str_matches=SLUG,
        title="Topic",
        description="Topic id from reference/topics.yaml.",
    )
    n_sentences: Series[Int] = pa.Field(
        ge=1,
        title="Sentences",
        description="Body sentences that name the topic.",
    )
    share: Series[Float] = pa.Field(
        ge=0,
        le=1,
        title="Share",
        description="n_sentences / body sentences of the document (the running text: not "
        "its table of contents, contributors' notes or endnotes).",
    )


class Recommendations(_Base):
    """One row per policy recommendation a source states in its own voice."""

    recommendation_id: Series[String] = pa.Field(
        unique=True,
        title="Recommendation id",
        description="`<doc_id>@<start>-<end>`.",
    )
    doc_id: Series[String] = pa.Field(title="Document id", description="Recommending source.")
    author: Series[String] = pa.Field(
        nullable=True,
        title="Author",
        description="Author of the text it stands in.",
    )
    addressees: Series[StringList] = pa.Field(
        title="Addressees",
        description="ISO alpha-3 of the states it addresses.",
    )
    topic: Series[String] = pa.Field(
        nullable=True,
        title="Topic",
        description="First topic the sentence names.",
    )
    text: Series[String] = pa.Field(
        title="Text",
        description="The sentence (a short excerpt for restricted sources).",
    )


class Evidence(_Base):
    """One row per span of text that supports a record of another table."""

    record_table: Series[String] = pa.Field(
        isin=RECORD_TABLES,
        title="Record table",
        description="Table of the supported record.",
    )
    record_id: Series[String] = pa.Field(
        title="Record id", description="Id of the supported record."
    )
    doc_id: Series[String] = pa.Field(title="Document id", description="Document of the span.")
    start: Series[Int] = pa.Field(ge=0, title="Start", description="Offset of the first character.")
    end: Series[Int] = pa.Field(ge=1, title="End", description="Offset after the last character.")
    quote: Series[String] = pa.Field(
        str_length={"min_value": 1},
        title="Quote",
        description="The document text at [start:end], the supporting sentence; for a source "
        "whose licence does not allow redistribution, its first 200 characters at most (see "
        "quote_complete).",
    )
    quote_complete: Series[Bool] = pa.Field(
        title="Quote complete",
        description="True when quote is the whole span; False for a short excerpt, which is "
        "the beginning of text[start:end].",
    )
    extractor: Series[String] = pa.Field(
        title="Extractor", description="Extractor that made the record."
    )
    extractor_version: Series[String] = pa.Field(
        str_matches=r"^\d+\.\d+\.\d+\+[0-9a-f]{12}$",
        title="Extractor version",
        description="The extractor's declared semantic version, then `+` and 12 hex digits "
        "of a sha256 of its code and the vocabularies it reads (trilat/provenance.py): a "
        "change in either changes it.",
    )
    confidence: Series[Float] = pa.Field(
        ge=0,
        le=1,
        title="Confidence",
        description="Confidence of the extraction.",
    )

    @pa.dataframe_check(error="end must be greater than start")
    def _span(cls, df):
        return df["end"] > df["start"]


class Changes(_Base):
    """One row per record added, removed or modified since the previous release: by
    table, then added, modified and removed records, each in the table's key order."""

    table: Series[String] = pa.Field(title="Table", description="Table of the record.")
    record_id: Series[String] = pa.Field(
        title="Record id",
        description="Primary key of the record ('|' joins composite keys).",
    )
    change: Series[String] = pa.Field(
        isin=["added", "removed", "modified"],
        title="Change",
        description="added, removed or modified.",
    )
    modified_columns: Series[StringList] = pa.Field(
        title="Modified columns",
        description="Columns whose value changed (modified only).",
    )
