import pytest

from bot.nlu.lemmas import MERGED_TABLE, SMALL_TABLE, LookupLemmatizer, lemma_table


@pytest.fixture(scope="module")
def merged() -> LookupLemmatizer:
    return LookupLemmatizer(lemma_table(MERGED_TABLE))


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("krisesenteret", "krisesenter"),
        ("krisesentre", "krisesenter"),
        ("krisesentrene", "krisesenter"),
        ("besøksforbudet", "besøksforbud"),
        ("politiet", "politi"),
        ("pasienten", "pasient"),
        ("barna", "barn"),
        ("kvinner", "kvinne"),
        ("truer", "true"),  # verb before the rare noun "tru"
        ("slår", "slå"),
        ("Kniven", "kniv"),
    ],
)
def test_inflected_forms_get_their_lemma(merged: LookupLemmatizer, word: str, lemma: str):
    assert merged.lemmatize(word) == lemma


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("voldsalarmen", "voldsalarm"),
        ("voldsalarmene", "voldsalarm"),
        ("familievoldskoordinatoren", "familievoldskoordinator"),
        ("sikkerhetstiltakene", "sikkerhetstiltak"),
    ],
)
def test_unknown_compounds_are_lemmatized_by_their_known_tail(
    merged: LookupLemmatizer, word: str, lemma: str
):
    assert merged.lemmatize(word) == lemma


@pytest.mark.parametrize("word", ["voldsalarm", "sara", "02800", "hei"])
def test_base_forms_and_unknown_words_stay_as_they_are(merged: LookupLemmatizer, word: str):
    assert merged.lemmatize(word) == word


def test_merged_table_covers_far_more_forms_than_the_small_lookup():
    small, big = lemma_table(SMALL_TABLE), lemma_table(MERGED_TABLE)
    assert len(small) < 2_000
    assert len(big) > 100 * len(small)
    small_lemmatizer = LookupLemmatizer(small)
    assert small_lemmatizer.lemmatize("krisesenteret") == "krisesenteret"


def test_unknown_table_is_an_error():
    with pytest.raises(ValueError, match="unknown lemma table"):
        lemma_table("nope")
