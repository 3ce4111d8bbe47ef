"""Read and validate crisis_centres.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from bot.knowledge.model import ID_PATTERN
from bot.knowledge.store import read_yaml
from bot.lookup.load import BASES, STATUSES, URL, need
from bot.lookup.model import (
    Centre,
    CentreLink,
    CentreStatus,
    LinkBasis,
    LookupDataError,
    Municipality,
    Phone,
)
from bot.lookup.phone import is_norwegian_number


def _source(entry: dict[str, Any], where: str) -> str:
    """A URL, or any text when the research only saw the fact through `via`."""
    source = need(entry, "source", where)
    if not URL.match(source) and not entry.get("via"):
        raise LookupDataError(f"{where}: 'source' skal være en nettadresse, fikk {source!r}")
    return source


def _links(
    entry: dict[str, Any], where: str, municipalities: dict[str, Municipality]
) -> tuple[CentreLink, ...]:
    links: list[CentreLink] = []
    for index, link in enumerate(entry.get("municipalities") or []):
        here = f"{where}: municipalities[{index}]"
        number = need(link, "number", here)
        if number not in municipalities:
            raise LookupDataError(f"{here}: ukjent kommunenummer {number!r}")
        if any(existing.number == number for existing in links):
            raise LookupDataError(f"{here}: kommune {number} er oppført to ganger")
        basis = need(link, "basis", here)
        if basis not in BASES:
            raise LookupDataError(f"{here}: ugyldig 'basis' {basis!r}")
        links.append(
            CentreLink(
                number=number,
                basis=cast(LinkBasis, basis),
                source=_source(link, here),
                source_date=need(link, "source_date", here),
                basis_detail=link.get("basis_detail"),
                note=link.get("note"),
            )
        )
    return tuple(links)


def _phones(entry: dict[str, Any], where: str, status: str) -> tuple[Phone, ...]:
    phones: list[Phone] = []
    for index, phone in enumerate(entry.get("phones") or []):
        here = f"{where}: phones[{index}]"
        number = need(phone, "number", here)
        if not is_norwegian_number(number):
            raise LookupDataError(
                f"{here}: 'number' {number!r} er ikke et norsk nummer skrevet som "
                "«NN NN NN NN», «NNN NN NNN» eller et tjenestenummer"
            )
        verified = phone.get("verified")
        if not isinstance(verified, bool):
            raise LookupDataError(f"{here}: 'verified' skal være true eller false")
        if verified and (status != "active" or entry.get("verified") is not True):
            raise LookupDataError(
                f"{here}: 'verified: true' krever at senteret er verified og status active"
            )
        phones.append(
            Phone(
                number=number,
                label=need(phone, "label", here),
                source=_source(phone, here),
                source_date=need(phone, "source_date", here),
                verified=verified,
                note=phone.get("note"),
            )
        )
    return tuple(phones)


def load_centres(path: Path, municipalities: dict[str, Municipality]) -> dict[str, Centre]:
    """Crisis centres by id, each link to an existing municipality, each phone sourced."""
    entries = read_yaml(path).get("centres")
    if not isinstance(entries, list):
        raise LookupDataError(f"{path.name}: mangler listen 'centres'")
    result: dict[str, Centre] = {}
    for index, entry in enumerate(entries):
        centre_id = entry.get("id") if isinstance(entry, dict) else None
        where = f"{path.name}: centres[{index}] ({centre_id})"
        if not isinstance(centre_id, str) or not ID_PATTERN.match(centre_id):
            raise LookupDataError(f"{where}: ugyldig id (bruk engelsk snake_case)")
        if centre_id in result:
            raise LookupDataError(f"{where}: id finnes to ganger")
        status = need(entry, "status", where)
        if status not in STATUSES:
            raise LookupDataError(f"{where}: ugyldig 'status' {status!r}")
        if not isinstance(entry.get("verified"), bool):
            raise LookupDataError(f"{where}: 'verified' skal være true eller false")
        host = entry.get("host_municipality")
        if host is not None and host not in municipalities:
            raise LookupDataError(f"{where}: ukjent 'host_municipality' {host!r}")
        result[centre_id] = Centre(
            id=centre_id,
            name=need(entry, "name", where),
            other_names=tuple(entry.get("other_names") or ()),
            status=cast(CentreStatus, status),
            verified=entry["verified"],
            links=_links(entry, where, municipalities),
            phones=_phones(entry, where, status),
            host_municipality=host,
            website=entry.get("website"),
            verification_note=entry.get("verification_note"),
            status_note=entry.get("status_note"),
        )
    return result
