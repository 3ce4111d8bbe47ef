"""Read and validate the place and crisis-centre files; every error names file, row and field."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any, cast

from bot.knowledge.model import ID_PATTERN, require
from bot.knowledge.store import read_yaml
from bot.lookup.model import AliasKind, LookupDataError, Municipality, PlaceAlias, PoliceDistrict

NUMBER = re.compile(r"^\d{4}$")
URL = re.compile(r"^https?://\S+$")
BASES = {"named-in-source", "derived", "old-name-mapped"}
STATUSES = {"active", "winding_down", "closed", "uncertain"}
ALIAS_KINDS = {"former_municipality", "town"}
DISTRICT_BASES = {"county_rule", "county_rule_confirmed", "exception"}


def need(row: dict[str, Any], key: str, where: str) -> str:
    """`row[key]` as a stripped string, or raise naming the file and entry."""
    try:
        return str(require(row, key, where)).strip()
    except ValueError as e:
        raise LookupDataError(str(e)) from e


def read_csv(path: Path, columns: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
    """Rows of a CSV file with `where` ("file: rad N") for error messages."""
    try:
        with path.open(encoding="utf8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise LookupDataError(f"{path.name}: mangler kolonnene {missing}")
            return [(f"{path.name}: rad {n}", row) for n, row in enumerate(reader, start=2)]
    except OSError as e:
        raise LookupDataError(f"{path.name}: kan ikke leses: {e}") from e


def source_keys(path: Path) -> set[str]:
    """Keys of municipality_sources.yml."""
    keys = set()
    for index, entry in enumerate(read_yaml(path).get("sources") or []):
        keys.add(need(entry, "id", f"{path.name}: sources[{index}]"))
        need(entry, "description", f"{path.name}: sources[{index}]")
    return keys


def load_districts(path: Path) -> dict[str, PoliceDistrict]:
    """The police districts, with the shared source of the 2016 reform."""
    data = read_yaml(path)
    source = data.get("source") or {}
    urls = tuple(source.get("urls") or ())
    if not urls or not all(URL.match(u) for u in urls):
        raise LookupDataError(f"{path.name}: source: mangler feltet 'urls' (nettadresser)")
    date = need(source, "source_date", f"{path.name}: source")
    result: dict[str, PoliceDistrict] = {}
    for index, entry in enumerate(data.get("districts") or []):
        where = f"{path.name}: districts[{index}]"
        district_id = need(entry, "id", where)
        if not ID_PATTERN.match(district_id) or district_id in result:
            raise LookupDataError(f"{where}: ugyldig eller gjentatt id {district_id!r}")
        result[district_id] = PoliceDistrict(
            id=district_id,
            name=need(entry, "name", where),
            short_name=need(entry, "short_name", where),
            counties=tuple(require(entry, "counties", where)),
            coverage=need(entry, "coverage", where),
            sources=urls,
            source_date=date,
        )
    if not result:
        raise LookupDataError(f"{path.name}: mangler listen 'districts'")
    return result


def load_municipalities(
    path: Path, districts: dict[str, PoliceDistrict], keys: set[str]
) -> dict[str, Municipality]:
    """Municipalities by number; each number and each (name, county) once."""
    columns = ("number", "name", "county", "police_district", "qualified_name", "alt_names")
    result: dict[str, Municipality] = {}
    for where, row in read_csv(path, (*columns, "sources", "district_basis")):
        number = need(row, "number", where)
        if not NUMBER.match(number):
            raise LookupDataError(f"{where}: 'number' skal ha fire sifre, fikk {number!r}")
        if number in result:
            raise LookupDataError(f"{where}: kommunenummer {number} finnes to ganger")
        district = need(row, "police_district", where)
        if district not in districts:
            raise LookupDataError(f"{where}: ukjent politidistrikt {district!r}")
        sources = tuple(s for s in need(row, "sources", where).split("|") if s)
        if unknown := [s for s in sources if s not in keys]:
            raise LookupDataError(f"{where}: ukjente kilder {unknown} i 'sources'")
        basis = need(row, "district_basis", where)
        if basis not in DISTRICT_BASES:
            raise LookupDataError(f"{where}: ugyldig 'district_basis' {basis!r}")
        result[number] = Municipality(
            number=number,
            name=need(row, "name", where),
            county=need(row, "county", where),
            police_district=district,
            alt_names=tuple(a for a in (row.get("alt_names") or "").split("|") if a),
            qualified_name=(row.get("qualified_name") or "").strip() or None,
            sources=sources,
            district_basis=basis,
        )
    return result


def load_aliases(path: Path, municipalities: dict[str, Municipality]) -> list[PlaceAlias]:
    """Former municipalities and towns; each must map to an existing municipality."""
    result: list[PlaceAlias] = []
    seen: set[tuple[str, str]] = set()
    columns = ("alias", "municipality_number", "kind", "note", "source", "source_date")
    for where, row in read_csv(path, columns):
        alias, number = need(row, "alias", where), need(row, "municipality_number", where)
        if number not in municipalities:
            raise LookupDataError(f"{where}: '{alias}' peker til ukjent kommunenummer {number!r}")
        if (alias, number) in seen:
            raise LookupDataError(f"{where}: '{alias}' → {number} finnes to ganger")
        seen.add((alias, number))
        kind = need(row, "kind", where)
        if kind not in ALIAS_KINDS:
            raise LookupDataError(f"{where}: ugyldig 'kind' {kind!r}")
        source = need(row, "source", where)
        if not URL.match(source):
            raise LookupDataError(f"{where}: 'source' skal være en nettadresse, fikk {source!r}")
        result.append(
            PlaceAlias(
                alias=alias,
                municipality_number=number,
                kind=cast(AliasKind, kind),
                note=need(row, "note", where),
                source=source,
                source_date=need(row, "source_date", where),
            )
        )
    return result
