"""make audit's verdicts: a fix within the caps fails, a fix only past a cap is accepted."""

from __future__ import annotations

from bot.cli.audit import ACCEPTED, Rules, classify, pinned

RULES = Rules.parse(
    "aiohttp  >=3.9,<3.10  rasa caps it\nGHSA-aaaa-bbbb-cccc  protobuf  checked by hand\n"
)


def test_a_fix_inside_the_cap_must_be_taken():
    finding = classify("aiohttp", "3.9.5", {"id": "CVE-1", "fix_versions": ["3.9.6"]}, RULES)
    assert finding.accepted_because is None


def test_a_fix_only_past_the_cap_is_accepted_with_its_reason():
    finding = classify("aiohttp", "3.9.5", {"id": "CVE-2", "fix_versions": ["3.10.11"]}, RULES)
    assert finding.accepted_because and "rasa caps it" in finding.accepted_because


def test_an_uncapped_package_is_never_accepted():
    finding = classify("requests", "2.32.3", {"id": "CVE-3", "fix_versions": ["2.32.4"]}, RULES)
    assert finding.accepted_because is None


def test_an_id_is_accepted_by_one_of_its_aliases_for_its_package_only():
    vuln = {"id": "PYSEC-1", "aliases": ["GHSA-aaaa-bbbb-cccc"], "fix_versions": ["4.25.8"]}
    assert classify("protobuf", "4.23.3", vuln, RULES).accepted_because
    assert classify("jinja2", "3.1.5", vuln, RULES).accepted_because is None


def test_the_accepted_file_parses_and_pins_are_read():
    assert Rules.parse(ACCEPTED.read_text("utf8")).caps
    assert pinned("aiohttp==3.9.5 \\\n    --hash=sha256:x\nRequests==2.34.2\n") == {
        "aiohttp": "3.9.5",
        "requests": "2.34.2",
    }
