"""The words of a text as the relevance ranking counts them.

``tokenize`` lower-cases (Unicode case folding), splits on everything that is not a letter or a digit
(an apostrophe inside a word is kept, then removed: "city's" -> "city", "don't" -> "dont"), drops words of
one character and the stop words below, and reduces plurals to their singular with Harman's S-stemmer
(Harman, "How effective is suffixing?", JASIS 42(1), 1991), applying the first of its rules that fits:

1. "-ies" (not "-eies", "-aies") -> "-y":    libraries -> library, communities -> community
2. "-es" (not "-aes", "-ees", "-oes") -> "-e": services -> service, vehicles -> vehicle
3. "-s" (not "-us", "-ss") -> "":            grants -> grant, grantees -> grantee

with two additions: words of three letters or fewer are left alone (gas, bus, its), and so are words
ending in "-is" (analysis, basis, crisis), which are singular. A light stemmer on purpose: it joins the
singular and the plural, which is most of the benefit for short programme descriptions, and it never
merges words of different meaning the way aggressive stemmers do (Porter's reduces both "universe" and
"university" to "univers").
"""

import re

_APOSTROPHES = "'\u2019"  # typewriter and typographic
WORD = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*")

# Function words that carry no meaning for a search. Deliberately short: words like "city", "local",
# "public" or "program" are left in because BM25's IDF already gives very common words little weight.
_STOP_TEXT = """
    a an and are as at be been being but by can could did do does for from had has have he her his if
    in into is it its may might must no nor not of on or our per shall she should so such than that the
    their them then there these they this those to under up upon was we were what when where which
    while who whom will with within would you your
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def stem(word: str) -> str:
    """Return the singular form of a lower-case ``word`` by Harman's S-stemmer (see the module notes)."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss", "is")):
        return word[:-1]
    return word


def term(word: str) -> str | None:
    """Return the index term of one lower-case word as ``WORD`` finds it, or None for a stop word."""
    if len(word) > 2 and word[-2] in _APOSTROPHES and word[-1] == "s":
        word = word[:-2]
    word = word.replace("'", "").replace("\u2019", "")
    if len(word) <= 1 or word in STOP_WORDS:
        return None
    return stem(word)


# Bytes of ASCII characters that can never be inside a word (all but letters, digits and the apostrophe)
# become spaces; the bytes of non-ASCII characters are kept, for ``WORD`` to sort out afterwards.
_INSIDE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'") | frozenset(
    range(128, 256)
)
_SPACES = bytes(byte if byte in _INSIDE else 0x20 for byte in range(256))


def pieces(text: str) -> list[bytes]:
    """Return ``text`` case-folded, in UTF-8, cut at every ASCII character that cannot be inside a word.

    The fast first pass of ``Index.build`` (``bytes.translate`` and ``split`` run in C): no word spans a
    cut, so the terms of the pieces one after the other, ``tokenize(piece.decode())``, are exactly
    ``tokenize(text)``. Most pieces are one word, and a catalogue repeats the same few thousand pieces.
    """
    return text.casefold().encode("utf-8", "surrogatepass").translate(_SPACES).split()


def words(text: str) -> list[str]:
    """Return the words of ``text``, case-folded, before stop words and stemming."""
    return WORD.findall(text.casefold())


def tokenize(text: str) -> list[str]:
    """Return the index terms of ``text`` in order (stop words dropped, plurals made singular)."""
    return [found for word in words(text) if (found := term(word)) is not None]
