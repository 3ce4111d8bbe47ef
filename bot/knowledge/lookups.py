"""Names the NLU should recognise, taken from the knowledge files."""

from __future__ import annotations

from collections.abc import Iterator

from bot.knowledge.store import Knowledge
from bot.names import ENTITY_MEASURE


def gazetteer_entries(knowledge: Knowledge) -> Iterator[tuple[str, str, str]]:
    """(entity type, value, surface name) for every name in the knowledge files."""
    for measure in knowledge.measures.values():
        for name in (measure.name, *measure.names):
            yield ENTITY_MEASURE, measure.id, name
