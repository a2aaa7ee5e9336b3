"""The shell every page shares: Dutch, accessible basics, strict CSP, error pages."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from lelystad_radicalisering.roles import Role

pytestmark = pytest.mark.django_db

BASE = Path(settings.BASE_DIR)
PO = BASE / "locale/nl/LC_MESSAGES/django.po"
MO = BASE / "locale/nl/LC_MESSAGES/django.mo"


def test_dutch_catalogue_is_complete():
    po = polib.pofile(str(PO))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po) > 150


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(PO))
    with MO.open("rb") as handle:
        mo = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert mo.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert mo.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert mo.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_pages_are_dutch_by_default_whatever_the_browser_says(client):
    response = client.get("/inloggen/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Inloggen" in html
    assert response["Content-Language"] == "nl"


def test_english_is_available_on_request(verified_client, partner):
    client = verified_client(partner)
    client.post("/taal/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html and "Log out" in html


@pytest.mark.parametrize("role", list(Role))
def test_start_page_per_role_with_header_and_navigation(verified_client, cast, role):
    user = cast[role]
    html = verified_client(user).get("/").content.decode()
    assert user.get_full_name() in html
    assert user.organisation.name in html
    assert str(user.get_role_display()) in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link
    assert 'aria-label="Hoofdnavigatie"' in html
    is_admin = role == Role.FUNCTIONAL_ADMIN
    assert ('href="/beheer/gebruikers/"' in html) is is_admin


def test_strict_content_security_policy(client):
    csp = client.get("/inloggen/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_no_inline_scripts_styles_or_event_handlers_in_templates():
    offenders = []
    for template in (BASE / "templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template}: inline event handler")
        if re.search(r"\sstyle\s*=", text) or "<style" in text:
            offenders.append(f"{template}: inline style")
    assert offenders == []


def test_security_headers(client):
    response = client.get("/inloggen/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_dutch_404_page(verified_client, partner):
    response = verified_client(partner).get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_dutch_403_page(verified_client, partner):
    response = verified_client(partner).get("/beheer/gebruikers/")
    assert response.status_code == 403
    assert "U heeft geen toegang tot deze pagina" in response.content.decode()


def test_dutch_500_page_renders_without_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Er ging iets mis" in html and '<html lang="nl"' in html


def test_500_handler_answers_dutch_page(settings):
    from django.urls import path

    def boom(request):
        raise RuntimeError("boom")

    import lelystad_radicalisering.urls as project_urls

    settings.ROOT_URLCONF = type(
        "urls", (), {"urlpatterns": [*project_urls.urlpatterns, path("boom/", boom, name="boom")]}
    )
    client = Client(raise_request_exception=False)
    # The crash happens behind the 2FA middleware: only a verified user reaches it.
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.factories import TOTPDeviceFactory

    device = TOTPDeviceFactory()
    client.force_login(device.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_vendored_assets_carry_their_licences():
    vendor = BASE / "static/vendor"
    for path in (
        "utrecht/utrecht.css",
        "utrecht/LICENSE-component-library-css.md",
        "utrecht/LICENSE-design-tokens.md",
        "htmx/htmx.min.js",
        "htmx/LICENSE",
    ):
        assert (vendor / path).stat().st_size > 100, path
    assert (BASE / "scripts/vendor_static.sh").exists()


def test_only_the_css_subset_is_linked():
    # The whole component library and every token (615 KB) must not come back:
    # pages link the subset that scripts/vendor_static.sh builds.
    subset = BASE / "static/vendor/utrecht/utrecht.css"
    assert subset.stat().st_size < 150_000
    assert not (BASE / "static/vendor/utrecht/component-library.css").exists()
    for template in (BASE / "templates").rglob("*.html"):
        text = template.read_text()
        assert "component-library.css" not in text and "design-tokens.css" not in text, template
