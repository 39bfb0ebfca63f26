"""The words of a text as the relevance ranking counts them.

``tokenize`` lower-cases (Unicode case folding), splits on everything that is not a letter or a digit
(an apostrophe inside a word is kept, then removed: "city's" -> "city", "don't" -> "dont"), drops words of
one character, the stop words below (function words and domain filler) and numbers, and reduces plurals to their singular with Harman's S-stemmer
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

# Words that never count as a match, in two lists (docs/methods/funding.md, "Words that never count").
#
# Function words: the English stop list of the Snowball project (M. Porter, snowballstem.org,
# "english/stop.txt"), written the way ``term`` sees them (apostrophes removed: "don't" -> "dont"; a
# final "'s" is cut before the check), with the modal verbs and a few connectives of official prose
# ("upon", "within", "via", "also"), and number words: a number says nothing about a purpose.
_FUNCTION_TEXT = """
    a about above after again against all also although am among an and any are arent as at be because
    been before being below between both but by can cannot cant could couldnt did didnt do does doesnt
    doing dont down during each either eg etc even ever every few for from further had hadnt has hasnt
    have havent having he her here hers herself him himself his how however i ie if im in into is isnt
    it its itself ive just least less let lets may me might more most much must mustnt my myself neither
    never no nor not of off on once only onto or other otherwise ought our ours ourselves out over own
    per rather same several shall shant she should shouldnt since so some such than that the their
    theirs them themselves then there therefore these they theyd theyll theyre theyve this those though
    through thus to too toward towards under unless until up upon us very via was wasnt we were werent
    weve what whatever when whenever where whereas whether which while who whom whose why will with
    within without wont would wouldnt yet you youd youll your youre yours yourself yourselves youve
    one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty
    seventy eighty ninety hundred hundreds thousand thousands million millions billion billions half
    dozen first second third last next percent percentage
"""
# Domain filler: words found across the initiatives of a municipality and in nearly every funding
# notice, so that sharing them says nothing about purpose ("city", "service", "year", "program").
# BM25's IDF cannot be trusted to silence them: in a city's own catalogue of a few dozen programmes
# "city" is rare, hence heavily weighted, and it matched programmes with nothing else in common.
# The procedural words of notices belong here for the same reason: "apply", "application", "award",
# "eligible", "request" ("departments request capital funding", "records requests").
_FILLER_TEXT = """
    year years yearly annual annually month months monthly week weeks day days today
    city cities citywide town towns village villages township townships county counties municipal
    municipality municipalities local public government governments resident residents people
    department departments office offices staff service services program programs programme
    programmes project projects system systems new use uses used using support supports supported
    supporting fund funds funded funding grant grants grantee grantees award awards awarded apply
    applies applied applying applicant applicants application applications eligible eligibility
    include includes included including provide provides provided providing make makes made making
    need needs needed help helps helped take takes took taken get gets got go goes went come comes
    give gives keep keeps put set sets move moves moved moving way ways cost costs dollar dollars
    request requests requested
"""
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
FILLER_WORDS = frozenset(_FILLER_TEXT.split())
STOP_WORDS = FUNCTION_WORDS | FILLER_WORDS

# A number, a fiscal year ("fy2027", "ffy2025"), an ordinal ("19th"), a decade ("1990s") or an amount
# ("100k", "2m"): never a match, because "000" or "2027" in two texts says nothing about either.
# Digits of any script count (\d), and so does any word made only of numeric characters ("0²", "½").
NUMBER = re.compile(r"(?:f?fy)?\d+(?:st|nd|rd|th|s|k|m)?")


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
    if len(word) <= 1 or word in STOP_WORDS or word.isnumeric() or NUMBER.fullmatch(word):
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
