"""BM25 relevance: a worked example computed by hand, the tokenizer, then properties against a plain loop."""

import math
import random

import numpy as np
import pytest
from funding_factories import WORDS
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.funding import CategoryIndex, Index, category_overlap, stem, tokenize
from civicadopt_core.funding.tokens import pieces

# The worked example of docs/methods/funding.md.
CORPUS = [
    "Smart parking sensors for downtown parking",  # smart parking sensor downtown parking: |D| = 5
    "Broadband for rural libraries",  # broadband rural library: |D| = 3
    "Parking meters and street lights",  # parking meter street light: |D| = 4
]


def test_bm25_worked_example_by_hand() -> None:
    index = Index.build(CORPUS)
    # N = 3 documents, avgdl = (5 + 3 + 4) / 3 = 4. k1 = 1.2, b = 0.75.
    assert list(index.lengths) == [5, 3, 4] and index.average_length == 4
    # "parking" is in 2 documents: IDF = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln(1.6) = 0.470004
    # "sensor" is in 1 document:   IDF = ln(1 + (3 - 1 + 0.5) / (1 + 0.5)) = ln(8/3) = 0.980829
    idf_parking, idf_sensor = math.log(1.6), math.log(8 / 3)
    assert index.idf[index.vocabulary["parking"]] == pytest.approx(0.470004, abs=1e-6)
    assert index.idf[index.vocabulary["sensor"]] == pytest.approx(0.980829, abs=1e-6)
    # Document 1, |D| = 5: K = k1 (1 - b + b |D| / avgdl) = 1.2 x (0.25 + 0.75 x 5/4) = 1.425
    #   parking, tf 2: 0.470004 x 2 x 2.2 / (2 + 1.425) = 0.470004 x 1.284672 = 0.603800
    #   sensor,  tf 1: 0.980829 x 1 x 2.2 / (1 + 1.425) = 0.980829 x 0.907216 = 0.889824
    #   score = 1.493625
    # Document 2 has neither word: 0.
    # Document 3, |D| = 4 = avgdl: K = 1.2; parking, tf 1: 0.470004 x 2.2 / 2.2 = 0.470004
    expected = [idf_parking * 4.4 / 3.425 + idf_sensor * 2.2 / 2.425, 0.0, idf_parking]
    scores = index.scores("parking sensors")
    assert scores == pytest.approx(expected, rel=1e-12)
    assert [round(score, 6) for score in scores] == [1.493625, 0.0, 0.470004]
    assert index.explain("parking sensors", 0) == [
        ("sensor", pytest.approx(0.889824, abs=1e-6)),
        ("parking", pytest.approx(0.603800, abs=1e-6)),
    ]
    assert index.explain("parking sensors", 1) == []


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Libraries, communities and SERVICES!", ["library", "community"]),  # "services": filler
        ("The county's grantees' flood analysis", ["flood", "analysis"]),  # "county", "grantee": filler
        ("Buses, gas and its bus", ["buse", "gas", "bus"]),  # three letters or fewer are left alone
        ("Access campus census", ["access", "campus", "census"]),
        ("don't stop—5G a b 911", ["stop", "5g"]),  # "911" is a number
        ("FY2027 funds: $1,000,000 for 1990s systems, 19th of 2 3D maps", ["3d", "map"]),
        ("New public services for the city each year", []),  # domain filler only
        ("Ciudad\u2019s niños", ["ciudad", "niño"]),
        ("of the and to in", []),
    ],
)
def test_tokenizer(text: str, terms: list[str]) -> None:
    assert tokenize(text) == terms


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("policies", "policy"),
        ("toes", "toe"),  # rule 2 excepts -oes, so rule 3 takes the s
        ("shoes", "shoe"),
        ("vehicles", "vehicle"),
        ("agrees", "agree"),
        ("grants", "grant"),
        ("glass", "glass"),
        ("basis", "basis"),
    ],
)
def test_harmans_s_stemmer(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_empty_corpus_and_empty_query() -> None:
    empty = Index.build([])
    assert len(empty) == 0 and list(empty.scores("grant")) == []
    index = Index.build(CORPUS)
    assert list(index.scores("")) == [0.0, 0.0, 0.0]
    assert list(index.scores("of the unknownword")) == [0.0, 0.0, 0.0]
    assert list(Index.build(["", "the of"]).scores("the")) == [0.0, 0.0]


def test_words_joined_by_non_ascii_punctuation_are_counted_apart() -> None:
    # "sensors\u2014parking" is one piece for the fast first pass and two terms for the tokenizer
    index = Index.build(["Sensors\u2014parking\u00a0meters", "parking", "sensors\u2014parking"])
    assert list(index.lengths) == [3, 1, 2]
    assert index.scores("parking sensor") == pytest.approx(plain_bm25(CORPUS_2, ["parking", "sensor"]))


CORPUS_2 = ["sensor parking meter", "parking", "sensor parking"]


def test_parameters_are_checked_and_used() -> None:
    with pytest.raises(ValueError):
        Index.build(CORPUS, b=1.5)
    # b = 0: no length normalisation, so document 1's parking weight is IDF x 2 x 2.2 / (2 + 1.2)
    flat = Index.build(CORPUS, b=0.0)
    assert flat.scores("parking")[0] == pytest.approx(math.log(1.6) * 4.4 / 3.2)
    with pytest.raises(IndexError):
        flat.explain("parking", 3)


def test_repeating_a_word_in_the_query_does_not_change_the_score() -> None:
    index = Index.build(CORPUS)
    assert list(index.scores("parking parking sensors")) == list(index.scores("sensors parking"))


def test_the_sparse_matrix_gives_the_same_scores() -> None:
    index = Index.build(CORPUS)
    query = np.zeros(len(index.terms))
    query[index.query_ids("parking sensors")] = 1.0
    assert np.allclose(index.matrix() @ query, index.scores("parking sensors"))


def test_categories_overlap_ignores_case_and_spacing() -> None:
    lists = [("ST", "Environment"), ("st",), (), ("ENV", "Community  development")]
    wanted = ["st", "community development"]
    assert list(CategoryIndex.build(lists).overlap(wanted)) == [0.5, 0.5, 0.0, 0.5]
    assert [category_overlap(names, wanted) for names in lists] == [0.5, 0.5, 0.0, 0.5]
    assert list(CategoryIndex.build(lists).overlap([])) == [0.0] * 4


# --- properties ----------------------------------------------------------------------------------------

VOCABULARY = WORDS
documents = st.lists(
    st.lists(st.sampled_from(VOCABULARY), max_size=25).map(" ".join), min_size=1, max_size=25
)
queries = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=5)


def plain_bm25(texts: list[str], query: list[str], k1: float = 1.2, b: float = 0.75) -> list[float]:
    """BM25 one document at a time, straight from the formula: the oracle for the sparse version."""
    docs = [tokenize(text) for text in texts]
    average = sum(map(len, docs)) / len(docs) or 1.0
    terms = list(dict.fromkeys(term for word in query for term in tokenize(word)))
    scores = []
    for doc in docs:
        score = 0.0
        for term in terms:
            n = sum(term in other for other in docs)
            tf = doc.count(term)
            if tf:
                idf = math.log(1 + (len(docs) - n + 0.5) / (n + 0.5))
                score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / average))
        scores.append(score)
    return scores


@given(documents, queries)
def test_scores_equal_the_formula_document_by_document(texts: list[str], query: list[str]) -> None:
    assert Index.build(texts).scores(" ".join(query)) == pytest.approx(plain_bm25(texts, query), rel=1e-9)


@given(documents, queries, st.sampled_from(VOCABULARY))
def test_adding_a_query_word_found_in_a_document_never_lowers_its_score(
    texts: list[str], query: list[str], extra: str
) -> None:
    index = Index.build(texts)
    before = index.scores(" ".join(query))
    after = index.scores(" ".join([*query, extra]))
    for doc, text in enumerate(texts):
        if extra in tokenize(text):
            assert after[doc] >= before[doc]
            if extra not in query:
                assert after[doc] > before[doc]
    # and a word is never worth a negative amount anywhere (the Lucene IDF is positive)
    assert (after >= before).all()


@given(documents, queries)
def test_a_document_without_any_query_word_scores_zero(texts: list[str], query: list[str]) -> None:
    scores = Index.build(texts).scores(" ".join(query))
    for doc, text in enumerate(texts):
        if not set(tokenize(text)) & set(query):
            assert scores[doc] == 0
        else:
            assert scores[doc] > 0


@given(documents, queries, st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_the_order_of_the_documents(
    texts: list[str], query: list[str], shuffler: random.Random
) -> None:
    order = list(range(len(texts)))
    shuffler.shuffle(order)
    scores = Index.build(texts).scores(" ".join(query))
    shuffled = Index.build([texts[i] for i in order]).scores(" ".join(query))
    assert shuffled == pytest.approx(scores[order], rel=1e-12)


@given(documents, queries)
def test_explained_contributions_add_up_to_the_score(texts: list[str], query: list[str]) -> None:
    index = Index.build(texts)
    scores = index.scores(" ".join(query))
    for doc in range(len(texts)):
        parts = index.explain(" ".join(query), doc)
        assert sum(value for _, value in parts) == pytest.approx(scores[doc], rel=1e-12)
        assert [value for _, value in parts] == sorted((value for _, value in parts), reverse=True)


messy = st.text(alphabet=st.sampled_from("ab cdé\u2019'_-\u2014.,\u00a0\nßSÉ5"), max_size=60)


@given(messy)
def test_the_fast_first_pass_cuts_no_word(text: str) -> None:
    assert [term for piece in pieces(text) for term in tokenize(piece.decode())] == tokenize(text)


@given(st.lists(messy, min_size=1, max_size=8))
def test_the_index_counts_the_terms_the_tokenizer_finds(texts: list[str]) -> None:
    index = Index.build(texts)
    for doc, text in enumerate(texts):
        terms = tokenize(text)
        assert index.lengths[doc] == len(terms)
        ids = [index.vocabulary[term] for term in dict.fromkeys(terms)]
        assert {term for term, _ in index.explain_ids(ids, doc)} == set(terms)
