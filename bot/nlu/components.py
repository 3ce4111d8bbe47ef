"""Custom Rasa NLU components, referenced from `config.yml` by dotted path.

- :class:`NorwegianSpacyNLP` provides the Norwegian spaCy pipeline (trained
  model or fallback, see :mod:`bot.nlu.backend`) and records in the trained
  model which one it was trained with.
- :class:`KnowledgeEntityExtractor` finds the names of measures from
  `data/knowledge/measures.yml` in a message, tolerating typos. Places are
  not entities: `NorwegianSpacyNLP` replaces a municipality's name with a
  marker, and the actions read the place from the text (`bot.places`).
- :class:`PlaceQuestionGuard` keeps a question about the crisis centre or
  police of a named municipality from being taken as small talk
  ("Overhalla" is not "halla").
- :class:`NoWordsGuard` turns a message without a single letter or digit
  (emoji only, punctuation) into ``nlu_fallback`` instead of a guess.
- :class:`AcuteDangerBackstop` overrides the predicted intent with
  ``acute_danger`` when a deterministic danger pattern matches.
"""

from __future__ import annotations

import json
import logging
from typing import Any, ClassVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.model import InvalidModelError
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    METADATA,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot import names
from bot.knowledge import knowledge
from bot.nlu import assertion, danger, written_standard
from bot.nlu import backend as nlp_backend
from bot.nlu.assertion import Status
from bot.nlu.entities import measure_gazetteer
from bot.places import places
from bot.places.message import mark_places, named_municipality, service_asked
from bot.privacy.placeholders import blank_placeholders
from bot.text import has_words
from bot.text.fuzzy import Gazetteer
from bot.text.standard import STANDARDS

logger = logging.getLogger(__name__)

BACKEND_FILE = "backend.json"


class _Stateless(GraphComponent):
    """A component with nothing to train: `create` builds it (and warms up its data)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> _Stateless:
        """Create the component; data it needs loads now, not on the first message."""
        return cls.from_data()

    @classmethod
    def from_data(cls) -> _Stateless:
        """The component, with what `process` needs loaded or compiled (`warm_up`)."""
        cls.warm_up()
        return cls()

    @classmethod
    def warm_up(cls) -> None:
        """Load or compile what `process` needs (nothing by default)."""

    def process(self, messages: list[Message]) -> list[Message]:
        """`read` each typed message; button payloads ("/intent") are left alone."""
        for message in messages:
            text = message.get(TEXT)
            if text and not text.startswith("/"):
                self.read(message, text)
        return messages

    def read(self, message: Message, text: str) -> None:
        """What the component does with one typed message (nothing by default)."""


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="NorwegianSpacyNLP",
)
class NorwegianSpacyNLP(SpacyNLP):
    """Loads `nb_core_news_sm` when installed, otherwise the fallback pipeline."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Default config: the trained model to use when it is installed."""
        return {
            **SpacyNLP.get_default_config(),
            "model": nlp_backend.TRAINED_MODEL,
            # Municipality names become one marker word before featurizing (docs/nlu.md).
            "mark_places": True,
        }

    def _preprocess_text(self, text: str | None) -> str:
        """Places marked, Rasa's preprocessing, redaction placeholders blanked.

        "hjelp i Surnadal" → "hjelp i xq      "; "tlf [telefonnummer]" → "tlf".
        Lengths are kept, so token offsets still point into the message.
        """
        if text and self._config.get("mark_places", True):
            text = mark_places(text)
        return blank_placeholders(super()._preprocess_text(text))

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NorwegianSpacyNLP:
        """Load the pipeline for training and record which backend it is."""
        config = {**cls.get_default_config(), **config}
        backend = nlp_backend.resolve(config["model"])
        logger.info("Training with Norwegian backend: %s", backend.describe())
        with model_storage.write_to(resource) as directory:
            (directory / BACKEND_FILE).write_text(
                json.dumps({"id": backend.id, "kind": backend.kind}), encoding="utf8"
            )
        return cls._with_backend(backend, config)

    # Deliberately the same parameters as `create`: Rasa's GraphComponent calls
    # `create` to train and `load` for a trained model, each with these arguments.
    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> NorwegianSpacyNLP:
        """Load the pipeline for a trained model, refusing a different backend."""
        config = {**cls.get_default_config(), **config}
        backend = nlp_backend.resolve(config["model"])  # the same as create's, if trained here
        recorded = cls._recorded_backend(model_storage, resource)
        if recorded is not None and recorded != backend.id:
            raise InvalidModelError(
                f"This model was trained with the Norwegian backend '{recorded}', but this "
                f"machine provides '{backend.id}' ({backend.describe()}). Its features would "
                f"not match. Retrain with `make train`, or install the backend it was "
                f"trained with."
            )
        return cls._with_backend(backend, config)

    @classmethod
    def _with_backend(
        cls, backend: nlp_backend.Backend, config: dict[str, Any]
    ) -> NorwegianSpacyNLP:
        return cls(SpacyModel(nlp_backend.load(backend), backend.id), config)

    @staticmethod
    def _recorded_backend(model_storage: ModelStorage, resource: Resource) -> str | None:
        try:
            with model_storage.read_from(resource) as directory:
                data = json.loads((directory / BACKEND_FILE).read_text(encoding="utf8"))
        except (ValueError, FileNotFoundError):
            return None
        return str(data["id"])

    @staticmethod
    def ensure_proper_language_model(nlp: Any) -> None:
        """The fallback pipeline is built in memory, so it has no path; that is fine."""


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class AcuteDangerBackstop(_Stateless, IntentClassifier):
    """Predicts ``acute_danger`` whenever a danger pattern matches the message.

    Placed last in the pipeline, after the FallbackClassifier, so that neither a
    wrong intent nor a low-confidence fallback can swallow a message about
    danger right now.
    """

    OVER = frozenset({Status.DENIED, Status.PAST})

    @classmethod
    def warm_up(cls) -> None:
        """Compile the danger patterns and build the assertion reader."""
        danger.signals()
        assertion.warm_up()

    def process(self, messages: list[Message]) -> list[Message]:
        """Override the intent of messages that state danger; undo an alarm on denied danger."""
        for message in messages:
            mentions = danger.read(message.get(TEXT))
            found = assertion.present_labels(mentions)
            previous = message.get(INTENT) or {}
            if found:
                if previous.get(INTENT_NAME_KEY) != names.INTENT_ACUTE_DANGER:
                    logger.info(
                        "Danger backstop matched %s (classifier said %s)",
                        ",".join(found),
                        previous.get(INTENT_NAME_KEY),
                    )
                _set_intent(message, names.INTENT_ACUTE_DANGER)
                message.set(names.DANGER_SIGNALS, found, add_to_output=True)
            elif (
                previous.get(INTENT_NAME_KEY) == names.INTENT_ACUTE_DANGER
                and mentions
                and all(m.status in self.OVER for m in mentions)
            ):
                # "Ingen er i fare nå", "han truet henne for ti år siden, ikke siden":
                # the danger named is denied or over, so the classifier's alarm is
                # not taken; a question or a supposition keeps it (the emergency
                # number is the answer to "what if he comes with a knife?").
                _drop_intent(message, names.INTENT_ACUTE_DANGER)
        return messages


def _ranking_without(message: Message, intent: str) -> list[dict[str, Any]]:
    return [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get(INTENT_NAME_KEY) != intent
    ]


def _drop_intent(message: Message, intent: str) -> None:
    """Take `intent` out of the prediction; the next one in the ranking becomes the intent."""
    ranking = _ranking_without(message, intent)
    top = (
        ranking[0]
        if ranking
        else {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}
    )
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def _add_entities(message: Message, found: list[dict[str, Any]]) -> None:
    if found:
        message.set(ENTITIES, [*(message.get(ENTITIES) or []), *found], add_to_output=True)


def _set_intent(message: Message, intent: str) -> None:
    top = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top, *_ranking_without(message, intent)], add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class NoWordsGuard(_Stateless, IntentClassifier):
    """Predicts ``nlu_fallback`` for messages with no letters or digits at all.

    The classifier would otherwise pick some intent for "🙂🙂" or "???" with
    misleading confidence (it answered "🙂🙂" with a goodbye).
    """

    def read(self, message: Message, text: str) -> None:
        """Mark a message without words as fallback."""
        if not has_words(text):
            _set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class KnowledgeEntityExtractor(_Stateless, EntityExtractorMixin):
    """Extracts the measures named in a message (names from `data/knowledge/measures.yml`).

    The names are data (every spelling staff use, with sources), so they are
    read from the knowledge files when the model is loaded rather than learned:
    adding a name needs no retraining.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    @classmethod
    def from_data(cls) -> KnowledgeEntityExtractor:
        """Build the name index from the knowledge files."""
        return cls(measure_gazetteer(knowledge()))

    def read(self, message: Message, text: str) -> None:
        """Add the names found in the message as entities."""
        found = [
            {
                ENTITY_ATTRIBUTE_TYPE: match.entity,
                ENTITY_ATTRIBUTE_VALUE: match.value,
                ENTITY_ATTRIBUTE_START: match.start,
                ENTITY_ATTRIBUTE_END: match.end,
                EXTRACTOR: self.__class__.__name__,
                "text": match.text,
            }
            for match in self.gazetteer.find(text)
        ]
        _add_entities(message, found)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ContextCueExtractor(_Stateless, EntityExtractorMixin):
    """Entities that tie a message to the conversation: children, "likevel", "kortere".

    "Hva med barna?" mentions children whatever the topic, so the answer adds
    what applies to children; "ingen barn" does not (the assertion reader sees
    the denial). "Kan jeg ringe politiet likevel?" after a refusal is about the
    duty rules, not phone numbers. The cue lists are bot/consultation/cues.yml.
    """

    # Entity and the cue tables that find it ("barnevernet" is about children too).
    TABLES: ClassVar[dict[str, tuple[str, ...]]] = {
        names.ENTITY_CHILDREN: ("children", "child_welfare"),
        names.ENTITY_DESPITE: ("despite",),
        names.ENTITY_BRIEF: ("brief",),
    }

    @classmethod
    def warm_up(cls) -> None:
        """Compile the cue tables and build the assertion reader."""
        from bot.consultation import parse

        parse.cues()
        assertion.warm_up()

    def read(self, message: Message, text: str) -> None:
        """Add a cue entity for each table named (and not denied) in the message."""
        from bot.consultation import parse

        found = []
        for entity, tables in self.TABLES.items():
            mention = next(
                (
                    m
                    for table in tables
                    for m in parse.read(text, table)
                    if m.status is not Status.DENIED
                ),
                None,
            )
            if mention:
                # Positions are in the cue reader's lower-cased, space-folded
                # text: near enough to the message's for evaluation reports.
                found.append(
                    {
                        ENTITY_ATTRIBUTE_TYPE: entity,
                        ENTITY_ATTRIBUTE_VALUE: mention.status.value,
                        ENTITY_ATTRIBUTE_START: min(mention.start, len(text)),
                        ENTITY_ATTRIBUTE_END: min(mention.end, len(text)),
                        EXTRACTOR: self.__class__.__name__,
                        "text": mention.text,
                    }
                )
        _add_entities(message, found)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PlaceQuestionGuard(_Stateless, IntentClassifier):
    """Small-talk predictions on "krisesenter/politi + a municipality" become look-ups.

    Character n-grams see "halla" in "Overhalla" and "hei" in "Heim"; when the
    message names a municipality outright and asks about the crisis centre or
    the police, a greeting (or any small talk) cannot be what was meant.
    Among the look-up intents themselves, the service the message names
    decides: «krisesenter for folk i Lillehammer» is the centre, whatever the
    classifier's second guess was.
    """

    SMALL_TALK = frozenset(
        {"greet", "goodbye", "thank", "bot_challenge", "help", "out_of_scope",
         "affirm", "deny", "dont_know", "skip", DEFAULT_NLU_FALLBACK_INTENT_NAME}
    )  # fmt: skip
    LOOK_UPS = frozenset(
        {names.INTENT_ASK_LOCAL_CENTRE, names.INTENT_ASK_POLICE_DISTRICT,
         names.INTENT_ASK_LOCAL_HELP, names.INTENT_INFORM_PLACE}
    )  # fmt: skip
    INTENT_FOR: ClassVar[dict[str, str]] = {
        "centre": names.INTENT_ASK_LOCAL_CENTRE,
        "district": names.INTENT_ASK_POLICE_DISTRICT,
        "both": names.INTENT_ASK_LOCAL_HELP,
    }

    @classmethod
    def warm_up(cls) -> None:
        """Load the place data."""
        places()

    def read(self, message: Message, text: str) -> None:
        """Turn small talk that names a municipality and a service into a look-up."""
        want = service_asked(text)
        if not want:
            return
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        small_talk = intent in self.SMALL_TALK and named_municipality(text)
        if small_talk or (intent in self.LOOK_UPS and self.INTENT_FOR[want] != intent):
            _set_intent(message, self.INTENT_FOR[want])


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
    ],
    is_trainable=False,
)
class WrittenStandardReader(_Stateless, EntityExtractorMixin, IntentClassifier):
    """Which written standard to answer in: an entity `written_standard` ("nb"/"nn").

    The slot of the same name is filled from it, so the answer to this very
    message is already in that standard. A message that does not tell ("ja",
    "Bergen") adds nothing and the conversation keeps its standard. "svar på
    nynorsk" is also the intent choose_written_standard, whatever the classifier
    guessed: it is a request, not a question about nynorsk. After such a request
    the channel passes the choice along (message metadata) and it is kept,
    whatever standard the user goes on writing.
    """

    @classmethod
    def warm_up(cls) -> None:
        """Read the word lists."""
        written_standard.warm_up()

    def read(self, message: Message, text: str) -> None:
        """Add the standard the message is written in (or asks for), if it tells."""
        reading = written_standard.read(text)
        metadata = message.get(METADATA) or {}
        kept = metadata.get(names.METADATA_WRITTEN_STANDARD_ASKED)
        if reading.asked:
            _set_intent(message, names.INTENT_CHOOSE_WRITTEN_STANDARD)
            standard: str | None = reading.standard
        elif kept in STANDARDS:
            standard = kept
        else:
            standard = reading.standard
        if standard is None:
            return
        entity = {
            ENTITY_ATTRIBUTE_TYPE: names.ENTITY_WRITTEN_STANDARD,
            ENTITY_ATTRIBUTE_VALUE: standard,
            ENTITY_ATTRIBUTE_START: 0,
            ENTITY_ATTRIBUTE_END: len(text),
            EXTRACTOR: self.__class__.__name__,
            "text": text,
        }
        _add_entities(message, [entity])
