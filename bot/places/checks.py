"""Cross-checks and coverage figures for the place and centre data (used by check-data)."""

from __future__ import annotations

from collections import Counter

from bot.places.store import Places

MUNICIPALITIES_2024 = 357
SENTENCE = "Hvilket politidistrikt hører {} til?"


def problems(data: Places) -> list[str]:
    """Everything wrong across files that the schemas cannot see; empty when consistent."""
    found: list[str] = []
    if len(data.municipalities) != MUNICIPALITIES_2024:
        found.append(
            f"municipalities.csv: {len(data.municipalities)} kommuner, ventet {MUNICIPALITIES_2024}"
        )
    for district in data.districts.values():
        counties = {
            m.county for m in data.municipalities.values() if m.police_district == district.id
        }
        if counties != set(district.counties):
            found.append(
                f"police_districts.yml: '{district.id}': counties {sorted(district.counties)} "
                f"stemmer ikke med municipalities.csv {sorted(counties)}"
            )
    for m in data.municipalities.values():
        sentence = SENTENCE.format(m.display_name)
        resolution = data.resolve(sentence)
        if resolution.municipality != m:
            found.append(f"municipalities.csv: {m.number}: «{sentence}» gir {resolution.kind}")
    meanings = Counter(a.alias for a in data.aliases)
    names = {m.name for m in data.municipalities.values()}
    for alias in data.aliases:
        if meanings[alias.alias] > 1 or alias.alias in names:
            continue
        resolution = data.resolve(alias.alias)
        if (
            resolution.municipality is None
            or resolution.municipality.number != alias.municipality_number
        ):
            found.append(
                f"place_aliases.csv: '{alias.alias}' skal gi {alias.municipality_number}, "
                f"gir {resolution.kind}"
            )
    found += [f"API: {leak}" for leak in unverified_reachable(data)]
    return found


def shown_numbers(data: Places) -> set[str]:
    """Every phone number the public API returns, for any municipality."""
    return {
        phone.number
        for number in data.municipalities
        for match in data.centres_for(number)
        for phone in match.phones
    }


def unverified_reachable(data: Places) -> list[str]:
    """Numbers the API would show that are neither verified nor the organisation's own."""
    allowed = {p.number for phones in data.local_phones.values() for p in phones}
    for centre in data.centres.values():
        if centre.status == "active":
            allowed |= {p.number for p in centre.phones if p.verified}
    return sorted(shown_numbers(data) - allowed)


def coverage(data: Places) -> dict[str, object]:
    """Figures for the check-data report."""
    active = {n: [m for m in data.centres_for(n) if m.is_active] for n in data.municipalities}
    centres = [c for c in data.centres.values() if c.status == "active"]
    unverified = {p.number for c in data.centres.values() for p in c.phones if not p.verified}
    return {
        "municipalities": len(data.municipalities),
        "with_active_centre": sum(1 for matches in active.values() if matches),
        "with_centre_and_number": sum(
            1 for matches in active.values() if any(m.phones for m in matches)
        ),
        "centres": len(data.centres),
        "active_centres": len(centres),
        "active_centres_with_shown_number": sum(1 for c in centres if data.phones(c)),
        "aliases_by_kind": dict(Counter(a.kind for a in data.aliases)),
        "per_district": {
            d.name: sum(1 for m in data.municipalities.values() if m.police_district == d.id)
            for d in data.districts.values()
        },
        "unverified_numbers_in_data": len(unverified - shown_numbers(data)),
        "local_files": list(data.local_files),
    }
