"""The municipality files: municipalities.csv, place_aliases.csv, police districts, sources.

A CSV file is one model per row; a row's problems name the file and its line.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import validator

from bot.schemas.base import Id, Strict, Text
from bot.schemas.checks import Problem, non_empty, unique_ids
from bot.schemas.places.fields import Number, Url, pipe_list
from bot.schemas.reading import DataError, parse, read_yaml, refuse


class MunicipalitySource(Strict):
    """A source behind municipalities.csv (its `sources` column holds these ids)."""

    id: Text
    description: Text
    publisher: Text
    url: Url | None = None
    year: int | None = None


class MunicipalitySourcesFile(Strict):
    """municipality_sources.yml; `recheck` lists municipality numbers to look at again."""

    sources: tuple[MunicipalitySource, ...]
    recheck: tuple[Number, ...] = ()

    _entries = non_empty("sources")
    _unique = unique_ids("sources")


class DistrictsSource(Strict):
    """The one source of the 2016 police-district reform."""

    urls: tuple[Url, ...]
    source_date: Text
    note: Text | None = None

    _urls = non_empty("urls")


class PoliceDistrict(Strict):
    """One of the 12 police districts; `counties` are checked against municipalities.csv."""

    id: Id
    name: Text
    short_name: Text
    counties: tuple[Text, ...]
    coverage: Text

    _counties = non_empty("counties")


class PoliceDistrictsFile(Strict):
    """police_districts.yml."""

    source: DistrictsSource
    districts: tuple[PoliceDistrict, ...]

    _entries = non_empty("districts")
    _unique = unique_ids("districts")


class Municipality(Strict):
    """A municipality of 2024 (a row of municipalities.csv)."""

    number: Number
    name: Text
    county: Text
    police_district: Id
    qualified_name: Text | None = None  # "Herøy (Nordland)" where the name is shared
    alt_names: tuple[Text, ...] = ()  # official Sami and Kven names
    sources: tuple[Text, ...]  # ids in municipality_sources.yml
    district_basis: Literal["county_rule", "county_rule_confirmed", "exception"]

    _lists = validator("alt_names", "sources", pre=True, allow_reuse=True)(pipe_list)
    _sources = non_empty("sources")

    @property
    def display_name(self) -> str:
        """The name to show: qualified by county where two municipalities share it."""
        return self.qualified_name or self.name


class PlaceAlias(Strict):
    """A former municipality or a town, mapped to today's municipality (place_aliases.csv)."""

    alias: Text
    municipality_number: Number
    kind: Literal["former_municipality", "town"]
    note: Text
    source: Url
    source_date: Text


class PlaceTopics(Strict):
    """place_topics.yml: topics after which a municipality named in the question is looked up."""

    centre: tuple[Id, ...] = ()
    district: tuple[Id, ...] = ()

    @validator("district")
    def _one_service(cls, district: tuple[str, ...], values: dict[str, Any]) -> tuple[str, ...]:
        both = sorted(set(district) & set(values.get("centre", ())))
        if both:
            raise ValueError(f"{both} står også under 'centre'")
        return district

    def services(self) -> dict[str, Literal["centre", "district"]]:
        """Topic id → the look-up that follows it."""
        found: dict[str, Literal["centre", "district"]] = dict.fromkeys(self.centre, "centre")
        return {**found, **dict.fromkeys(self.district, "district")}


def _rows(model: type[Strict], path: Path) -> Iterator[tuple[str, dict[str, str], Any]]:
    """(where, raw row, parsed row) for each row of a CSV file; empty cells count as absent."""
    try:
        with path.open(encoding="utf8", newline="") as handle:
            raw_rows = list(csv.DictReader(handle))
    except OSError as e:
        raise DataError(f"{path}: kan ikke leses ({e})") from e
    for line, raw in enumerate(raw_rows, start=2):
        row = {key: value for key, value in raw.items() if value not in ("", None)}
        yield f"{path}, rad {line}", row, parse(model, row, path=f"{path}, rad {line}")


def load_municipalities(
    path: Path, districts: Collection[str], sources: Collection[str]
) -> dict[str, Municipality]:
    """municipalities.csv by number: each number once, its district and sources known."""
    found: dict[str, Municipality] = {}
    for where, row, municipality in _rows(Municipality, path):
        problems: list[Problem] = []
        if municipality.number in found:
            problems.append((("number",), f"kommunenummer {municipality.number} finnes to ganger"))
        if municipality.police_district not in districts:
            problems.append(
                (("police_district",), f"ukjent politidistrikt '{row['police_district']}'")
            )
        problems += [
            (("sources",), f"ukjent kilde '{s}'") for s in municipality.sources if s not in sources
        ]
        refuse(Municipality, row, problems, path=where)
        found[municipality.number] = municipality
    return found


def load_aliases(path: Path, municipalities: Collection[str]) -> tuple[PlaceAlias, ...]:
    """place_aliases.csv: each (alias, municipality) once, every municipality known."""
    found: list[PlaceAlias] = []
    seen: set[tuple[str, str]] = set()
    for where, row, alias in _rows(PlaceAlias, path):
        problems: list[Problem] = []
        key = (alias.alias, alias.municipality_number)
        if alias.municipality_number not in municipalities:
            message = f"'{alias.alias}' peker til ukjent kommunenummer '{key[1]}'"
            problems.append((("municipality_number",), message))
        if key in seen:
            problems.append((("alias",), f"'{alias.alias}' → {key[1]} finnes to ganger"))
        refuse(PlaceAlias, row, problems, path=where)
        seen.add(key)
        found.append(alias)
    return tuple(found)


def load_topics(path: Path, known: Collection[str] | None) -> PlaceTopics:
    """place_topics.yml; every topic among `known` (the knowledge topics) unless None."""
    raw = read_yaml(path)
    topics = parse(PlaceTopics, raw, path=path)
    if known is not None:
        problems: list[Problem] = [
            ((service, i), f"ukjent emne '{topic}' (se topics.yml)")
            for service in ("centre", "district")
            for i, topic in enumerate(getattr(topics, service))
            if topic not in known
        ]
        refuse(PlaceTopics, raw, problems, path=path)
    return topics
