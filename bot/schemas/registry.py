"""Every data file, loaded through its schema: what `make check-data` and server start-up run.

One entry per data family, (name, loader): a loader reads its files under the
project root given and raises DataError naming file, entry and field.
Registering a family is one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.schemas import (
    consultation,
    cues,
    danger,
    knowledge,
    notice,
    places,
    scenarios,
    standards,
    widget,
    written_standard,
)
from bot.schemas.reading import DataError, load_yaml
from bot.settings import PROJECT_ROOT


def _knowledge(root: Path) -> knowledge.Knowledge:
    return knowledge.load(root / knowledge.DIRECTORY)


def _texts(root: Path, known: knowledge.Knowledge | None = None) -> consultation.ConsultationTexts:
    tables = cues.load_cues(root / cues.CUES)
    known = known or _knowledge(root)
    return consultation.load_texts(root / consultation.TEXTS, known, tables)


def _forms(root: Path) -> written_standard.WrittenStandardForms:
    return load_yaml(written_standard.WrittenStandardForms, root / written_standard.PATH)


def _standards(root: Path) -> None:
    """No Bokmål form in a Nynorsk text, and no Nynorsk form in a Bokmål one."""
    known = _knowledge(root)  # read once for the three families that need it
    shown = {
        "kunnskap": known,
        "samtalen": _texts(root, known),
        "øving": scenarios.load(root / scenarios.DIRECTORY, known)[1],
        "kanalene": load_yaml(notice.ChannelTexts, root / notice.PATH),
        "nettchatten": load_yaml(widget.WidgetTexts, root / widget.PATH),
    }
    found = standards.problems(standards.bilingual_texts(shown), _forms(root))
    if found:
        raise DataError("\n".join(f"feil skriftform: {problem}" for problem in found))


def _places(root: Path) -> places.PlaceData:
    return places.load(root / places.DIRECTORY, topics=_knowledge(root).topics)


ENTRIES: list[tuple[str, Callable[[Path], object]]] = [
    ("kunnskap", _knowledge),
    ("øvingsscenarioer", lambda root: scenarios.load(root / scenarios.DIRECTORY, _knowledge(root))),
    ("stikkord i samtalen", lambda root: cues.load_cues(root / cues.CUES)),
    ("tekster og tiltak i samtalen", _texts),
    ("faremønstre", lambda root: load_yaml(danger.DangerPatterns, root / danger.PATH)),
    ("steder og krisesentre", _places),
    ("kanalenes egne tekster", lambda root: load_yaml(notice.ChannelTexts, root / notice.PATH)),
    ("bokmåls- og nynorskformer", _forms),
    ("bokmål og nynorsk i tekstene", _standards),
    ("nettchattens tekster", lambda root: load_yaml(widget.WidgetTexts, root / widget.PATH)),
]


def check_all(root: Path | None = None) -> list[str]:
    """Every problem in the data files under `root` (the project's by default), one per line.

    Families checked against others (scenarios against the knowledge, the
    consultation's texts against the knowledge and cues) are checked once those load.
    """
    problems: list[str] = []
    for _, load in ENTRIES:
        try:
            load(root or PROJECT_ROOT)
        except DataError as e:
            problems += str(e).splitlines()
    return list(dict.fromkeys(problems))  # a knowledge error reaches every family that reads it
