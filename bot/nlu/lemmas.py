"""A lookup lemmatizer for Norwegian Bokmål built from `spacy-lookups-data`.

spaCy's own lookup table for `nb` is tiny (about 1,600 forms). The exception
tables, keyed by part of speech, hold about 590,000 inflected forms. Without a
tagger we cannot know the part of speech, so the tables are merged: where a
form belongs to several parts of speech, verbs win over nouns over adjectives
(``truer`` → ``true``, not the rare noun ``tru``). A form that is itself a
lemma of any part of speech keeps its form (``hei`` stays ``hei``, not the
verb ``heie``). Identity entries are dropped to save memory; an unknown word
is its own lemma.

Compounds are Norwegian's everyday word formation and most of them are not in
any table (``voldsalarmen``). For an unknown word we look for its longest
inflected tail that the table knows and keep the head: ``volds`` + ``alarmen``
→ ``voldsalarm``. `make bench` reports coverage and memory of both tables.
"""

# No `from __future__ import annotations` here: spaCy reads the factory's
# annotations at runtime (pydantic v1) and cannot resolve postponed ones.

import functools
import gzip
import json
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

MERGED_TABLE = "merged"
SMALL_TABLE = "lookup"
POS_PRIORITY = ("verb", "noun", "adj", "adv")
# A compound's head must be at least this long, and the known tail at least
# MIN_TAIL, so that short accidental endings ("-en", "-et") are not split off.
MIN_HEAD = 3
MIN_TAIL = 4


def _read_table(name: str) -> dict[str, Any]:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"nb_{name}.json.gz"
    with gzip.open(path, "rt", encoding="utf8") as handle:
        table: dict[str, Any] = json.load(handle)
    return table


@functools.lru_cache(maxsize=2)
def lemma_table(kind: str = MERGED_TABLE) -> dict[str, str]:
    """Form → lemma for lower-case forms whose lemma differs from the form."""
    table: dict[str, str] = {}
    if kind == MERGED_TABLE:
        exceptions = _read_table("lemma_exc")
        by_pos: list[dict[str, list[str]]] = [exceptions.get(pos, {}) for pos in POS_PRIORITY]
        lemmas_of_any_pos = {
            str(lemma).lower() for forms in by_pos for lemmas in forms.values() for lemma in lemmas
        }
        for forms in by_pos:
            for form, lemmas in forms.items():
                key = form.lower()
                if key not in table and lemmas:
                    table[key] = key if key in lemmas_of_any_pos else str(lemmas[0]).lower()
    elif kind != SMALL_TABLE:
        raise ValueError(f"unknown lemma table {kind!r}")
    for form, lemma in _read_table("lemma_lookup").items():
        table.setdefault(form.lower(), str(lemma).lower())
    return {form: lemma for form, lemma in table.items() if form != lemma}


class LookupLemmatizer:
    """Sets `token.lemma_` from a form → lemma table, splitting unknown compounds."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table

    def lemmatize(self, word: str) -> str:
        """Return the lemma of `word` (lower case)."""
        lower = word.lower()
        lemma = self.table.get(lower)
        if lemma is not None:
            return lemma
        for head_end in range(MIN_HEAD, len(lower) - MIN_TAIL + 1):
            tail_lemma = self.table.get(lower[head_end:])
            if tail_lemma is not None:
                return lower[:head_end] + tail_lemma
        return lower

    def __call__(self, doc: Doc) -> Doc:
        """Lemmatize every token of `doc` in place."""
        for token in doc:
            token.lemma_ = self.lemmatize(token.text)
        return doc


@Language.factory("sg_lookup_lemmatizer", default_config={"table": MERGED_TABLE})
def make_lookup_lemmatizer(nlp: Language, name: str, table: str) -> LookupLemmatizer:
    """Create a :class:`LookupLemmatizer` (the spaCy factory used by the fallback backend)."""
    return LookupLemmatizer(lemma_table(table))
