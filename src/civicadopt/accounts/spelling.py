"""American spelling of the product's British-spelled source strings.

The source strings (msgids) are written in British English; the American English catalogue
(``locale/en_US``) is generated from them by ``scripts/make_messages.py`` with ``american()``: whole words
only, case kept (Organisation -> Organization, ORGANISATION -> ORGANIZATION), and never inside a
placeholder (``%(organisation)s``, ``{organisation}``), an HTML tag or a protected proper name (the OECD
is the "Organisation for Economic Co-operation and Development" in American text too).

Words are listed explicitly rather than by a rule such as "-ise becomes -ize", because many words end in
-ise in both spellings (advise, exercise, enterprise, otherwise, premise, promise, revise, supervise,
surprise, expertise, franchise, compromise). "analyses" is left alone: it is also the plural of analysis.
"""

import re

# Verbs spelt -ise in British English and -ize in American English (their -ise, -ised, -ises, -ising,
# -isation(s), -iser(s) and -isable forms follow).
_IZE_STEMS = (
    "amortis", "apologis", "authoris", "capitalis", "categoris", "centralis", "characteris", "criticis",
    "customis", "digitis", "emphasis", "finalis", "formalis", "generalis", "harmonis", "initialis",
    "itemis", "legalis", "localis", "maximis", "memoris", "minimis", "mobilis", "modernis", "monetis",
    "normalis", "optimis", "organis", "penalis", "personalis", "prioritis", "publicis", "rationalis",
    "realis", "recognis", "reorganis", "revitalis", "sanitis", "scrutinis", "serialis", "specialis",
    "stabilis", "standardis", "subsidis", "summaris", "synchronis", "utilis", "visualis", "unauthoris",
    "unrecognis", "jeopardis", "energis", "neutralis", "symbolis", "theoris", "familiaris",
)  # fmt: skip
_IZE_ENDINGS = ("e", "ed", "es", "ing", "ation", "ations", "ational", "er", "ers", "able")

# -our words (colour -> color); their -s, -ed, -ing, -ful, -able, -ite, -ites, -hood and -al forms follow.
_OUR_STEMS = (
    "behavio", "colo", "endeavo", "favo", "flavo", "harbo", "hono", "humo", "labo", "neighbo", "rumo",
    "savo", "vigo", "armo",
)  # fmt: skip
_OUR_ENDINGS = (
    "ur",
    "urs",
    "ured",
    "uring",
    "urful",
    "urable",
    "urably",
    "urite",
    "urites",
    "urhood",
    "ural",
)

# Every other word, in its British and American forms (lower case; capitals are kept when replacing).
WORDS: dict[str, str] = {
    "centre": "center", "centres": "centers", "centred": "centered", "centring": "centering",
    "metre": "meter", "metres": "meters", "litre": "liter", "litres": "liters", "fibre": "fiber",
    "fibres": "fibers", "theatre": "theater", "theatres": "theaters", "calibre": "caliber",
    "licence": "license", "licences": "licenses",
    "programme": "program", "programmes": "programs",
    "catalogue": "catalog", "catalogues": "catalogs", "catalogued": "cataloged", "cataloguing": "cataloging",
    "analyse": "analyze", "analysed": "analyzed", "analysing": "analyzing", "analyser": "analyzer",
    "paralyse": "paralyze", "paralysed": "paralyzed",
    "modelling": "modeling", "modelled": "modeled", "modeller": "modeler", "modellers": "modelers",
    "cancelled": "canceled", "cancelling": "canceling", "labelled": "labeled", "labelling": "labeling",
    "levelled": "leveled", "levelling": "leveling", "travelled": "traveled", "travelling": "traveling",
    "signalled": "signaled", "signalling": "signaling", "fuelled": "fueled", "fuelling": "fueling",
    "totalled": "totaled", "totalling": "totaling", "counselling": "counseling", "channelled": "channeled",
    "fulfil": "fulfill", "fulfils": "fulfills", "fulfilment": "fulfillment", "enrol": "enroll",
    "enrols": "enrolls", "enrolment": "enrollment", "enrolments": "enrollments", "instalment": "installment",
    "instalments": "installments", "skilful": "skillful", "wilful": "willful",
    "judgement": "judgment", "judgements": "judgments", "acknowledgement": "acknowledgment",
    "acknowledgements": "acknowledgments",
    "defence": "defense", "offence": "offense", "offences": "offenses", "pretence": "pretense",
    "practise": "practice", "practised": "practiced", "practising": "practicing",
    "grey": "gray", "cheque": "check", "cheques": "checks", "tyre": "tire", "tyres": "tires",
    "manoeuvre": "maneuver", "ageing": "aging", "aluminium": "aluminum", "enquiry": "inquiry",
    "enquiries": "inquiries", "learnt": "learned", "spelt": "spelled", "whilst": "while",
    "per cent": "percent", "sceptical": "skeptical", "mould": "mold", "annexe": "annex",
}  # fmt: skip
for _stem in _IZE_STEMS:
    for _ending in _IZE_ENDINGS:
        WORDS[_stem + _ending] = _stem[:-1] + "z" + _ending
for _stem in _OUR_STEMS:
    for _ending in _OUR_ENDINGS:
        WORDS[_stem + _ending] = _stem + _ending[1:]

# Proper names that keep their own spelling in American text.
PROTECTED_NAMES = (
    "Organisation for Economic Co-operation and Development",
    "Open Government Licence",
    "International Labour Organization",
    "Labour Party",
    "Behavioural Insights Team",
)

# Placeholders, HTML tags and entities, and protected names: copied unchanged.
_PROTECTED = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"  # %(name)s
    r"|\{[^{}]*\}"  # {name}, {{ name }}
    r"|<[^<>]*>"  # <a href="...">
    r"|&[a-zA-Z#0-9]+;"
    r"|https?://\S+"
    r"|" + "|".join(re.escape(name) for name in PROTECTED_NAMES)
)
_WORD = re.compile(
    r"(?<![\w/])(" + "|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True)) + r")(?![\w/])",
    re.IGNORECASE,
)


def _keep_case(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[0].isupper():
        return replacement[0].upper() + replacement[1:]
    return replacement


def _americanise_words(text: str) -> str:
    return _WORD.sub(lambda match: _keep_case(match.group(0), WORDS[match.group(0).lower()]), text)


def american(text: str) -> str:
    """Return ``text`` with British spellings replaced by American ones, outside protected spans."""
    parts: list[str] = []
    position = 0
    for match in _PROTECTED.finditer(text):
        parts.append(_americanise_words(text[position : match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(_americanise_words(text[position:]))
    return "".join(parts)


# British words whose presence in the visible text of an American page is a mistake (the test of the US
# pages and of the catalogue looks for these).
BRITISH_PATTERN = re.compile(
    r"(?<![\w/])("
    + "|".join(sorted((re.escape(w) for w, us in WORDS.items() if w != us), key=len, reverse=True))
    + r")(?![\w/])",
    re.IGNORECASE,
)

# Hand overrides for US vocabulary, by msgid: where the American text differs by more than spelling.
# US vocabulary for the business-case sections and stages themselves comes from accounts.conventions.
OVERRIDES: dict[str, str] = {
    "Save the business case at each Green Book stage: strategic outline, outline and full business case.": (
        "Save the business case at each stage: preliminary, detailed and final business case."
    ),
    "the business case in the Five Case Model (strategic, economic, financial and management cases) with "
    "its charts and data tables. Formats: %(formats)s. Needs a calculated business case.": (
        "the business case (purpose and need, benefit-cost analysis, fiscal impact and funding, and the "
        "implementation plan) with its charts and data tables. Formats: %(formats)s. Needs a calculated "
        "business case."
    ),
}
