"""The layout guard: every role, every page its navigation reaches, the first
link of each list on those pages and the create forms sent empty (so their
errors show), at 375 px and at 1366 px. It fails on a page that scrolls
sideways, a word broken across lines, sibling boxes that overlap, an English
word on a Dutch page and a page without <h1> (checks in layout_checks.js).

One browser, one context per role, pages in sequence; each page is loaded once
and measured at both widths by resizing the window. A screenshot per role,
page and width goes to test-artifacts/layout/. The page count and the running
time are printed."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECKS = (Path(__file__).parent / "layout_checks.js").read_text()
WIDTHS = (1366, 375)
ROLES = {
    "coordinator": "coordinator",
    "partner": "politie",
    "management": "management",
    "functional administrator": "beheerder",
    "privacy officer": "privacy",
}
# Words that never belong on a Dutch page. Not "update", "status" or "label":
# Dutch uses them too.
ENGLISH_WORDS = [
    "the",
    "and",
    "with",
    "your",
    "you",
    "please",
    "save",
    "cancel",
    "delete",
    "submit",
    "search",
    "back",
    "next",
    "previous",
    "settings",
    "notifications",
    "notification",
    "logout",
    "login",
    "signals",
    "cases",
    "case",
    "meetings",
    "meeting",
    "actions",
    "action",
    "reports",
    "report",
    "users",
    "user",
    "organisation",
    "organisations",
    "overdue",
    "unread",
    "required",
    "optional",
    "loading",
    "error",
    "created",
    "deleted",
    "changed",
    "viewed",
    "access",
    "details",
    "edit",
    "remove",
    "close",
    "officer",
    "administrator",
    "management",
    "partner",
    "professional",
]
# Findings that belong to another part of issue 19 (Dutch role names, point 7)
# and are fixed on another branch; remove an entry once that work is merged.
DEFERRED = {
    ("english", "officer"): "role name 'Privacy officer' (issue 19 point 7)",
    ("english", "partner"): "role name 'Partnerprofessional'/'partner' (issue 19 point 7)",
    ("english", "professional"): "role name 'Partnerprofessional' (issue 19 point 7)",
    ("english", "management"): "role name 'Management' (issue 19 point 7)",
}
# Never followed: downloads, state changes by link and leaving the app.
SKIP_LINK = re.compile(r"export|download|\.pdf|\.csv|bijlage|uitloggen|/static/|/django-admin/")
LIST_LINKS = (
    "main table tbody tr:first-child a[href]",
    "main .app-plain-list > li:first-child a[href]",
    "main .app-panel__list > li:first-child a[href]",
    "main .app-agenda > li:first-child a[href]",
)


def _slug(path: str, suffix: str = "") -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "start"
    return slug + suffix


def _deferred(finding: dict) -> bool:
    word = re.match(r'"(\w+)"', finding["detail"])
    return bool(word) and (finding["check"], word.group(1).lower()) in DEFERRED


class Guard:
    def __init__(self, page, base: str, role: str, artifacts: Path) -> None:
        self.page, self.base, self.role, self.artifacts = page, base, role, artifacts
        self.findings: list[str] = []
        self.deferred: set[str] = set()
        self.views = 0

    def check(self, label: str) -> None:
        """Measure the loaded page at each width, with a screenshot of each."""
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            for finding in self.page.evaluate(CHECKS, ENGLISH_WORDS):
                line = f"{self.role} {label} @{width}px {finding['check']}: {finding['detail']}"
                if _deferred(finding):
                    self.deferred.add(f"{finding['check']} {finding['detail'].split(' ')[0]}")
                else:
                    self.findings.append(line)
            name = f"{_slug(self.role)}--{_slug(label)}--{width}.png"
            self.page.screenshot(path=str(self.artifacts / name), full_page=True)
            self.views += 1
        self.page.set_viewport_size({"width": WIDTHS[0], "height": 900})

    def visit(self, path: str) -> bool:
        response = self.page.goto(self.base + path)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            return False
        self.page.wait_for_load_state()
        return True

    def links(self, selectors) -> list[str]:
        found = []
        for selector in selectors:
            for href in self.page.eval_on_selector_all(
                selector, "els => els.map(e => e.getAttribute('href'))"
            ):
                if href and href.startswith("/") and not SKIP_LINK.search(href):
                    found.append(urlsplit(href).path)
        return list(dict.fromkeys(found))

    def submit_empty(self, label: str) -> bool:
        """Send the page's main form as it is (a create form: empty)."""
        form = self.page.evaluate_handle(
            """() => {
                const forms = [...document.querySelectorAll("main form[method=post]")];
                forms.sort((a, b) => b.elements.length - a.elements.length);
                const form = forms[0];
                if (!form || !form.querySelector("[type=submit]")) return null;
                form.noValidate = true;
                return form;
            }"""
        ).as_element()
        if form is None:
            return False
        with self.page.expect_navigation():
            form.query_selector("[type=submit]").click()
        self.page.wait_for_load_state()
        self.check(label + " (leeg verstuurd)")
        return True


def test_layout_guard_every_role_every_page_both_widths(live_server, browser, demo, artifacts):
    started = time.monotonic()
    out = artifacts / "layout"
    out.mkdir(exist_ok=True)
    findings: list[str] = []
    deferred: set[str] = set()
    pages = 0
    views = 0
    for role, username in ROLES.items():
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server.url, username)
        guard = Guard(page, live_server.url, role, out)
        navigation = guard.links(
            [".app-nav__bar a.app-nav__link", ".app-header a[href]", "main .app-title-row a[href]"]
        )
        seen: set[str] = set()
        queue = [(path, True) for path in navigation]
        while queue:
            path, follow = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            if not guard.visit(path):
                continue
            guard.check(path)
            pages += 1
            if follow:
                queue += [(link, False) for link in guard.links(LIST_LINKS) if link not in seen]
            if path.endswith("/nieuw/") and guard.submit_empty(path):
                pages += 1
        context.close()
        findings += guard.findings
        deferred |= guard.deferred
        views += guard.views
    elapsed = time.monotonic() - started
    print(
        f"\nlayout guard: {pages} pages, {views} page views at {len(WIDTHS)} widths, "
        f"{len(ROLES)} roles, {elapsed:.0f} s; screenshots in {out}"
    )
    for item in sorted(deferred):
        print(f"  deferred (another branch of issue 19): {item}")
    assert not findings, "\n".join(findings)


# The checks themselves, on small pages made to fail each one (no server needed).
BROKEN_PAGE = """<!DOCTYPE html><html lang="nl"><body style="margin:0; font: 16px Arial">
<h1>Casussen</h1>
<table style="width: 120px; word-break: break-word"><tr><td>C-2026-0003</td><td>Gemeente Lelystad</td></tr></table>
<div style="width: 2000px">breed</div>
<div><p style="margin: 0 0 -20px; height: 40px">boven</p><p style="height: 40px">onder</p></div>
<p>Please save the form</p>
<p lang="en">English</p>
</body></html>"""


def _checks_on(page, html: str, width: int = 375) -> dict[str, list[str]]:
    page.set_viewport_size({"width": width, "height": 800})
    page.set_content(html)
    found: dict[str, list[str]] = {}
    for finding in page.evaluate(CHECKS, ENGLISH_WORDS):
        found.setdefault(finding["check"], []).append(finding["detail"])
    return found


def test_layout_checks_find_each_kind_of_fault(page):
    found = _checks_on(page, BROKEN_PAGE)
    assert "horizontal-scroll" in found
    assert any('"2026-"' in d or '"0003"' in d or "Gemeente" in d for d in found["word-broken"])
    assert any("overlap" in d for d in found["overlap"])
    assert {d.split(" ")[0] for d in found["english"]} >= {'"Please"', '"save"', '"the"'}
    assert not any("English" in d for d in found["english"])  # marked lang="en"
    assert "no-h1" not in found
    assert "no-h1" in _checks_on(page, "<html lang='nl'><body><p>Geen kop</p></body></html>")


def test_layout_checks_pass_a_sound_page(page):
    sound = """<!DOCTYPE html><html lang="nl"><body style="margin:0; font: 16px Arial">
    <h1>Casussen</h1><table><tr><td>C-2026-0003</td><td>Gemeente Lelystad</td></tr></table>
    <p>Een bericht over een casus, met een afbreking na een koppel-teken.</p></body></html>"""
    assert _checks_on(page, sound) == {}
    assert _checks_on(page, sound, width=1366) == {}
