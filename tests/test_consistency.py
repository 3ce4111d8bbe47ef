"""Contract tests: domain, code and data stay in sync."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action

import actions
from bot import names

ROOT = Path(__file__).resolve().parent.parent
# Phone-number-like tokens: emergency numbers, 5-digit, 116 xxx and 8-digit numbers.
PHONE = re.compile(
    r"(?<![\w§.])(?:11[0-3]|1412|0\d{4}|116 ?\d{3}|\d{2} ?\d{2} ?\d{2} ?\d{2})(?![\w.])"
)


def implemented_actions() -> dict[str, type[Action]]:
    found: dict[str, type[Action]] = {}
    for info in pkgutil.iter_modules(actions.__path__):
        module = importlib.import_module(f"actions.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, Action)
                and cls.__module__ == module.__name__
                and not inspect.isabstract(cls)
            ):
                found[cls().name()] = cls
    return found


def domain_custom_actions(domain: dict[str, Any]) -> set[str]:
    return {a for a in domain["actions"] if a.startswith(("action_", "validate_"))}


def test_every_custom_action_in_the_domain_is_implemented_and_vice_versa(domain):
    assert domain_custom_actions(domain) == set(implemented_actions())


def test_every_name_used_from_python_exists_in_the_domain(domain):
    responses = set(domain["responses"])
    intents = {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
    for constant, value in vars(names).items():
        if constant.startswith("UTTER_"):
            assert value in responses, constant
        elif constant.startswith("ACTION_"):
            assert value in domain["actions"], constant
        elif constant.startswith("INTENT_"):
            assert value in intents, constant
        elif constant.startswith("SLOT_"):
            assert value in domain.get("slots", {}), constant


def test_no_two_responses_share_a_text(domain):
    """(A response's Bokmål and Nynorsk variations may be the same, e.g. "{summary}".)"""
    texts = Counter(
        text
        for variants in domain["responses"].values()
        for text in {variant["text"] for variant in variants if "text" in variant}
    )
    assert [t for t, n in texts.items() if n > 1] == []


def all_yaml(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.yml"))


@pytest.mark.parametrize(
    "path", [*all_yaml("data/nlu"), *all_yaml("data/rules"), *all_yaml("data/stories")], ids=str
)
def test_training_data_files_share_one_format_version(path: Path):
    assert yaml.safe_load(path.read_text("utf8"))["version"] == "3.1"


def test_identifiers_are_english_ascii_snake_case(domain):
    identifiers = [
        *(i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]),
        *domain["actions"],
        *domain["responses"],
        *domain.get("slots", {}),
        *(i if isinstance(i, str) else next(iter(i)) for i in domain.get("entities", [])),
    ]
    bad = [i for i in identifiers if not re.fullmatch(r"[a-z][a-z0-9_/]*", str(i))]
    assert bad == []


LEGAL_REFERENCE = re.compile(r"§+\s*\d+")


def phone_numbers_in(text: str) -> list[str]:
    return PHONE.findall(LEGAL_REFERENCE.sub("§", text))


def test_phone_numbers_are_written_only_in_data_knowledge(domain):
    places: dict[str, str] = {
        f"domain.yml:{name}": variant.get("text", "")
        for name, variants in domain["responses"].items()
        for variant in variants
        # rendered from knowledge and checked against it (test below): 112 without actions
        if name != "utter_acute_danger"
    }
    for path in (ROOT / "data" / "scenarios").glob("*.yml"):
        if path.name != "behaviours.yml":  # learner-behaviour cues match numbers users type
            places[str(path.relative_to(ROOT))] = path.read_text("utf8")
    for folder in ("bot", "actions"):
        for path in (ROOT / folder).rglob("*"):
            if (
                path.suffix in {".py", ".html", ".js", ".yml"}
                and "danger_patterns" not in path.name
            ):
                places[str(path.relative_to(ROOT))] = path.read_text("utf8")
    found = {place: phone_numbers_in(text) for place, text in places.items()}
    assert {place: numbers for place, numbers in found.items() if numbers} == {}


def test_the_phone_pattern_would_notice_a_number():
    assert phone_numbers_in("ring 112 eller 02800, eller 116 006") == ["112", "02800", "116 006"]
    assert phone_numbers_in("helsepersonelloven § 31 og § 112") == []


def _examples(path: Path) -> set[str]:
    """Normalised example sentences of an NLU file (entity markup removed)."""
    found = set()
    for block in yaml.safe_load(path.read_text("utf8")).get("nlu", []):
        for line in str(block.get("examples", "")).splitlines():
            text = re.sub(r"\[([^\]]+)\]\{[^}]*\}", r"\1", line.strip().removeprefix("- "))
            text = re.sub(r"\W+", " ", text.lower()).strip()
            if text:
                found.add(text)
    return found


@pytest.mark.parametrize("held_out", ["tests/test_nlu.yml", "tests/nlu_realistic.yml"])
def test_held_out_sentences_are_kept_out_of_training(held_out: str):
    """No held-out sentence is trained on; one- and two-word replies ("ja", "ha det")
    are what any two writers write, and the assistant must know them."""
    training = set().union(*(_examples(p) for p in sorted((ROOT / "data" / "nlu").glob("*.yml"))))
    shared = _examples(ROOT / held_out) & training
    assert sorted(s for s in shared if len(s.split()) > 2) == []


@pytest.mark.parametrize("standard", ["nb", "nn"])
def test_the_emergency_response_is_the_acute_danger_topic_as_rendered_from_knowledge(standard):
    """utter_acute_danger is sent by the Rasa server alone; it must not drift from knowledge."""
    from bot.knowledge import knowledge
    from bot.knowledge.render import render_topic

    reply = render_topic(knowledge(), "acute_danger", standard)
    source = {"nb": "Kilde", "nn": "Kjelde"}[standard]
    expected = f"{reply.answer}\n\n{source}: {reply.sources}. Sist kontrollert {reply.reviewed}."
    with (ROOT / "domain.yml").open(encoding="utf8") as handle:
        variants = yaml.safe_load(handle)["responses"]["utter_acute_danger"]
    shown = [v["text"] for v in variants if ("condition" in v) == (standard == "nn")]
    assert shown == [expected], (
        f"Paste this into domain.yml as utter_acute_danger's {standard} text: "
        + json.dumps(expected, ensure_ascii=False)
    )
