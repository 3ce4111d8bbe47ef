"""Replace personal data in a message before it is stored, logged or shown back.

    redact("pasienten Kari Berg, tlf 912 34 567").text
    → "pasienten [navn], tlf [telefonnummer]"

presidio-analyzer finds the spans with the Norwegian recognizers in
bot/privacy/recognizers.py; presidio-anonymizer resolves overlaps and
replaces them with the placeholders of patterns.yml.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig

from bot.privacy.recognizers import LANGUAGE, recognizers, table

# What the user is told was removed, per kind (in placeholder order).
KINDS = ("FODSELSNUMMER", "PHONE_NUMBER", "EMAIL_ADDRESS", "ADDRESS", "PERSON")


@dataclass(frozen=True)
class Redacted:
    """A message with its personal data replaced; `kinds` says what was found."""

    text: str
    kinds: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """True when something was replaced."""
        return bool(self.kinds)


class _Tokenizer(NlpEngine):
    """The only NLP presidio needs here: spaCy's Norwegian tokenizer, no model.

    Our recognizers are patterns and word lists; none reads entities or lemmas,
    so a full pipeline (and a model download) would only cost time.
    """

    def __init__(self) -> None:
        self._nlp = spacy.blank(LANGUAGE)

    def load(self) -> None:
        """Nothing to load beyond the tokenizer made in __init__."""

    def is_loaded(self) -> bool:
        """Always ready."""
        return True

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        """Tokens only."""
        doc = self._nlp.make_doc(text)
        return NlpArtifacts(
            entities=[],
            tokens=doc,
            tokens_indices=[t.idx for t in doc],
            lemmas=[t.lower_ for t in doc],
            nlp_engine=self,
            language=language,
        )

    def process_batch(self, texts, language, batch_size=1, n_process=1, **kwargs):  # type: ignore[no-untyped-def]
        """One text at a time (the redactor never batches)."""
        for text in texts:
            yield text, self.process_text(str(text), language)

    def is_stopword(self, word: str, language: str) -> bool:
        """Not used by our recognizers."""
        return False

    def is_punct(self, word: str, language: str) -> bool:
        """Not used by our recognizers."""
        return False

    def get_supported_entities(self) -> list[str]:
        """The tokenizer finds no entities itself."""
        return []

    def get_supported_languages(self) -> list[str]:
        """Norwegian (Bokmål and Nynorsk share the tokenizer)."""
        return [LANGUAGE]


class Redactor:
    """presidio's analyzer and anonymizer with the Norwegian recognizers."""

    def __init__(self) -> None:
        registry = RecognizerRegistry(supported_languages=[LANGUAGE])
        for recognizer in recognizers():
            registry.add_recognizer(recognizer)
        self._analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=_Tokenizer(), supported_languages=[LANGUAGE]
        )
        self._anonymizer = AnonymizerEngine()
        placeholders: dict[str, str] = table()["placeholders"]
        self._operators = {
            kind: OperatorConfig("replace", {"new_value": value})
            for kind, value in placeholders.items()
        }

    def find(self, text: str) -> list[RecognizerResult]:
        """Spans of personal data in `text` (overlaps not yet resolved)."""
        if not text or not any(ch.isalnum() for ch in text):
            return []
        return list(self._analyzer.analyze(text=text, language=LANGUAGE, entities=list(KINDS)))

    def redact(self, text: str) -> Redacted:
        """`text` with every personal datum replaced by its placeholder."""
        found = self.find(text)
        if not found:
            return Redacted(text)
        result = self._anonymizer.anonymize(
            text=text,
            analyzer_results=found,  # type: ignore[arg-type]  # presidio's two identical classes
            operators=self._operators,
        )
        kinds = {item.entity_type for item in result.items}
        return Redacted(result.text, tuple(k for k in KINDS if k in kinds))


@functools.lru_cache(maxsize=1)
def redactor() -> Redactor:
    """The process's redactor, built on first use (name lists take about a second)."""
    return Redactor()


def redact(text: str) -> Redacted:
    """Replace personal data in `text` (see Redactor)."""
    return redactor().redact(text)


@functools.lru_cache(maxsize=1)
def warm_up() -> None:
    """Build the redactor and redact once, so a first user's message does not wait.

    Building it reads the name and word lists (~4 s); the first redaction then
    sets up Presidio's analyzer (~3.5 s more). Both happen at server start.
    """
    redact("Pasienten Kari ringte 912 34 567 i går.")
