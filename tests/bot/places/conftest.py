from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge.store import KNOWLEDGE_DIR
from bot.schemas.places import FILES


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the place and centre files, with an empty local folder."""
    for name in FILES:
        shutil.copy(KNOWLEDGE_DIR / name, tmp_path / name)
    (tmp_path / "local").mkdir()
    return tmp_path
