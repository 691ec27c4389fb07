"""One Pandera model per published table: the contract users rely on.

The models are the single source of column names, types, constraints, titles
and descriptions: the Parquet schema, the Data Package and the codebook are
all derived from them.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from schemas.types import Bool, Date, Float, Int, String, StringList

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SHA256 = r"^[0-9a-f]{64}$"
ALPHA3 = r"^[A-Z]{3}$"
DATE_PRECISIONS = ["day", "month", "year", "decade", "approximate"]
ACTOR_TYPES = ["state", "person", "organization", "military_unit", "forum"]
MENTION_KINDS = ["name", "acronym", "titled", "demonym", "surname", "capital"]
RECORD_TABLES = ["mentions"]


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
        str_matches=r"^https?://",
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
    n_mentions: Series[Int] = pa.Field(
        ge=1, title="Mentions", description="Mentions in all documents."
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

    @pa.dataframe_check(error="end must be greater than start")
    def _span(cls, df):
        return df["end"] > df["start"]


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
        description="The document text at [start:end]: the supporting sentence.",
    )
    extractor: Series[String] = pa.Field(
        title="Extractor", description="Extractor that made the record."
    )
    extractor_version: Series[String] = pa.Field(
        str_matches=r"^\d+\.\d+\.\d+$",
        title="Extractor version",
        description="Semantic version of the extractor.",
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
