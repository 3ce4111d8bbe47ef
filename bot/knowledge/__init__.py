"""The facts the assistant states, loaded from `data/knowledge/` with their sources."""

from bot.knowledge.store import Knowledge, knowledge, load_knowledge

__all__ = ["Knowledge", "knowledge", "load_knowledge"]
