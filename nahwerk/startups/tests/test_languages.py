"""The start-up pages in German and English: every text is a msgid with a German entry."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import trans_real

from nahwerk.startups.models import MentorOffer

APP = Path(__file__).resolve().parents[1]

TRANSLATE = re.compile(r"""\{%\s*translate\s+(?:"([^"]*)"|'([^']*)')""")
BLOCK = re.compile(
    r"\{%\s*blocktranslate(?P<args>[^%]*)%\}(?P<text>.*?)\{%\s*endblocktranslate", re.S
)
VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
PYTHON = re.compile(r"""(?<![\w.])_\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)[,)]""")


def template_msgids() -> set[str]:
    found: set[str] = set()
    for path in (APP / "templates").rglob("*.html"):
        text = path.read_text()
        found |= {a or b for a, b in TRANSLATE.findall(text)}
        for block in BLOCK.finditer(text):
            if "count" in block["args"]:
                continue  # plural forms: checked by rendering below
            found.add(VARIABLE.sub(r"%(\1)s", block["text"]))
    return found


def python_msgids() -> set[str]:
    found: set[str] = set()
    for path in APP.glob("*.py"):
        for literal in PYTHON.findall(path.read_text()):
            found.add(ast.literal_eval(f"({literal})"))
    return found


def test_every_text_of_the_start_up_app_has_a_german_translation() -> None:
    msgids = template_msgids() | python_msgids()
    assert len(msgids) > 150  # the extraction finds the app's texts
    catalog = trans_real.translation("de")._catalog  # the compiled German catalogue
    missing = sorted(m for m in msgids if m not in catalog or not catalog[m])
    assert missing == []


@pytest.fixture
def pages(founding) -> list[tuple[str, object]]:
    world = founding.world
    offer = MentorOffer.objects.create(
        organisation=world.north_public, network=world.north, topics="Serienfertigung"
    )
    slug, fund = founding.startup_org.slug, founding.fund.pk
    return [
        (reverse("startups:overview"), founding.stella),
        (reverse("startups:startup", args=[slug]), founding.stella),
        (reverse("startups:startup_edit", args=[slug]), founding.stella),
        (reverse("startups:startup_matches", args=[slug]), founding.stella),
        (reverse("startups:fund", args=[fund]), founding.ivo),
        (reverse("startups:fund_create"), founding.ivo),
        (reverse("startups:fund_edit", args=[fund]), founding.ivo),
        (reverse("startups:fund_matches", args=[fund]), founding.ivo),
        (reverse("startups:fund_delete", args=[fund]), founding.ivo),
        (reverse("startups:mentoring"), world.carla),
        (reverse("startups:mentor_edit", args=[offer.pk]), world.carla),
        (reverse("startups:mentor_withdraw", args=[offer.pk]), world.carla),
        (reverse("startups:pipeline", args=[world.north.slug]), world.alice),
    ]


# a few texts of the pages' frame and forms, in each language
ENGLISH = (
    "Start-ups and investors",
    "Start-up pipeline",
    "Mentor offers",
    "Edit",
    "Save",
    "Cancel",
)
GERMAN = (
    "Gründungen und Investoren",
    "Start-up-Pipeline",
    "Mentoring-Angebote",
    "Bearbeiten",
    "Speichern",
    "Abbrechen",
)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_each_page_renders_in_german_and_english(pages, language, settings) -> None:
    settings.LANGUAGE_CODE = language
    for url, user in pages:
        client = Client(headers={"accept-language": language})
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, url
        foreign = ENGLISH if language == "de" else GERMAN
        own = GERMAN if language == "de" else ENGLISH
        assert not [t for t in foreign if f">{t}<" in html], url
        assert any(t in html for t in own), url
