"""What a message says about each sign it names: there, denied, asked, hypothetical or past.

"Ingen våpen i huset" names a weapon and denies it; "har han våpen?" asks;
"hvis han kommer tilbake med kniv" supposes; "han truet henne for ti år siden,
ikke siden" is over. Only a sign that is *present* may be recorded as a fact
about the patient. Every reader of free text (consultation answers, the
danger backstop, practice checkpoints) finds its signs with its own lexicon
and then asks this module about them, so the rules live in one place.

The algorithm is NegEx (Chapman et al. 2001) as implemented by negspacy,
run once per category with Norwegian trigger lists (`assertion_terms.yml`) —
the ConText idea of one trigger set per category. negspacy has no scope
window, so clause ends ("men", "fordi", commas, question words) are
termination phrases. Yes/no questions ("Har han våpen?") have no trigger word
in Norwegian (the verb comes first), so a sentence ending in "?" that begins
with one of `question_starters` marks its signs as asked.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from bot.text.patterns import Found

TERMS_FILE = Path(__file__).with_name("assertion_terms.yml")


class Status(str, Enum):
    """What the message says about a sign."""

    PRESENT = "present"
    DENIED = "denied"
    ASKED = "asked"
    HYPOTHETICAL = "hypothetical"
    PAST = "past"


# When several categories reach one sign, the first of these wins ("vet ikke om
# det er barn" asks, "hvis han ikke har våpen" supposes, "ikke lenger" is past).
# Question words: a clause they open asks *what*, not *whether* (no yes/no question).
WH_WORDS = frozenset(
    "hva hvordan hvem hvor hvilke hvilken hvorfor kva korleis kven kor kvifor ka kem koffor".split()
)
PRECEDENCE = (Status.ASKED, Status.HYPOTHETICAL, Status.PAST, Status.DENIED)


@dataclass(frozen=True)
class Mention:
    """A sign and what the message says about it."""

    label: str
    text: str
    status: Status
    start: int = 0  # characters start..end of the text that was read
    end: int = 0

    @property
    def present(self) -> bool:
        """True when the message states the sign as a fact now."""
        return self.status is Status.PRESENT


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


class _Reader:
    """A blank Norwegian spaCy pipeline: sentences, then one NegEx component per category."""

    def __init__(self, path: Path) -> None:
        import spacy

        _register_factory()

        terms = _load(path)
        self.nlp = spacy.blank("nb")
        self.nlp.add_pipe("sentencizer")
        self.extensions: dict[str, Status] = {}
        for category, rules in terms["categories"].items():
            extension = f"sg_{category}"
            self.nlp.add_pipe(
                "sg_negex",
                name=extension,
                config={
                    "extension_name": extension,
                    "neg_termset": {
                        "pseudo_negations": list(rules.get("pseudo") or []),
                        "preceding_negations": list(rules.get("preceding") or []),
                        "following_negations": list(rules.get("following") or []),
                        "termination": list(rules.get("termination") or terms["termination"]),
                    },
                },
            )
            self.extensions[extension] = Status(rules.get("status", category))
        self.question_starters = frozenset(terms["question_starters"])
        self.answers = [
            (Status(status), tuple(phrase.split()))
            for status, phrases in terms["answers"].items()
            for phrase in sorted(phrases, key=lambda p: -len(p.split()))
        ]

    def read(self, text: str, found: Sequence[Found]) -> list[Mention]:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        doc: Any = self.nlp.make_doc(text)
        spans = []
        for item in found:
            span = doc.char_span(item.start, item.end, item.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc = self.nlp.get_pipe("sentencizer")(doc)
        questions = self._questions(doc)
        answered = self._answered(doc)
        mentions: list[Mention] = []
        pending: list[Span] = list(spans)
        while pending:
            # doc.ents cannot overlap: read the signs in layers that do not.
            layer = list(filter_spans(pending))
            pending = [s for s in pending if not any(s is kept for kept in layer)]
            doc.ents = tuple(layer)
            for name, component in self.nlp.pipeline:
                if name != "sentencizer":
                    doc = component(doc)
            for ent in doc.ents:
                flagged = {s for ext, s in self.extensions.items() if ent._.get(ext)}
                status = next((s for s in PRECEDENCE if s in flagged), Status.PRESENT)
                if status is Status.PRESENT and any(a <= ent.start < b for a, b in questions):
                    status = Status.ASKED
                status = next((s for a, b, s in answered if a <= ent.start < b), status)
                mentions.append(Mention(ent.label_, ent.text, status, ent.start_char, ent.end_char))
                for extension in self.extensions:
                    ent._.set(extension, False)
            doc.ents = ()
        return mentions

    def _answered(self, doc: Any) -> list[tuple[int, int, Status]]:
        """Short questions answered in the next sentence: "trusler? nei. kniv? ja".

        The question's signs take the answer's status (present, denied, asked).
        """
        sentences = list(doc.sents)
        found = []
        for question, reply in itertools.pairwise(sentences):
            if len(question) > 6 or not question[-1].text.endswith("?"):
                continue
            words = tuple(t.lower_ for t in reply if not t.is_punct)
            status = next((s for s, p in self.answers if words[: len(p)] == p), None)
            if status is not None:
                found.append((question.start, question.end, status))
        return found

    def _questions(self, doc: Any) -> list[tuple[int, int]]:
        """Token ranges of yes/no questions: verb-first clauses in a sentence ending in "?".

        Clauses are NegEx's: a sentence cut at termination phrases
        ("ingen kniv, men har han andre våpen?" asks only about the second).
        """
        negex: Any = self.nlp.get_pipe("sg_denied")
        _, _, terminating = negex.process_negations(doc)
        opener_end = {start: end for _, start, end in terminating}
        ranges = []
        for sent in doc.sents:
            if not sent[-1].text.endswith("?"):
                continue
            cuts = sorted({sent.start, *(t for t in opener_end if sent.start < t < sent.end)})
            for first, start in enumerate(cuts):
                end = cuts[first + 1] if first + 1 < len(cuts) else sent.end
                # The clause opens with its terminator ("men", ", er") and the word after it.
                opener = doc[start : min(opener_end.get(start, start) + 1, end)]
                if opener[0].lower_ in WH_WORDS:
                    continue  # "kva skjer med borna?" asks what, not whether
                if any(token.lower_ in self.question_starters for token in opener):
                    ranges.append((start, end))
        return ranges


@functools.cache
def _register_factory() -> None:
    """Register "sg_negex": negspacy's NegEx, except that a clause end never cuts a trigger.

    "benekter at han har truet henne": the termination phrase "at han" begins
    inside the trigger "benekter at", and plain negspacy would start a new
    clause there, leaving the threat outside the denial's reach.
    """
    from negspacy.negation import Negex
    from spacy.language import Language

    class WholeTriggerNegex(Negex):
        def process_negations(self, doc: Any) -> tuple[list[Any], list[Any], list[Any]]:
            preceding, following, terminating = super().process_negations(doc)
            triggers = [(start, end) for _, start, end in (*preceding, *following)]
            terminating = [t for t in terminating if not any(a < t[1] < b for a, b in triggers)]
            return preceding, following, terminating

    Language.factory(
        "sg_negex",
        default_config={
            "neg_termset": {},
            "ent_types": [],
            "extension_name": "negex",
            "chunk_prefix": [],
        },
        func=WholeTriggerNegex,
    )


@functools.lru_cache(maxsize=1)
def _reader(path: Path = TERMS_FILE) -> _Reader:
    return _Reader(path)


def warm_up() -> None:
    """Build the pipeline now (at server start) rather than on the first message."""
    _reader()


def read(text: str, found: Iterable[Found]) -> list[Mention]:
    """What `text` says about each found sign, in the order found."""
    found = sorted(found, key=lambda f: (f.start, f.end))
    if not text or not found:
        return []
    return _reader().read(text, found)


def present_labels(mentions: Iterable[Mention]) -> list[str]:
    """Labels with at least one present mention, in first-mention order."""
    return list(dict.fromkeys(m.label for m in mentions if m.present))


def statuses(mentions: Iterable[Mention]) -> dict[str, Status]:
    """One status per label: present if any mention is present, else the first mention's."""
    result: dict[str, Status] = {}
    for mention in mentions:
        if mention.present or mention.label not in result:
            result[mention.label] = mention.status
    return result
