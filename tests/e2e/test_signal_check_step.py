"""The signal form's check step in Chromium: every answer shown with a link to
change it, going back keeps everything (attachments too), and an oversized
attachment is refused before anything is uploaded."""

from __future__ import annotations

import datetime

import pytest

from demo.accounts import seed_demo_accounts
from signals.models import Signal, SignalAttachment

from .conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_check_step_shows_every_answer_and_going_back_keeps_everything(
    live_server, browser, artifacts, tmp_path, width=375
):
    seed_demo_accounts()
    base = live_server.url
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    uploads: list[str] = []
    page.on("request", lambda request: uploads.append(request.method + " " + request.url))
    log_in(page, base, "politie")
    page.goto(f"{base}/signalen/nieuw/")
    page.get_by_label("Radicalisering").check()
    page.get_by_label("Naam").first.fill("Jordy de Vries")
    page.get_by_label("Geboortedatum (als bekend)").first.fill("2009-03-14")
    page.get_by_label("Een groep").fill("Groep bij het winkelcentrum")
    observation = "Deelde op het schoolplein filmpjes van een extremistische groep."
    page.get_by_label("Wat heeft u waargenomen?").fill(observation)
    two_days_ago = datetime.date.today() - datetime.timedelta(days=2)
    page.get_by_label("Wanneer?").fill(two_days_ago.isoformat())
    page.get_by_label("Waar?").fill("Schoolplein")
    page.get_by_label("Eigen waarneming").check()
    page.get_by_label("Hoog").check()

    # Too large: refused in the browser, the selection is emptied, nothing is sent.
    # From a file on disk: the local browser reads it by path, where 11 MB in a
    # buffer would travel through the browser protocol (seconds on a busy machine).
    oversized = tmp_path / "groot.pdf"
    oversized.write_bytes(b"0" * (11 * 1024 * 1024))
    posts_before = sum(1 for line in uploads if line.startswith("POST"))
    page.get_by_label("Bijlagen").set_input_files(oversized)
    error = page.locator("[data-file-errors]")
    assert "groot.pdf is te groot (11,0 MB). Het maximum is 10,0 MB." in error.inner_text()
    assert page.evaluate("document.querySelector('input[type=file]').files.length") == 0
    page.get_by_label("Bijlagen").set_input_files(
        {"name": "script.exe", "mimeType": "application/octet-stream", "buffer": b"MZ" * 10}
    )
    assert "script.exe kan niet worden toegevoegd" in error.inner_text()
    assert sum(1 for line in uploads if line.startswith("POST")) == posts_before
    page.get_by_label("Bijlagen").set_input_files(
        {"name": "verslag.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    assert not error.is_visible()

    page.get_by_role("button", name="Controleer uw melding").click()
    review = page.locator("[data-review-panel]")
    review.get_by_role("heading", name="Controleer uw melding").wait_for()
    assert page.evaluate("document.activeElement.id") == "review-heading"
    text = review.inner_text()
    for answer in (
        "Radicalisering",
        "Jordy de Vries",
        "14-3-2009",
        "Groep bij het winkelcentrum",
        observation,
        f"{two_days_ago.day}-{two_days_ago.month}-{two_days_ago.year}",
        "Schoolplein",
        "Eigen waarneming",
        "Hoog",
        "verslag.pdf",
    ):
        assert answer in text, answer
    assert review.get_by_role("link", name="Wijzigen").count() >= 12
    assert Signal.objects.count() == 0  # nothing sent yet
    page.screenshot(path=str(artifacts / f"signal-check-step-{width}.png"), full_page=True)

    # Change one answer: the form is back with everything in it, the attachment too.
    review.get_by_role("link", name="Wijzigen Wanneer?").click()
    assert page.evaluate("document.activeElement.id") == "id_observed_on"
    assert page.get_by_label("Wat heeft u waargenomen?").input_value() == observation
    assert page.evaluate("document.querySelector('input[type=file]').files[0].name") == (
        "verslag.pdf"
    )
    page.get_by_label("Wat heeft u waargenomen?").fill(observation + " Twee keer.")
    page.get_by_role("button", name="Controleer uw melding").click()
    assert "Twee keer." in review.inner_text()
    # The browser's back button also returns to the form.
    page.go_back()
    assert not review.is_visible()
    assert page.get_by_label("Een groep").input_value() == "Groep bij het winkelcentrum"
    page.get_by_role("button", name="Controleer uw melding").click()
    page.get_by_role("button", name="Signaal versturen").click()
    page.wait_for_url("**/ontvangen/")
    signal = Signal.objects.get()
    assert signal.observation == observation + " Twee keer."
    assert SignalAttachment.objects.filter(signal=signal).count() == 1
    context.close()
