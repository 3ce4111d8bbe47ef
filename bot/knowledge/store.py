"""The knowledge files, loaded once per process through their schemas (bot/schemas/knowledge.py)."""

from __future__ import annotations

import functools
from pathlib import Path

from bot.schemas import knowledge as schema
from bot.schemas.knowledge import Knowledge
from bot.settings import PROJECT_ROOT

KNOWLEDGE_DIR = PROJECT_ROOT / schema.DIRECTORY


def load_knowledge(directory: Path = KNOWLEDGE_DIR) -> Knowledge:
    """Read all knowledge files from `directory` and check them."""
    return schema.load(directory)


@functools.lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The project's knowledge, loaded once per process."""
    return load_knowledge()
