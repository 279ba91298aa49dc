"""Indonesian is the default and complete; dates read "31 Desember 2021"."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_the_defaults_are_indonesian_and_jakarta_time():
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]


def test_every_message_has_an_indonesian_translation():
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first entry is the header
    assert len(entries) > 100
    untranslated = [e for e in entries if re.search(r'msgstr ""\Z', e.strip())]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize(
    ("language", "expected"), [("id", "31 Desember 2021"), ("en", "31 December 2021")]
)
def test_dates_are_written_in_full(language, expected):
    with translation.override(language):
        rendered = Template('{{ d|date:"DATE_FORMAT" }}').render(
            Context({"d": datetime.date(2021, 12, 31)})
        )
    assert rendered == expected


def test_the_month_headings_are_the_courts():
    from components.models import MONTH_ABBREVIATIONS

    with translation.override("id"):
        assert " ".join(map(str, MONTH_ABBREVIATIONS)) == (
            "JAN FEB MAR APR MEI JUN JUL AGS SEP OKT NOV DES"
        )
    with translation.override("en"):
        assert str(MONTH_ABBREVIATIONS[7]) == "AUG"


def test_the_translation_file_is_in_sync_with_the_code(tmp_path, settings, monkeypatch):
    """Every translatable string in the code and templates is in the .po, and vice versa.

    makemessages runs on a copy of the sources, so it cannot touch the real locale/ folder.
    """
    import shutil

    import polib
    from django.core.management import call_command

    source = tmp_path / "src"
    for folder in [
        "zi_tracker",
        "components",
        "evidence",
        "reports",
        "monitoring",
        "surveys",
        "assessment",
        "templates",
        "static",
    ]:
        shutil.copytree(settings.BASE_DIR / folder, source / folder)
    monkeypatch.chdir(source)
    settings.LOCALE_PATHS = [str(source / "locale")]
    call_command("makemessages", locale=["id"], no_location=True, verbosity=0)

    def keys(path):
        return {(e.msgctxt, e.msgid, e.msgid_plural) for e in polib.pofile(str(path))}

    fresh = keys(source / "locale" / "id" / "LC_MESSAGES" / "django.po")
    assert fresh == keys(PO)


def test_every_plural_has_its_indonesian_form():
    import polib

    plurals = [e for e in polib.pofile(str(PO)) if e.msgid_plural]
    assert plurals and all(e.msgstr_plural.get(0) for e in plurals)


def test_indonesian_spells_reviu_as_the_official_spelling_does():
    """ "reviu", not "review", in every Indonesian string (the login page's spelling)."""
    import polib

    slips = [
        e.msgid
        for e in polib.pofile(str(PO))
        if re.search(r"review", " ".join([e.msgstr, *e.msgstr_plural.values()]), re.I)
    ]
    assert slips == []
