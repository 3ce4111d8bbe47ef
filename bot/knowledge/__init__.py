"""The facts the assistant states, loaded from `data/knowledge/` with their sources."""

from bot.knowledge.model import KnowledgeError
from bot.knowledge.store import Knowledge, knowledge, load_knowledge

__all__ = ["Knowledge", "KnowledgeError", "knowledge", "load_knowledge"]
