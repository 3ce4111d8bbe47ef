"""The entities the NLU finds by name: the measures of data/knowledge/measures.yml.

Places are not entities: the actions read the municipality from the message
text (bot/places/), and the NLU sees a marker instead of its name.
"""

from __future__ import annotations

from bot.knowledge.store import Knowledge
from bot.names import ENTITY_MEASURE
from bot.text.fuzzy import Gazetteer


def measure_gazetteer(knowledge: Knowledge) -> Gazetteer:
    """Every name of every measure (shown names in both standards), tolerant of typos."""
    return Gazetteer(
        (ENTITY_MEASURE, measure.id, name)
        for measure in knowledge.measures.values()
        for name in (measure.name.nb, measure.name.nn, *measure.names)
    )
