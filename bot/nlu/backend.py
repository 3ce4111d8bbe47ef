"""The Norwegian spaCy pipeline: the trained model when installed, otherwise a fallback.

`nb_core_news_sm` (spaCy's trained Norwegian Bokmål pipeline) is only
distributed as a release download, which is unreachable on some machines.
Without it we build spaCy's Norwegian language (tokenizer rules, stop words)
and add a lookup lemmatizer made from `spacy-lookups-data`'s Norwegian tables
merged across parts of speech (see :mod:`bot.nlu.lemmas`).

A backend is identified by a short id such as ``nb_core_news_sm-3.4.0`` or
``nb-lookups-1.0.5``; trained models record it so that a model is never run
against the other backend (the features would silently differ).
"""

from __future__ import annotations

import importlib.metadata
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

TRAINED_MODEL = "nb_core_news_sm"
FALLBACK_NAME = "nb-lookups"
LEMMATIZER_PIPE = "sg_lookup_lemmatizer"


class BackendMismatchError(RuntimeError):
    """A model trained with one backend was loaded where the other is in use."""


@dataclass(frozen=True)
class Backend:
    """Which Norwegian pipeline is used, and where it comes from."""

    kind: str  # "model" (a trained spaCy pipeline) or "fallback"
    name: str
    version: str
    location: str | None = None  # package name or path of a trained pipeline

    @property
    def id(self) -> str:
        """Stable identifier recorded in trained models."""
        return f"{self.name}-{self.version}"

    def describe(self) -> str:
        """One line for logs and setup output."""
        if self.kind == "model":
            return f"trained spaCy pipeline {self.id} ({self.location})"
        return (
            f"fallback {self.id}: spaCy's Norwegian language data with a lookup lemmatizer "
            f"({TRAINED_MODEL} is not installed)"
        )


def _installed_version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def resolve(model: str = TRAINED_MODEL) -> Backend:
    """Decide which backend to use for the configured `model` (a package name or a path).

    Does not load anything heavy, so it is cheap enough to call when a trained
    model is loaded, to compare with the backend the model recorded.
    """
    import spacy.util

    path = Path(model)
    if path.is_dir() and (path / "meta.json").exists():
        meta = spacy.util.load_meta(path / "meta.json")
        name = f"{meta.get('lang', 'nb')}_{meta.get('name', 'pipeline')}"
        return Backend("model", name, str(meta.get("version", "0.0.0")), str(path))
    version = _installed_version(model) if spacy.util.is_package(model) else None
    if version:
        return Backend("model", model, version, model)
    lookups_version = _installed_version("spacy-lookups-data") or "missing"
    return Backend("fallback", FALLBACK_NAME, lookups_version)


def load(backend: Backend) -> Language:
    """Load the pipeline for `backend` (the parser is not needed and stays off)."""
    import spacy

    if backend.kind == "model":
        assert backend.location is not None
        logger.info("Norwegian language processing: %s", backend.describe())
        return spacy.load(backend.location, disable=["parser"])

    from bot.nlu import lemmas  # registers the lemmatizer factory

    logger.warning("Norwegian language processing: %s", backend.describe())
    nlp = spacy.blank("nb")
    nlp.add_pipe(LEMMATIZER_PIPE, config={"table": lemmas.MERGED_TABLE})
    nlp.meta["name"] = FALLBACK_NAME
    nlp.meta["version"] = backend.version
    return nlp
