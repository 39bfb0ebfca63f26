"""How pages write dates and times in each language (Django's FORMAT_MODULE_PATH).

American English: "Dec 7, 2026" and "Dec 7, 2026, 8:15 PM"; British English: "7 Dec 2026" and
"7 Dec 2026 20:15". Templates name the format ("DATE_FORMAT", "DATETIME_FORMAT"), never a pattern, so an
organisation's pages read the way its country writes dates. The council report follows the same rule
(``reports.formatting.format_date``).
"""
