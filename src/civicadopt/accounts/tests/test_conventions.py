"""Conventions by country: language, time zone, labels, the spelling map and the American catalogue."""

import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

import polib
import pytest

from civicadopt.accounts import conventions
from civicadopt.accounts.models import Organisation, validate_time_zone
from civicadopt.accounts.spelling import BRITISH_PATTERN, PROTECTED_NAMES, american

CATALOGUE = Path(conventions.__file__).resolve().parents[1] / "locale" / "en_US" / "LC_MESSAGES" / "django.po"


def org(**values: str) -> Organisation:
    return Organisation(name="Somewhere", slug="somewhere", **values)


@pytest.mark.parametrize(
    ("values", "language"),
    [
        ({"country": "US"}, "en-us"),
        ({"country": "CA"}, "en-us"),
        ({"country": "GB"}, "en-gb"),
        ({"country": "IE"}, "en-gb"),
        ({"country": "US", "language": "en-gb"}, "en-gb"),
        ({"country": "GB", "language": "en-us"}, "en-us"),
    ],
)
def test_the_country_decides_the_language_unless_the_organisation_chose(values, language):
    assert conventions.language_for(org(**values)) == language


@pytest.mark.parametrize(
    ("values", "zone"),
    [
        ({"country": "US"}, "America/New_York"),
        ({"country": "GB"}, "Europe/London"),
        ({"country": "US", "time_zone": "America/Denver"}, "America/Denver"),
        ({"country": "FR"}, "America/Chicago"),  # no defaults for the country: the server's zone
    ],
)
def test_the_time_zone_is_the_organisations_or_its_countrys(values, zone):
    assert conventions.time_zone_for(org(**values)).key == zone


def test_activate_for_sets_language_and_zone_and_restores_both():
    with translation.override("en-gb"):
        before = timezone.get_current_timezone_name()
        with conventions.activate_for(org(country="US", time_zone="America/Los_Angeles")):
            assert translation.get_language() == "en-us"
            assert gettext("organisation") == "organization"
            assert timezone.get_current_timezone_name() == "America/Los_Angeles"
        assert translation.get_language() == "en-gb"
        assert gettext("organisation") == "organisation"
        assert timezone.get_current_timezone_name() == before


def test_a_time_zone_name_is_checked():
    validate_time_zone("Europe/London")
    validate_time_zone("")
    with pytest.raises(ValidationError, match="not a time zone name"):
        validate_time_zone("Mars/Olympus_Mons")


@pytest.mark.parametrize("language", ["en-us", "en-gb"])
def test_labels_follow_the_country_in_either_language(language):
    with translation.override(language):
        assert conventions.section_label("strategic", "US") == "Purpose and need"
        assert conventions.section_label("economic", "US") == "Benefit-cost analysis"
        assert conventions.section_label("strategic", "GB") == "Strategic case"
        assert conventions.section_label("management", "GB") == "Management case"
        assert conventions.stage_label("outline", "US") == "Detailed business case"
        assert conventions.stage_label("outline", "GB") == "Outline business case"
        assert [label for _key, label in conventions.stage_choices("GB")] == [
            "Strategic outline case",
            "Outline business case",
            "Full business case",
        ]


def test_every_section_and_stage_has_both_labels_and_unknown_keys_are_refused():
    for key in conventions.SECTION_KEYS:
        assert conventions.section_label(key, "US") != conventions.section_label(key, "GB")
    for key in conventions.STAGE_KEYS:
        assert conventions.stage_label(key, "US") != conventions.stage_label(key, "GB")
    with pytest.raises(KeyError, match="no business-case section 'summary'"):
        conventions.section_label("summary", "US")


def test_code_that_names_a_section_without_the_country_gets_the_us_name_on_an_american_page():
    with translation.override("en-us"):
        assert gettext("Strategic case") == "Purpose and need"
        assert gettext("Outline business case") == "Detailed business case"
        assert pgettext("UK business case", "Strategic case") == "Strategic case"
    with translation.override("en-gb"):
        assert gettext("Strategic case") == "Strategic case"


@pytest.mark.parametrize(
    ("british", "american_text"),
    [
        ("Organisation settings", "Organization settings"),
        ("ORGANISATION", "ORGANIZATION"),
        ("The programme catalogue", "The program catalog"),
        ("Licences and colours", "Licenses and colors"),
        ("prioritised, analysed, modelling, cancelled", "prioritized, analyzed, modeling, canceled"),
        ("A well-organised centre", "A well-organized center"),
        ("judgement; fulfil; behaviour; favourite", "judgment; fulfill; behavior; favorite"),
        ("5 per cent", "5 percent"),
        # placeholders, tags and proper names are never changed
        ("%(organisation)s organisation", "%(organisation)s organization"),
        ("{organisation} and {{ programme }}", "{organisation} and {{ programme }}"),
        ('<a href="/o/organisation/">organisation</a>', '<a href="/o/organisation/">organization</a>'),
        ("Organisation for Economic Co-operation and Development", PROTECTED_NAMES[0]),
        # words with the same spelling on both sides stay as they are
        ("Advise on the enterprise exercise; otherwise revise the premise", None),
        ("The analyses in our four-hour tour", None),
        ("organisation_id and /organisation/", None),
    ],
)
def test_american_spelling(british, american_text):
    assert american(british) == (british if american_text is None else american_text)


def _visible(msgid: str) -> str:
    """Return a msgid without placeholders, tags and protected names (which keep their spelling)."""
    text = re.sub(r"%\([^)]*\)\w|\{[^{}]*\}|<[^<>]*>", " ", msgid)
    for name in PROTECTED_NAMES:
        text = text.replace(name, " ")
    return text


def test_every_string_with_a_british_spelling_has_its_american_translation():
    # given the committed catalogue (regenerated by `make messages`)
    catalogue = polib.pofile(str(CATALOGUE))
    missing, checked = [], 0
    for entry in catalogue:
        if entry.obsolete or entry.msgctxt == "UK business case":
            continue
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not any(BRITISH_PATTERN.search(_visible(text)) for text in sources):
            continue
        checked += 1
        # then the translation exists and is itself free of British spellings
        if not all(translations) or any(BRITISH_PATTERN.search(_visible(text)) for text in translations):
            missing.append(entry.msgid)
    assert checked > 50  # the product has many such strings: none found means the check is broken
    assert missing == []


def test_the_compiled_catalogue_matches_the_po_file():
    po = polib.pofile(str(CATALOGUE))
    mo = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    translated = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in po.translated_entries()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in mo if e.msgid}
    assert compiled == translated


def test_the_settings_form_offers_following_the_country_first():
    from civicadopt.accounts.forms import OrganisationSettingsForm

    choices = list(OrganisationSettingsForm().fields["language"].choices)
    assert [value for value, _label in choices] == ["", "en-us", "en-gb"]
    assert str(choices[0][1]) == "Follow the country"


def test_the_label_tables_and_the_catalogue_overrides_name_the_same_words():
    # the literal labels (collected by makemessages) and the plain tables (used for the overrides) agree
    with translation.override("en-gb"):
        for key in conventions.SECTION_KEYS:
            assert conventions.section_label(key, "GB") == conventions.UK_SECTIONS[key]
            assert conventions.section_label(key, "US") == conventions.US_SECTIONS[key]
        for key in conventions.STAGE_KEYS:
            assert conventions.stage_label(key, "GB") == conventions.UK_STAGES[key]
            assert conventions.stage_label(key, "US") == conventions.US_STAGES[key]
