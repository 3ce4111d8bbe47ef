from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.schemas import cues, danger, knowledge, notice, scenarios, widget, written_standard
from bot.schemas.reading import DataError
from bot.settings import PROJECT_ROOT

# Every data file the registry reads, below the project root.
DATA = (
    knowledge.DIRECTORY,
    scenarios.DIRECTORY,
    cues.CUES,
    danger.PATH,
    notice.PATH,
    written_standard.PATH,
    widget.PATH,
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the project's data files, each at its place below `tmp_path`."""
    for relative in DATA:
        source, target = PROJECT_ROOT / relative, tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    return tmp_path


def problem(file: str, entry: str, field: str, message: str) -> str:
    """A problem line as DataError words it (after the folder of the file)."""
    return f"/{file}" + (f", {entry}" if entry else "") + f": feltet '{field}': {message}"


def refused(load: Callable[[], object], expected: str) -> None:
    """`load` raises DataError with a line containing `expected`."""
    with pytest.raises(DataError) as caught:
        load()
    assert any(expected in line for line in str(caught.value).splitlines()), str(caught.value)
