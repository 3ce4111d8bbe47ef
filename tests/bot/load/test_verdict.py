import pytest

from bot.load.verdict import (
    Expected,
    NotLoopback,
    Reference,
    Reply,
    Verdict,
    check_loopback,
    classify,
    dump_references,
    expected_of,
    fingerprint,
    load_references,
)


def _reply(*texts: str, timed_out: bool = False, error: str | None = None) -> Reply:
    return Reply(tuple({"text": t} for t in texts), timed_out=timed_out, error=error)


def test_fingerprint_is_the_first_text_collapsed_and_cut():
    messages = [{"text": "  Ring   112\n" + "x" * 100}, {"text": "andre"}]
    assert fingerprint(messages) == ("Ring 112 " + "x" * 100)[:60]


def test_fingerprint_of_a_message_without_text_names_its_keys():
    assert fingerprint([{"recipient_id": "a", "buttons": [], "text": " "}]) == "<buttons,text>"
    assert fingerprint([]) == ""


HELLO = Expected(2, "Hei! Jeg er Sikkerhetsguiden")
KNOWN = {"Hei! Jeg er Sikkerhetsguiden", "Ring 112 nå", "Krisesenteret for Bodø"}


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        (_reply("Hei! Jeg er Sikkerhetsguiden", "Hva lurer du på?"), Verdict.OK),
        (_reply(), Verdict.LOST),
        (_reply(timed_out=True), Verdict.LOST),
        # The first message came, the second did not before the timeout.
        (_reply("Hei! Jeg er Sikkerhetsguiden", timed_out=True), Verdict.LOST),
        # A complete reply with a message too few or too many is not this turn's reply.
        (_reply("Hei! Jeg er Sikkerhetsguiden"), Verdict.WRONG),
        (_reply("Hei! Jeg er Sikkerhetsguiden", "a", "b"), Verdict.WRONG),
        # Another turn's reply: late, or meant for another conversation.
        (_reply("Ring 112 nå", "x"), Verdict.OUT_OF_ORDER),
        (_reply("Ring 112 nå", timed_out=True), Verdict.OUT_OF_ORDER),
        (_reply("Noe ingen tur har svart"), Verdict.WRONG),
        (_reply(error="http_500"), Verdict.ERROR),
        (_reply("Hei! Jeg er Sikkerhetsguiden", "x", error="sg_error:failed"), Verdict.ERROR),
    ],
)
def test_classify(reply, verdict):
    assert classify(HELLO, reply, KNOWN) is verdict


def test_a_turn_expecting_no_message_is_ok_only_without_a_timeout():
    silent = Expected(0, "")
    assert classify(silent, Reply(), KNOWN) is Verdict.OK
    assert classify(silent, Reply(timed_out=True), KNOWN) is Verdict.LOST


def _reference() -> Reference:
    return Reference(
        {
            "danger": [expected_of([{"text": "Ring 112 nå"}]), Expected(1, "Bare hyggelig")],
            "lookup": [expected_of([{"text": "Krisesenteret for Bodø"}, {"text": "Tlf"}])],
        }
    )


def test_reference_knows_every_conversations_turns():
    reference = _reference()
    assert reference.classify("danger", 0, _reply("Ring 112 nå")) is Verdict.OK
    # The lookup's reply arriving at the danger conversation's first turn.
    late = _reply("Krisesenteret for Bodø", "Tlf")
    assert reference.classify("danger", 0, late) is Verdict.OUT_OF_ORDER
    # The same conversation's next reply one turn early.
    assert reference.classify("danger", 0, _reply("Bare hyggelig")) is Verdict.OUT_OF_ORDER
    assert reference.classify("lookup", 0, late) is Verdict.OK


def test_references_survive_json():
    references = {"rest": _reference(), "webchat": _reference()}
    again = load_references(dump_references(references))
    assert again.keys() == references.keys()
    assert again["rest"].turns == references["rest"].turns
    assert again["webchat"].classify("lookup", 0, _reply("Ring 112 nå")) is Verdict.OUT_OF_ORDER


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:5005", "http://127.0.0.1:5005"),
        ("http://127.0.0.1:5005/", "http://127.0.0.1:5005"),
        ("http://127.8.0.3:80", "http://127.8.0.3:80"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ],
)
def test_loopback_hosts_are_accepted(url, expected):
    assert check_loopback(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5:5005",
        "http://0.0.0.0:5005",
        "https://sikkerhetsguiden.example.no",
        "http://127.0.0.1.nip.io:5005",
        "http://localhost.example.com",
        "ftp://127.0.0.1",
        "127.0.0.1:5005",
        "",
    ],
)
def test_other_hosts_are_refused(url):
    with pytest.raises(NotLoopback):
        check_loopback(url)
