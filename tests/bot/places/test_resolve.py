"""Place names as staff type them resolve to the right municipality."""

from __future__ import annotations

import pytest

from bot.places import places

SENTENCE = "Hvilket politidistrikt hører {} til?"


@pytest.mark.parametrize(
    "text",
    [
        "Bærum",
        "bærum",
        "Baerum",
        "BÆRUM",
        "Bærums",
        "i Bærum",
        "Bærum kommune",
        "Bærum kommunes krisesenter",
        "Bærrum",
        "Bærum.",
        "hvilket krisesenter hører vi til i Bærum?",
        "kva krisesenter høyrer Bærum til",
        "Kva politidistrikt ligg Bærum i?",
    ],
)
def test_phrasings_of_baerum(text: str):
    resolution = places().resolve(text)
    assert resolution.kind == "found"
    assert resolution.municipality is not None
    assert resolution.municipality.number == "3201"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Aalesund", "1508"),
        ("Alesund", "1508"),
        ("Tromso", "5501"),
        ("Tromsøs", "5501"),
        ("Trondhjem", "5001"),
        ("Kristiansan", "4204"),
        ("Fredrikstadd", "3107"),
        ("Lillehamer", "3405"),
        ("Hvilket politidistrikt hører Time til?", "1121"),
        ("kva krisesenter høyrer pasientar frå Stord til", "4614"),
        ("Nord Fron", "3436"),
        ("Nord-Fron", "3436"),
        ("Sør Varanger", "5605"),
        ("0301", "0301"),
    ],
)
def test_spellings_and_typos(text: str, number: str):
    resolution = places().resolve(text)
    assert resolution.municipality is not None, resolution
    assert resolution.municipality.number == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Guovdageaidnu", "5612"),
        ("Kárášjohka", "5610"),
        ("Karasjohka", "5610"),
        ("Deatnu", "5628"),
        ("Tråante", "5001"),
        ("Raane", "1833"),
        ("Porsanki", "5622"),  # Kven
        ("kva krisesenter høyrer Unjárga til", "5636"),
    ],
)
def test_sami_and_kven_names(text: str, number: str):
    resolution = places().resolve(text)
    assert resolution.municipality is not None
    assert (resolution.municipality.number, resolution.match) == (number, "alt_name")


@pytest.mark.parametrize(
    ("text", "number", "alias"),
    [
        ("Førde", "4647", "Førde"),
        ("kva krisesenter høyrer Førde til", "4647", "Førde"),
        ("Kva krisesenter høyrer Førde til?", "4647", "Førde"),
        ("Forde", "4647", "Førde"),
        ("Skedsmo", "3205", "Skedsmo"),
        ("Nøtterøy", "3911", "Nøtterøy"),
        ("Sande i Vestfold", "3903", "Sande (Vestfold)"),
        ("Os i Hordaland", "4624", "Os (Hordaland)"),
        ("Bø i Telemark", "4020", "Bø (Telemark)"),
        ("Hornindal", "1577", "Hornindal"),
        ("Kvalsund", "5603", "Kvalsund"),
        ("Skodje", "1508", "Skodje"),
    ],
)
def test_former_municipalities_say_so(text: str, number: str, alias: str):
    resolution = places().resolve(text)
    assert resolution.municipality is not None
    assert resolution.municipality.number == number
    assert resolution.is_former_name
    assert resolution.alias is not None and resolution.alias.alias == alias


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Mo i Rana", "1833"),
        ("Sandvika", "3201"),
        ("Florø", "4602"),
        ("Kirkenes", "5605"),
        ("jeg jobber på legevakta i Hønefoss", "3305"),
    ],
)
def test_towns(text: str, number: str):
    resolution = places().resolve(text)
    assert resolution.municipality is not None
    assert (resolution.municipality.number, resolution.match) == (number, "town")
    assert not resolution.is_former_name


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Herøy", {"1515", "1818"}),
        ("herøy kommune", {"1515", "1818"}),
        ("Våler", {"3114", "3419"}),
        ("Snillfjord", {"5055", "5056", "5059"}),
        ("Tysfjord", {"1806", "1875"}),
    ],
)
def test_ambiguous_names_list_candidates_with_counties(text: str, numbers: set[str]):
    resolution = places().resolve(text)
    assert resolution.kind == "ambiguous"
    assert {c.municipality.number for c in resolution.candidates} == numbers
    assert all(c.municipality.county for c in resolution.candidates)


@pytest.mark.parametrize(
    ("text", "county", "number"),
    [
        ("Herøy", "Nordland", "1818"),
        ("Herøy", "møre og romsdal", "1515"),
        ("Våler", "Innlandet", "3419"),
        ("Våler i Østfold", None, "3114"),
        ("Herøy i Nordland", None, "1818"),
        ("Herøy (Møre og Romsdal)", None, "1515"),
        ("Sande", "Vestfold", "3903"),
    ],
)
def test_a_county_settles_an_ambiguous_name(text: str, county: str | None, number: str):
    resolution = places().resolve(text, county=county)
    assert resolution.municipality is not None
    assert resolution.municipality.number == number


@pytest.mark.parametrize(("text", "number"), [("Sande", "1514"), ("Bø", "1867"), ("Nes", "3228")])
def test_a_current_name_wins_over_a_former_one(text: str, number: str):
    resolution = places().resolve(text)
    assert resolution.municipality is not None
    assert (resolution.municipality.number, resolution.match) == (number, "name")


def test_unknown_places_get_suggestions():
    resolution = places().resolve("Bergenn sentrum")
    assert resolution.kind in ("found", "unknown")
    unknown = places().resolve("Xyzzyvik")
    assert unknown.kind == "unknown"
    assert places().resolve("Gjøvikk Gjøvikk").kind == "found"
    assert places().resolve("Lilestrømmen").kind == "unknown"
    assert "Lillestrøm" in places().suggest("Lilestrømmen")


@pytest.mark.parametrize("text", ["", "   ", "hvilket krisesenter hører vi til?", "112"])
def test_messages_without_a_place_are_unknown(text: str):
    assert places().resolve(text).kind == "unknown"


@pytest.mark.parametrize("number", sorted(places().municipalities))
def test_every_municipality_resolves_to_itself_in_a_question(number: str):
    municipality = places().municipality(number)
    resolution = places().resolve(SENTENCE.format(municipality.display_name))
    assert resolution.municipality == municipality
