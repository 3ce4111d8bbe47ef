"""The Norwegian recognizers one by one: what is personal data and what never is."""

from __future__ import annotations

import pytest

from bot.privacy.recognizers import fnr_valid, own_numbers
from bot.privacy.redact import redact


@pytest.mark.parametrize("number", ["02087544306", "110939 24020", "50107623199", "71084003055"])
def test_a_valid_fodselsnummer_or_d_number_passes_the_mod_11_check(number):
    assert fnr_valid(number)


@pytest.mark.parametrize(
    "number", ["02087544307", "12345678901", "00000000000", "32019012345", "02137544306"]
)
def test_an_ordinary_11_digit_number_fails_it(number):
    assert not fnr_valid(number)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("fnr 02087544306, ring meg", "fnr [fødselsnummer], ring meg"),
        ("Fødselsnummer: 19024327577.", "Fødselsnummer: [fødselsnummer]."),
        ("saksnummer 34514506123 hos politiet", "saksnummer 34514506123 hos politiet"),
    ],
)
def test_fodselsnummer_is_replaced_only_when_valid(text, kept):
    assert redact(text).text == kept


@pytest.mark.parametrize(
    "phone",
    ["+47 912 34 567", "004791234567", "0047 91234567", "91234567", "912 34 567", "91 23 45 67",
     "+4791234567", "22 33 44 55"],
)  # fmt: skip
def test_every_usual_spelling_of_a_phone_number_is_replaced(phone):
    assert (
        redact(f"hun ringer fra {phone} i kveld").text == "hun ringer fra [telefonnummer] i kveld"
    )


@pytest.mark.parametrize("text", ["ring 112 nå", "ring 116 006", "ring 02800", "116 111 for barn"])
def test_the_assistants_own_numbers_are_never_replaced(text):
    assert redact(text).text == text


def test_own_numbers_come_from_the_knowledge_files():
    assert {"112", "02800", "116006", "116111"} <= own_numbers()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("skriv til kari.berg@gmail.com", "skriv til [e-post]"),
        ("hun bor i Storgata 12, 8006 Bodø nå", "hun bor i [adresse] nå"),
        ("adresse Olav Tryggvasons gate 3", "adresse [adresse]"),
        ("samboeren Jonas Dahl truer henne", "samboeren [navn] truer henne"),
        ("pasienten heter kari berg", "pasienten heter [navn]"),
        ("Abdirahman Warsame slo henne", "[navn] slo henne"),
        ("Lise og Kristoffer krangler", "[navn] og [navn] krangler"),
    ],
)
def test_email_address_and_names_are_replaced(text, expected):
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "hvor er krisesenteret i Bodø?",
        "Krisesenteret i Salten ligger vel i Bodø?",
        "Hun har Kode 6 og Mobil voldsalarm",
        "Hva sier helsepersonelloven § 31?",
        "to ganger per dag, 500 mg Paracet, rom 12, 12.03.2024",
        "Per dag ringer han 20 ganger. Liv er redd.",
        "Sobril 10 mg x 3 ved behov",
        "Han har lagt en AirTag i bilen, hun har ikke BankID",
        "Teams-møte med barnevernet i Nord-Aurdal",
        "Straffesaksnummer 79740542938, er saken henlagt?",
        "pt denies threats but she is scared",
    ],
)
def test_ordinary_messages_are_left_alone(text):
    assert redact(text).text == text


def test_the_kinds_found_are_reported_in_a_fixed_order():
    found = redact("Kari Berg, 91234567, kari@example.no")
    assert found.kinds == ("PHONE_NUMBER", "EMAIL_ADDRESS", "PERSON")
    assert found.changed


def test_the_nlu_sees_no_placeholder_words():
    from bot.privacy.placeholders import blank_placeholders

    redacted = redact("Kari Berg, tlf 912 34 567, er redd").text
    blanked = blank_placeholders(redacted.lower())
    assert "telefonnummer" not in blanked and "navn" not in blanked
    assert len(blanked) == len(redacted.lower()), "offsets are kept"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pasienten Kari Berg er redd", "Pasienten [navn] er redd"),
        ("Omar Haddad ringte i natt", "[navn] ringte i natt"),
        ("Kan Amathea hjelpe en 17-åring?", "Kan Amathea hjelpe en 17-åring?"),
    ],
)
def test_an_ordinary_word_opening_a_sentence_is_kept_beside_a_name(text, expected):
    assert redact(text).text == expected


def test_a_crisis_centre_number_the_assistant_gives_is_kept():
    from bot.places import places

    number = next(p.number for c in places().centres.values() for p in c.phones)
    text = f"ring krisesenteret på {number}"
    assert redact(text).text == text
