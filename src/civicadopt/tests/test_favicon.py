"""The favicon: linked from every page and answered at /favicon.ico, where browsers look by default."""

from pathlib import Path

from django.test import Client

import pytest

STATIC = Path(__file__).resolve().parents[1] / "static" / "civicadopt"


def test_favicon_ico_answers_with_the_static_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/civicadopt/favicon.ico")
    assert (STATIC / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


@pytest.mark.django_db
def test_every_page_links_the_icon(client: Client) -> None:
    page = client.get("/account/login/").content.decode()
    assert 'rel="icon" href="/static/civicadopt/favicon.svg" type="image/svg+xml"' in page
    assert (STATIC / "favicon.svg").read_text().startswith("<svg")
