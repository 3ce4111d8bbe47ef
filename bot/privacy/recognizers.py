"""Norwegian recognizers for presidio-analyzer: fødselsnummer, phone, e-mail, address, names.

Presidio has no Norwegian recognizers, so these are ours; the framework
(analysis, conflict resolution between overlapping finds, replacement) is
presidio's. Patterns and word lists live in patterns.yml.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib
import itertools
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import regex
import yaml
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from bot.knowledge import knowledge
from bot.places import places

PATTERN_FILE = Path(__file__).with_name("patterns.yml")
# Debian's wnorwegian (Norsk ordbank's word forms) and wamerican (English words
# staff mix in: "pt denies threats"); `make setup` installs both.
DICTIONARY_FILES = (
    (Path("/usr/share/dict/bokmaal"), "latin-1"),
    (Path("/usr/share/dict/nynorsk"), "latin-1"),
    (Path("/usr/share/dict/american-english"), "utf8"),
)
LANGUAGE = "nb"
FNR, PHONE, EMAIL, ADDRESS, PERSON = (
    "FODSELSNUMMER",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "ADDRESS",
    "PERSON",
)
logger = logging.getLogger(__name__)
_CASE_SENSITIVE = regex.M | regex.S
_LATIN_NAME = re.compile(r"^[^\W\d_]+(?:[ '-][^\W\d_]+)*$")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_POSSESSIVES = frozenset(
    {"hennes", "hans", "hennar", "sin", "si", "sitt", "min", "mi", "vår", "deres"}
)
_PARTICLES = frozenset(
    {"al", "el", "van", "von", "de", "da", "di", "bin", "ibn", "abu", "ben", "la"}
)
# Abbreviations whose period does not end a sentence ("dr. Haugen").
_TITLES = frozenset({"dr", "prof", "fr", "hr", "mr", "mrs", "ms", "st", "ca", "jf"})
_AGE_AFTER = re.compile(r"\s*(?:\(\d{1,3}\)|,\s*\d{1,3}\b)")
_ABBREVIATION = re.compile(r"^\w+nr$")  # "Fakturanr", "Kontonr"
_DOSE = re.compile(r"\s+\d+(?:[.,]\d+)?\s*(?:mg|ml|g|mcg|µg|ie|stk|tbl)\b", re.I)
_DOSE_BEFORE = re.compile(r"\d\s*(?:mg|ml|g|mcg|µg|ie|stk|tbl)\s+$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;\n\"«»()]")


@functools.lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """patterns.yml, parsed."""
    with PATTERN_FILE.open(encoding="utf8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def fnr_valid(number: str) -> bool:
    """True for a fødselsnummer or D-number whose date and mod-11 check digits hold."""
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 11:
        return False
    day, month = digits[0] * 10 + digits[1], digits[2] * 10 + digits[3]
    day -= 40 if day > 40 else 0  # D-number
    month -= 80 if month > 80 else 40 if month > 40 else 0  # test and H-numbers
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    for weights, position in (
        ((3, 7, 6, 1, 8, 9, 4, 5, 2), 9),
        ((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), 10),
    ):
        check = (11 - sum(w * d for w, d in zip(weights, digits, strict=False)) % 11) % 11
        if check == 10 or check != digits[position]:
            return False
    return True


def _national_digits(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    for prefix in ("0047", "47"):
        if len(digits) == len(prefix) + 8 and digits.startswith(prefix):
            return digits[len(prefix) :]
    return digits


@functools.lru_cache(maxsize=1)
def own_numbers() -> frozenset[str]:
    """Every number the assistant itself gives: never personal data.

    The national contacts (contacts.yml), the crisis centres' numbers (research
    and local) and the organisation's local contacts, as their loaders read them.
    """
    data = places()
    numbers = [c.tel for c in knowledge().contacts.values()]
    numbers += [p.number for centre in data.centres.values() for p in centre.phones]
    numbers += [p.number for phones in data.local_phones.values() for p in phones]
    numbers += [c.phone for n in data.municipalities for c in data.local_contacts(n) if c.phone]
    return frozenset(_national_digits(n) for n in numbers)


class FodselsnummerRecognizer(PatternRecognizer):
    """11 digits whose date and mod-11 check digits hold."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity=FNR,
            supported_language=LANGUAGE,
            patterns=[Pattern("fodselsnummer", table()["fodselsnummer"], 0.5)],
        )

    def validate_result(self, pattern_text: str) -> bool:
        """Only a valid number counts; an order or case number does not."""
        return fnr_valid(pattern_text)


class PhoneRecognizer(PatternRecognizer):
    """Norwegian phone numbers in the usual spellings, except the assistant's own."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity=PHONE,
            supported_language=LANGUAGE,
            patterns=[Pattern(f"phone_{i}", p, 0.9) for i, p in enumerate(table()["phone"])],
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        """The numbers the assistant itself gives (contacts.yml) are not personal data."""
        return _national_digits(pattern_text) in own_numbers()


def email_recognizer() -> PatternRecognizer:
    """E-mail addresses (presidio's own recognizer would look up the TLD list online)."""
    return PatternRecognizer(
        supported_entity=EMAIL,
        supported_language=LANGUAGE,
        patterns=[Pattern("email", table()["email"], 1.0)],
    )


def address_recognizer() -> PatternRecognizer:
    """A street name with a house number (and a postcode and place after it)."""
    endings = "|".join(sorted(map(re.escape, table()["street_endings"]), key=len, reverse=True))
    pattern = table()["street"].replace("{endings}", endings)
    return PatternRecognizer(
        supported_entity=ADDRESS,
        supported_language=LANGUAGE,
        patterns=[Pattern("street", pattern, 0.95)],
        global_regex_flags=_CASE_SENSITIVE,
    )


@dataclass(frozen=True)
class NameLists:
    """Words that are first or last names, and words that are ordinary Norwegian."""

    names: frozenset[str]
    faker: frozenset[str]
    given: frozenset[str]
    surnames: frozenset[str]
    vocabulary: Vocabulary
    places: frozenset[str]
    not_names: frozenset[str]


def _provider_names(
    locale: str, kinds: tuple[str, ...] = ("first_names", "last_names")
) -> set[str]:
    try:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    except (ImportError, AttributeError):
        return set()
    names: set[str] = set()
    for attribute in dir(provider):
        if attribute.startswith(kinds):
            values = getattr(provider, attribute)
            if isinstance(values, dict | list | tuple):
                names.update(str(v) for v in values)
    return {part.lower() for n in names if _LATIN_NAME.match(n) for part in re.split(r"[ ]", n)}


def _word_hash(word: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(word.encode("utf8"), digest_size=8).digest(), "little", signed=True
    )


class Vocabulary:
    """Ordinary Norwegian words (Bokmål and Nynorsk), as a sorted array of 64-bit hashes.

    1.3 million word forms as Python strings would cost ~200 MB in every Rasa
    process; their hashes cost 10 MB, and a false "ordinary" needs a 64-bit
    collision.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self._hashes = np.unique(np.fromiter((_word_hash(w) for w in words), dtype=np.int64))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        key = _word_hash(word)
        index = int(np.searchsorted(self._hashes, key))
        return index < len(self._hashes) and int(self._hashes[index]) == key

    def __len__(self) -> int:
        return len(self._hashes)


def _dictionary_entries() -> Iterable[str]:
    found = False
    for path, encoding in DICTIONARY_FILES:
        if not path.is_file():
            continue
        found = True
        with path.open(encoding=encoding) as handle:
            for line in handle:
                yield line.rstrip("\n")
    if not found:
        logger.warning(
            "Norwegian word lists not found (%s): install Debian's wnorwegian (`make setup` "
            "does); names are found less reliably without them",
            ", ".join(str(path) for path, _ in DICTIONARY_FILES),
        )


def _dictionary_words() -> Iterable[str]:
    """Lower-case entries of the system word lists (Debian's wnorwegian): ordinary words."""
    return (w for w in _dictionary_entries() if w[:1].islower())


_PROPER_NAME = re.compile(r"^[A-ZÆØÅ][a-zæøåéèü]+$")
# Capitalised entries that are English or Norwegian common words, not names.
_ENGLISH_CAPITALISED = frozenset({"i", "god", "english", "norwegian"})


def _dictionary_names() -> set[str]:
    """Capitalised single words of the word lists: mostly names used in Norway.

    Places and other proper nouns are removed by the caller.
    """
    return {
        w.lower()
        for w in _dictionary_entries()
        if _PROPER_NAME.match(w) and not w.endswith("s") and w.lower() not in _ENGLISH_CAPITALISED
    }


def _lemma_words() -> Iterable[str]:
    import spacy_lookups_data  # the Norwegian lemma table Rasa's fallback pipeline uses too

    path = Path(spacy_lookups_data.__file__).parent / "data" / "nb_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf8") as handle:
        lemmas: dict[str, str] = json.load(handle)
    for form, lemma in lemmas.items():  # proper nouns ("Ali") are not ordinary words
        yield from (w for w in (form, lemma) if w.islower())


def _countries() -> set[str]:
    """One-word country names from Faker's address providers ("Norway", "Somalia" …)."""
    words: set[str] = set()
    for locale in ("en", "en_US", "no_NO", "sv_SE", "da_DK", "de_DE"):
        try:
            provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        except (ImportError, AttributeError):
            continue
        for country in getattr(provider, "countries", ()):
            parts = _WORD.findall(str(country))
            if len(parts) == 1:  # "Solomonøyene" yes, but not "Solomon" of "Solomon Islands"
                words.add(parts[0].lower())
    return words


def _vocabulary() -> Vocabulary:
    return Vocabulary(itertools.chain(_dictionary_words(), _lemma_words()))


def _places() -> set[str]:
    """The words of every municipality, former municipality, town and county."""
    return {w.lower() for name in places().names() for w in _WORD.findall(name)}


@functools.lru_cache(maxsize=1)
def name_lists() -> NameLists:
    """Built once per process (about a second): name lists, vocabulary, place words."""
    settings = table()
    places = _places() | _countries()
    not_names = {w.lower() for w in settings["not_names"]}
    in_norway = _dictionary_names() - places - not_names
    names = set().union(*(_provider_names(loc) for loc in settings["name_locales"]))
    nordic = settings["lowercase_name_locales"]
    given = set().union(*(_provider_names(loc, ("first_names",)) for loc in nordic))
    return NameLists(
        names=frozenset(names | in_norway),
        faker=frozenset(names),
        given=frozenset(given),
        surnames=frozenset(set().union(*(_provider_names(loc, ("last_names",)) for loc in nordic))),
        vocabulary=_vocabulary(),
        places=frozenset(places),
        not_names=frozenset(not_names),
    )


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    sentence_start: bool

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def name_shaped(self) -> bool:
        """No capital inside a part ("BankID"), and a hyphen only between capitalised parts."""
        parts = [p for p in re.split(r"[-']", self.text) if p]
        named = [p for p in parts if p.lower() not in _PARTICLES or p is parts[-1]]
        return bool(named) and all(
            p[:1].isupper() and not any(c.isupper() for c in p[1:]) for p in named
        )

    @property
    def capitalised(self) -> bool:
        head, _, rest = self.text.partition("-")
        text = rest if head.lower() in _PARTICLES and rest else self.text  # "al-Jabouri"
        return text[0].isupper() and not (len(text) > 1 and text.isupper())


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        between = text[previous_end : match.start()]
        after_title = bool(tokens) and tokens[-1].low in _TITLES and between.strip() == "."
        starts = not tokens or (bool(_SENTENCE_END.search(between)) and not after_title)
        tokens.append(_Token(match.start(), match.end(), match.group(), starts))
        previous_end = match.end()
    return tokens


class NorwegianNameRecognizer(EntityRecognizer):
    """Person names: name lists plus capitalisation and the words around them.

    A word is a name when it is on a name list and capitalised (not an
    ordinary word opening a sentence), when it follows "heter"/"navnet", when
    a capitalised unknown word follows "pasienten", "samboeren" …, when two
    capitalised unknown words stand together, or when a lower-case word is a
    Nordic first name and no Norwegian word. Places, services and measures
    are never names.
    """

    def __init__(self) -> None:
        super().__init__(supported_entities=[PERSON], supported_language=LANGUAGE)

    def load(self) -> None:
        """Name lists are built lazily, on first use."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Spans of `text` that are person names."""
        if PERSON not in entities:
            return []
        lists, settings = name_lists(), table()
        tokens = _tokens(text)
        introducers = set(settings["name_introducers"])
        people_words = set(settings["name_before"])
        person_before = set(settings["person_before"])
        person_verbs = set(settings["person_verbs"])
        substance_before = set(settings["substance_before"])
        place_words = set(settings["place_before"])
        flags = [False] * len(tokens)

        def known(t: _Token) -> bool:
            return t.low in lists.not_names or t.low in lists.places

        def on_list(word: str) -> bool:
            # The word lists' capitalised entries hold organisations too ("Frelsesarmeen"):
            # a compound of ordinary words from there is no name.
            return word in lists.faker or (word in lists.names and not compound(word))

        def listed(t: _Token) -> bool:
            low = t.low
            if "-" in low:  # "Anne-Grete", "anne-grete"
                return all(on_list(part) for part in low.split("-") if part not in _PARTICLES)
            return on_list(low) or (low.endswith("s") and on_list(low[:-1]))

        def ordinary(t: _Token) -> bool:
            return t.low in lists.vocabulary

        def acts_like_person(i: int) -> bool:
            previous = tokens[i - 1].low if i > 0 else ""
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            gap = text[tokens[i].end : following.start] if following else ""
            if previous in substance_before or tokens[i].low in settings["place_words_after"]:
                return False
            return (
                previous in people_words
                or previous in person_before
                or bool(_AGE_AFTER.match(text, tokens[i].end))
                or (following is not None and following.low in person_verbs and not gap.strip(" ,"))
            )

        def title_word(t: _Token) -> bool:
            return (
                t.capitalised and not t.sentence_start and ordinary(t) and t.low not in lists.given
            )

        def compound(word: str) -> bool:
            """A compound of ordinary words ("straffesaksnummer"), joined by -s- or -e- or not."""
            for cut in range(4, len(word) - 3):
                head, tail = word[:cut], word[cut:]
                if tail in lists.vocabulary and (
                    head in lists.vocabulary or (head[-1] in "se" and head[:-1] in lists.vocabulary)
                ):
                    return True
            return False

        for i, token in enumerate(tokens):
            if known(token):
                continue
            previous = tokens[i - 1].low if i > 0 else ""
            before = tokens[i - 2].low if i > 1 else ""
            if previous in _POSSESSIVES and before in people_words:
                previous = before  # "mannen hennar, Arve"
            introduced = previous in introducers or (
                before in introducers and previous in {"er", "hennes", "hans", "hennar", "til"}
            )
            if introduced:
                flags[i] = listed(token) or not ordinary(token) or token.capitalised
            elif token.capitalised:
                if i > 0 and tokens[i - 1].text.isupper() and len(tokens[i - 1].text) > 1:
                    continue  # an organisation: "NAV Grünerløkka", "RVTS Nord"
                if previous in place_words and token.low not in lists.faker:
                    continue  # "Krisesenteret i Salten", "jobber på Rema", "til Lofoten"
                if (
                    not listed(token)
                    and i + 1 < len(tokens)
                    and title_word(tokens[i + 1])
                    and not listed(tokens[i + 1])
                ):
                    continue  # a title: "Brøset Violence Checklist"
                if (
                    not token.name_shaped
                    or _DOSE.match(text, token.end)
                    or _DOSE_BEFORE.search(text, 0, token.start)
                ):
                    continue  # "BankID", "Teams-møte", "Sobril 10 mg"
                if (
                    i > 0
                    and title_word(tokens[i - 1])
                    and not (listed(token) and not ordinary(token))
                ):
                    continue  # a title in capitals: "the Crisis Centre", "Find My iPhone"
                if not ordinary(token):
                    # On a name list; or an unknown word (no Norwegian or English word nor
                    # a compound of them) that acts like a person: "Kasia lyver", "til Tekle".
                    flags[i] = listed(token) or (
                        not compound(token.low)
                        and acts_like_person(i)
                        and not _ABBREVIATION.match(token.low)
                    )
                elif listed(token):
                    # "Per", "Liv", "Vern": a name mid-sentence if common, or after a people word
                    flags[i] = not token.sentence_start and (
                        token.low in lists.given or previous in people_words
                    )
            elif len(token.text) > 2 and (
                token.text.islower() or (token.text.isupper() and previous in people_words)
            ):  # not acronyms ("SARA:SV", "NAV"), but "mannen ROAR"
                if not ordinary(token):
                    flags[i] = listed(token)
                else:
                    flags[i] = token.low in lists.given and previous in people_words
        # Two capitalised names side by side, one unmistakable ("Vilde Eriksen", "Muna
        # Ali"), or both in no dictionary ("Tigist Alemu").
        for i in range(1, len(tokens)):
            pair = (tokens[i - 1], tokens[i])
            if (flags[i - 1] and flags[i]) or tokens[i].sentence_start:
                continue
            if text[pair[0].end : pair[1].start].strip():
                continue  # not side by side: "Moradi: Bygdøy"
            if pair[0].sentence_start and ordinary(pair[0]) and not listed(pair[0]):
                continue  # "Pasienten Kari …": an ordinary word opening the sentence
            if all(t.capitalised and t.name_shaped and not known(t) for t in pair) and (
                any(listed(t) and not ordinary(t) for t in pair)
                or (flags[i] and not title_word(pair[0]))
                or all(not ordinary(t) and not compound(t.low) for t in pair)  # "Leila Moradi"
            ):
                flags[i - 1] = flags[i] = True
        # A capitalised run before a street or institution word names that, not a person:
        # "Sigrid Undsets vei", "Martina Hansens Hospital".
        for i, token in enumerate(tokens):
            if token.low in settings["place_words_after"] and i > 0 and flags[i - 1]:
                flags[i] = False
                j = i - 1
                while j >= 0 and flags[j] and tokens[j].capitalised:
                    flags[j] = False
                    if tokens[j].sentence_start:
                        break
                    j -= 1
        # Names joined by "og": "Lise og Kristoffer", "Ida og Oskar".
        for i in range(2, len(tokens)):
            if tokens[i - 1].low == "og" and flags[i - 2] != flags[i]:
                other = i if flags[i - 2] else i - 2
                candidate = tokens[other]
                if (
                    candidate.capitalised
                    and candidate.name_shaped
                    and not known(candidate)
                    and (listed(candidate) or not (ordinary(candidate) or compound(candidate.low)))
                ):
                    flags[other] = True
        # A surname after a first name: "Kari Berg", "kari berg", "Mohammed Ali".
        for i in range(1, len(tokens)):
            token = tokens[i]
            if (
                flags[i - 1]
                and not flags[i]
                and not token.sentence_start
                and token.low not in lists.not_names
            ):
                adjacent = text[tokens[i - 1].end : token.start].strip() == ""
                lower_pair = not tokens[i - 1].capitalised and not token.capitalised
                surname = (listed(token) and not ordinary(token)) or (
                    lower_pair and (token.low in lists.surnames or not ordinary(token))
                )
                if adjacent and (token.capitalised or surname):
                    flags[i] = True
        return self._spans(text, tokens, flags)

    @staticmethod
    def _spans(text: str, tokens: list[_Token], flags: list[bool]) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        i = 0
        while i < len(tokens):
            if not flags[i]:
                i += 1
                continue
            j = i
            while (
                j + 1 < len(tokens)
                and flags[j + 1]
                and not text[tokens[j].end : tokens[j + 1].start].strip()
            ):
                j += 1
            results.append(RecognizerResult(PERSON, tokens[i].start, tokens[j].end, 0.8))
            i = j + 1
        return results


def recognizers() -> list[EntityRecognizer]:
    """Every recognizer the redactor runs."""
    return [
        FodselsnummerRecognizer(),
        PhoneRecognizer(),
        email_recognizer(),
        address_recognizer(),
        NorwegianNameRecognizer(),
    ]
