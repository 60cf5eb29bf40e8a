"""Swedish is the default language and complete; English is the second (item 7)."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES"

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_is_swedish_by_default(client):
    page = client.get("/login/").content.decode()

    assert 'lang="sv"' in page
    assert "Logga in" in page
    assert "Användarnamn" in page


def test_the_user_can_switch_to_english(client):
    client.post("/language/", {"language": "en", "next": "/login/"})

    page = client.get("/login/").content.decode()

    assert 'lang="en"' in page
    assert "Sign in" in page


def test_every_swedish_message_is_translated():
    catalog = polib.pofile(str(LOCALE / "django.po"))

    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalog_matches_the_source():
    source = polib.pofile(str(LOCALE / "django.po"))
    compiled = polib.mofile(str(LOCALE / "django.mo"))

    def entries(catalog) -> dict:
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalog
            if e.msgid and (e.msgstr or e.msgstr_plural) and not e.obsolete
        }

    assert entries(compiled) == entries(source), "run `make messages` to recompile"


def test_an_english_browser_still_gets_swedish_until_the_user_chooses(client):
    page = client.get("/login/", headers={"Accept-Language": "en-US,en;q=0.9"})

    assert page["Content-Language"] == "sv"
    assert "Logga in" in page.content.decode()


def test_an_unknown_language_cookie_falls_back_to_swedish(client):
    client.cookies["samverkan_language"] = "de"

    assert client.get("/login/")["Content-Language"] == "sv"
