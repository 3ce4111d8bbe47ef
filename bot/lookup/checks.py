"""Cross-checks and coverage figures for the place and centre data (used by check-data)."""

from __future__ import annotations

from collections import Counter

from bot.lookup.service import Lookups

MUNICIPALITIES_2024 = 357
SENTENCE = "Hvilket politidistrikt hører {} til?"


def problems(lk: Lookups) -> list[str]:
    """Everything wrong across files; empty when the data is consistent."""
    found: list[str] = []
    if len(lk.municipalities) != MUNICIPALITIES_2024:
        found.append(
            f"municipalities.csv: {len(lk.municipalities)} kommuner, ventet {MUNICIPALITIES_2024}"
        )
    for district in lk.districts.values():
        counties = {
            m.county for m in lk.municipalities.values() if m.police_district == district.id
        }
        if counties != set(district.counties):
            found.append(
                f"police_districts.yml: '{district.id}': counties {sorted(district.counties)} "
                f"stemmer ikke med municipalities.csv {sorted(counties)}"
            )
    for m in lk.municipalities.values():
        sentence = SENTENCE.format(m.display_name)
        resolution = lk.resolve(sentence)
        if resolution.municipality != m:
            found.append(f"municipalities.csv: {m.number}: «{sentence}» gir {resolution.kind}")
    meanings = Counter(a.alias for a in lk.aliases)
    for alias in lk.aliases:
        if meanings[alias.alias] > 1 or alias.alias in {m.name for m in lk.municipalities.values()}:
            continue
        resolution = lk.resolve(alias.alias)
        if (
            resolution.municipality is None
            or resolution.municipality.number != alias.municipality_number
        ):
            found.append(
                f"place_aliases.csv: '{alias.alias}' skal gi {alias.municipality_number}, "
                f"gir {resolution.kind}"
            )
    found += [f"API: {leak}" for leak in unverified_reachable(lk)]
    return found


def shown_numbers(lk: Lookups) -> set[str]:
    """Every phone number the public API returns, for any municipality."""
    return {
        phone.number
        for number in lk.municipalities
        for match in lk.centres_for(number)
        for phone in match.phones
    }


def unverified_reachable(lk: Lookups) -> list[str]:
    """Numbers the API would show that are neither verified nor the organisation's own."""
    allowed = {p.number for phones in lk.local.centre_phones.values() for p in phones}
    for centre in lk.centres.values():
        if centre.status == "active":
            allowed |= {p.number for p in centre.phones if p.verified}
    return sorted(shown_numbers(lk) - allowed)


def coverage(lk: Lookups) -> dict[str, object]:
    """Figures for the check-data report."""
    with_centre = [n for n in lk.municipalities if any(m.is_active for m in lk.centres_for(n))]
    with_number = [n for n in lk.municipalities if lk.fallback(n) is None]
    centres = [c for c in lk.centres.values() if c.status == "active"]
    verified = [c for c in centres if lk.phones(c)]
    unverified = {p.number for c in lk.centres.values() for p in c.phones if not p.verified}
    return {
        "municipalities": len(lk.municipalities),
        "with_active_centre": len(with_centre),
        "with_centre_and_number": len(with_number),
        "centres": len(lk.centres),
        "active_centres": len(centres),
        "active_centres_with_shown_number": len(verified),
        "aliases_by_kind": dict(Counter(a.kind for a in lk.aliases)),
        "per_district": {
            d.name: sum(1 for m in lk.municipalities.values() if m.police_district == d.id)
            for d in lk.districts.values()
        },
        "unverified_numbers_in_data": len(unverified - shown_numbers(lk)),
        "local_files": list(lk.local.files),
    }
