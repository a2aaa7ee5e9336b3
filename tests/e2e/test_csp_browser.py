"""The strict Content-Security-Policy holds in a real browser: pages work and
Chromium reports no violation (no inline script or style slipped in)."""

from __future__ import annotations

import pytest

from demo.accounts import seed_demo_accounts

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""
PAGES = {
    "coordinator": [
        "/",
        "/signalen/nieuw/",
        "/triage/",
        "/casussen/",
        "/netwerk/organisaties/",
        "/netwerk/gemeenschappen/",
        "/trainingen/",
        "/plan/",
        "/preventie/",
        "/account/",
    ],
    "beheerder": ["/beheer/gebruikers/", "/beheer/organisaties/", "/beheer/wijken/"],
    "privacy": ["/privacy/auditlog/"],
}


def test_no_csp_violation_on_the_main_pages(live_server, browser):
    seed_demo_accounts()
    violations: list[str] = []
    for username, paths in PAGES.items():
        context = browser.new_context(locale="nl-NL")
        context.add_init_script(WATCH)
        page = context.new_page()
        page.on("console", lambda message, found=violations: _console(message, found))
        log_in(page, live_server.url, username)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert "script-src 'self'" in response.headers["content-security-policy"]
            page.wait_for_load_state("networkidle")
            violations += [f"{path}: {v}" for v in page.evaluate("window.__cspViolations")]
        if username == "privacy":
            # The watcher itself works: an injected inline script is blocked and reported.
            reported = len(violations)
            page.evaluate(
                "() => { const s = document.createElement('script');"
                " s.textContent = 'window.injected = 1'; document.body.appendChild(s); }"
            )
            page.wait_for_timeout(200)
            assert page.evaluate("window.injected") is None
            assert page.evaluate("window.__cspViolations.length") == 1
            assert "Content Security Policy" in violations.pop()
            assert len(violations) == reported
        context.close()
    assert violations == []


def _console(message, found: list[str]) -> None:
    if "Content Security Policy" in message.text:
        found.append(message.text)
