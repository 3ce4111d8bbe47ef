"""Both Norwegian backends, and the refusal to run a model against the other one.

A small spaCy pipeline saved to disk stands in for nb_core_news_sm, which
cannot be downloaded on every machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.model import InvalidModelError
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import backend
from bot.nlu.components import NorwegianSpacyNLP


@pytest.fixture(scope="module")
def stand_in_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A saved Norwegian pipeline with its own lemmatizer, like nb_core_news_sm."""
    nlp = spacy.blank("nb")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add(patterns=[[{"LOWER": "krisesenteret"}]], attrs={"LEMMA": "krisesenter"})
    nlp.meta["name"] = "core_news_standin"
    nlp.meta["version"] = "3.4.0"
    path = tmp_path_factory.mktemp("models") / "nb_core_news_standin"
    nlp.to_disk(path)
    return path


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    (tmp_path / "storage").mkdir()
    return LocalModelStorage(tmp_path / "storage")


RESOURCE = Resource("provide_NorwegianSpacyNLP0")
CONTEXT = ExecutionContext(GraphSchema({}), "test")


def test_without_the_model_the_fallback_is_chosen():
    chosen = backend.resolve("nb_core_news_sm_not_installed")
    assert chosen.kind == "fallback"
    assert chosen.id.startswith("nb-lookups-")
    assert "nb_core_news_sm" in chosen.describe()


def test_fallback_pipeline_tokenizes_and_lemmatizes_norwegian():
    nlp = backend.load(backend.resolve("nb_core_news_sm_not_installed"))
    doc = nlp("voldsalarmen og besøksforbudet ved krisesenteret")
    assert [t.lemma_ for t in doc] == ["voldsalarm", "og", "besøksforbud", "ved", "krisesenter"]


def test_a_saved_pipeline_is_used_as_the_trained_model(stand_in_model: Path):
    chosen = backend.resolve(str(stand_in_model))
    assert (chosen.kind, chosen.id) == ("model", "nb_core_news_standin-3.4.0")
    nlp = backend.load(chosen)
    assert [t.lemma_ for t in nlp("krisesenteret")] == ["krisesenter"]


def test_training_records_the_backend_and_loading_the_same_one_works(
    storage: LocalModelStorage, stand_in_model: Path
):
    config = {"model": str(stand_in_model)}
    trained = NorwegianSpacyNLP.create(config, storage, RESOURCE, CONTEXT)
    loaded = NorwegianSpacyNLP.load(config, storage, RESOURCE, CONTEXT)
    assert trained.provide().model_name == loaded.provide().model_name
    message = Message(data={"text": "Krisesenteret"})
    loaded.process([message], loaded.provide())
    assert message.get("text_spacy_doc")[0].lemma_ == "krisesenter"


def test_model_trained_with_the_fallback_refuses_the_trained_pipeline(
    storage: LocalModelStorage, stand_in_model: Path
):
    NorwegianSpacyNLP.create({"model": "nb_core_news_sm_not_installed"}, storage, RESOURCE, CONTEXT)
    with pytest.raises(InvalidModelError, match="trained with the Norwegian backend 'nb-lookups"):
        NorwegianSpacyNLP.load({"model": str(stand_in_model)}, storage, RESOURCE, CONTEXT)


def test_model_trained_with_the_trained_pipeline_refuses_the_fallback(
    storage: LocalModelStorage, stand_in_model: Path
):
    NorwegianSpacyNLP.create({"model": str(stand_in_model)}, storage, RESOURCE, CONTEXT)
    with pytest.raises(InvalidModelError, match="Retrain with `make train`"):
        NorwegianSpacyNLP.load(
            {"model": "nb_core_news_sm_not_installed"}, storage, RESOURCE, CONTEXT
        )
