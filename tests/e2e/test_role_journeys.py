"""Every role's main journey in Chromium, with axe-core on every page visited
(0 serious or critical violations), keyboard-only paths and small screens."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from lelystad_radicalisering.celery import app as celery_app
from meetings.models import Action, AgendaItem, Meeting
from reports.models import Report
from signals.constants import SignalStatus
from signals.models import Signal
from tests.cases.conftest import include

from .axe import RESULTS, assert_accessible
from .conftest import log_in, log_in_through_the_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context(browser, width=1280, height=900):
    # The app's CSP forbids inline scripts; only the test injects axe, so only
    # the test's browser context bypasses it.
    return browser.new_context(
        viewport={"width": width, "height": height}, locale="nl-NL", bypass_csp=True
    )


def _visit(page, label: str) -> None:
    page.wait_for_load_state()
    assert_accessible(page, label)


@pytest.fixture(scope="module", autouse=True)
def _print_axe_summary():
    yield
    if RESULTS:
        print("\naxe-core, serious or critical violations per page:")
        for label, count in sorted(RESULTS.items()):
            print(f"  {count}  {label}")


def test_partner_journey_on_a_phone(live_server, browser, demo, artifacts):
    base = live_server.url
    context = _context(browser, 375, 812)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/inloggen/")
    _visit(page, "login")
    log_in_through_the_pages(page, base, "politie")
    _visit(page, "partner start")

    page.goto(f"{base}/signalen/nieuw/")
    _visit(page, "signal intake (375 px)")
    page.get_by_label("Radicalisering").check()
    page.get_by_label("Naam").first.fill("Sem Telefoonmelding")
    page.get_by_label("Wat heeft u waargenomen?").fill(
        "Deelt oproepen tot geweld in een groepsapp."
    )
    page.get_by_label("Wanneer?").fill((timezone.localdate() - datetime.timedelta(1)).isoformat())
    page.get_by_label("Eigen waarneming").check()
    page.get_by_label("Normaal").check()
    page.get_by_role("button", name="Controleer uw melding").click()
    page.get_by_role("button", name="Signaal versturen").click()
    page.wait_for_url("**/ontvangen/")
    _visit(page, "signal received")
    reference = page.locator("[data-reference]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.goto(f"{base}/signalen/")
    _visit(page, "signals of my organisation")
    assert "Ontvangen" in page.locator("tr", has_text=reference).inner_text()

    case = Case.objects.get(label="Casus Boswijk 1")  # police contributes here
    page.goto(f"{base}/casussen/")
    _visit(page, "partner case list")
    page.get_by_role("link", name=case.reference).click()
    _visit(page, "partner case page")
    page.get_by_label("Update", exact=True).fill("Wijkagent sprak de jongere na school.")
    page.get_by_role("button", name="Update toevoegen").click()
    page.locator(".app-messages").wait_for()
    assert case.timeline.filter(text__contains="Wijkagent sprak").exists()

    page.goto(f"{base}/afspraken/")
    _visit(page, "actions of my organisation")
    action = Action.objects.filter(
        owner_organisation__name="Politie Basisteam Lelystad", status="open"
    ).first()
    page.goto(f"{base}/afspraken/{action.pk}/")
    _visit(page, "complete action")
    page.get_by_label("Afgerond").check()
    page.get_by_label("Toelichting bij afronding").fill("Verslag gedeeld.")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"{base}/afspraken/")
    action.refresh_from_db()
    assert action.status == "done"
    page.screenshot(path=str(artifacts / "partner-actions-375.png"), full_page=True)
    context.close()


def test_coordinator_journey_from_signal_to_finalised_minutes(
    live_server, browser, demo, artifacts
):
    base = live_server.url
    context = _context(browser)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "coordinator")
    _visit(page, "coordinator start")
    signal = Signal.objects.filter(status=SignalStatus.NEW).order_by("pk").first()
    page.goto(f"{base}/triage/")
    _visit(page, "triage inbox")
    page.goto(f"{base}/triage/{signal.pk}/")
    _visit(page, "triage page")
    page.get_by_role("link", name="Nieuwe casus openen").click()
    _visit(page, "open a case")
    page.get_by_label("Neutraal label").fill("Casus Reis 21")
    page.get_by_role("button", name="Casus openen").click()
    page.wait_for_url(f"{base}/casussen/*/")
    case = Case.objects.get(label="Casus Reis 21")
    for organisation in ("Jeugdteam Lelystad", "Welzijn Lelystad"):
        page.get_by_role("region", name="Betrokken organisaties").get_by_label(
            "Organisatie", exact=True
        ).fill(organisation)
        page.get_by_role("button", name="Betrekken").click()
        page.wait_for_load_state()
    _visit(page, "coordinator case page")
    assert case.involvements.count() == 2
    # The decision to include the person (PGA law), so the casusoverleg may agree
    # actions about them; its own browser journey is tests/e2e/test_pga_journey.py.
    include(User.objects.get(username="coordinator"), case)

    page.goto(f"{base}/overleggen/nieuw/")
    _visit(page, "plan a meeting")
    page.get_by_label("Datum").fill(timezone.localdate().isoformat())
    page.get_by_label("Begintijd").fill("00:00")
    page.get_by_label("Plaats").fill("Stadhuis zaal 3")
    for organisation in ("Jeugdteam Lelystad", "Welzijn Lelystad"):
        page.get_by_label(organisation).check()
    page.get_by_role("button", name="Plannen").click()
    page.wait_for_url(f"{base}/overleggen/*/")
    meeting = Meeting.objects.get(location="Stadhuis zaal 3")
    page.get_by_label("Soort").select_option(label="Nieuwe casus")
    page.locator("#id_case").fill(f"{case.reference} · Casus Reis 21")
    page.get_by_role("button", name="Op de agenda zetten").click()
    page.wait_for_load_state()
    _visit(page, "meeting page with agenda")

    page.get_by_role("link", name="Overleg voorzitten").click()
    _visit(page, "chair view")
    page.get_by_role("textbox", name="Notulen (niet verplicht)").fill("Besproken; zorgen gedeeld.")
    page.locator(".app-save-status [data-saved]").wait_for()
    page.locator("#id_text").fill("Casus wordt actief opgepakt.")
    page.get_by_label("Nieuw risiconiveau").select_option(label="Hoog")
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_load_state()
    page.get_by_label("Afspraak", exact=True).fill("Huisbezoek plannen")
    page.get_by_label("Organisatie", exact=True).select_option(label="Jeugdteam Lelystad")
    page.get_by_label("Uiterste datum").fill(
        (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    )
    page.get_by_role("button", name="Afspraak toevoegen").click()
    page.wait_for_load_state()
    _visit(page, "chair view after decision and action")
    assert case.assessments.first().level == "high"
    assert Action.objects.filter(case=case, description="Huisbezoek plannen").exists()

    page.goto(f"{base}/overleggen/{meeting.pk}/projectie/")
    _visit(page, "projection")
    page.goto(f"{base}/overleggen/{meeting.pk}/voorzitten/")
    page.locator("summary", has_text="Notulen vaststellen").click()
    page.get_by_label("De notulen zijn compleet").check()
    page.get_by_role("button", name="Vaststellen").click()
    page.wait_for_url(f"{base}/overleggen/{meeting.pk}/notulen/")
    _visit(page, "finalised minutes")
    meeting.refresh_from_db()
    assert meeting.is_finalised
    context.close()


def test_management_generates_the_report_and_watches_progress(
    live_server, browser, demo, artifacts
):
    from reports.tasks import report_generate

    base = live_server.url
    context = _context(browser)
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base, "management")
    page.goto(f"{base}/rapportages/")
    _visit(page, "reports")
    # No worker runs here: the request queues the task and the page shows progress.
    celery_app.conf.task_always_eager = False
    try:
        page.get_by_role("button", name="Rapportage maken").click()
        page.wait_for_url(f"{base}/rapportages/*/")
        assert page.locator("progress.app-progress").is_visible()
        _visit(page, "report in progress")
        report = Report.objects.latest("pk")
        report_generate(report.pk)  # what the worker does; the page polls for it
        page.get_by_role("link", name="PDF downloaden").wait_for()
    finally:
        celery_app.conf.task_always_eager = True
    _visit(page, "report ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF downloaden").click()
    assert download.value.suggested_filename.endswith(".pdf")
    context.close()


def test_functional_administrator_invites_a_user_who_enrols_and_lands_on_the_start_page(
    live_server, browser, demo, artifacts, tmp_path
):
    import re

    from django.core import mail
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import current_totp

    base = live_server.url
    context = _context(browser)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "beheerder")
    page.goto(f"{base}/beheer/gebruikers/")
    _visit(page, "user list")
    page.get_by_role("link", name="Gebruiker uitnodigen").click()
    _visit(page, "invite user")
    assert page.locator('input[type="password"]').count() == 0
    mail.outbox.clear()
    page.get_by_label("Gebruikersnaam").fill("nieuwe.collega")
    page.get_by_label("Voornaam").fill("Nina")
    page.get_by_label("Achternaam").fill("Collega")
    page.get_by_label("E-mailadres").fill("nina.collega@example.org")
    page.get_by_label("Organisatie").fill("Welzijn Lelystad")
    page.get_by_label("Rol").select_option(label="Partnerprofessional")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.wait_for_load_state()
    _visit(page, "invited user")
    assert "uitgenodigd" in page.content()
    invited = User.objects.get(username="nieuwe.collega")
    assert not invited.has_usable_password()

    # Bulk invitation: upload, preview with a per-row error, nothing sent yet.
    csv_file = tmp_path / "collega's.csv"
    csv_file.write_bytes(
        "voornaam;achternaam;e-mail;organisatie;rol\r\n"
        "Sam;de Wit;sam.dewit@example.org;Jeugdteam Lelystad;Partnerprofessional\r\n"
        "Kim;Fout;geen-adres;Onbekend;Koning\r\n".encode("utf-8-sig")
    )
    page.goto(f"{base}/beheer/gebruikers/importeren/")
    _visit(page, "bulk invite")
    page.get_by_label("CSV-bestand").set_input_files(str(csv_file))
    page.get_by_role("button", name="Voorbeeld tonen").click()
    page.wait_for_load_state()
    _visit(page, "bulk invite preview")
    assert "Onbekende rol." in page.content()
    page.screenshot(path=str(artifacts / "bulk-invite-preview.png"), full_page=True)
    page.get_by_role("button", name="1 uitnodiging versturen").click()
    page.wait_for_load_state()
    assert User.objects.filter(email="sam.dewit@example.org").exists()

    page.goto(f"{base}/beheer/toegangscontroles/")
    _visit(page, "access reviews")
    page.get_by_role("link", name="Politie Basisteam Lelystad").click()
    _visit(page, "access review")
    page.screenshot(path=str(artifacts / "access-review.png"), full_page=True)

    target = User.objects.get(username="jeugdzorg")
    page.goto(f"{base}/beheer/gebruikers/{target.pk}/")
    _visit(page, "edit user")
    page.get_by_text("Tweestapsverificatie resetten").click()  # the disclosure
    assert page.get_by_text("wordt direct uitgelogd").is_visible()
    page.get_by_role("button", name="Nu resetten").click()
    page.wait_for_load_state()
    _visit(page, "user after 2FA reset")
    assert not TOTPDevice.objects.filter(user=target, confirmed=True).exists()
    context.close()

    # The invited user follows the link from the e-mail in their own browser.
    (message,) = [m for m in mail.outbox if m.to == ["nina.collega@example.org"]]
    path = re.search(r"https?://[^/\s]+(/uitnodiging/\d+/[\w-]+/)", message.body).group(1)
    context = _context(browser)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}{path}")
    _visit(page, "invitation")
    page.screenshot(path=str(artifacts / "invitation.png"), full_page=True)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("Mijn-eigen-wachtzin-2026")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Mijn-eigen-wachtzin-2026")
    page.get_by_role("button", name="Wachtwoord instellen en verder").click()
    page.wait_for_url(f"{base}/inloggen/tweestapsverificatie-instellen/")
    _visit(page, "enrolment after invitation")
    device = TOTPDevice.objects.get(user=invited, confirmed=False)
    page.get_by_label("Zescijferige code uit de app").fill(current_totp(device))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()
    _visit(page, "backup codes after invitation")
    assert page.locator(".app-backup-codes li").count() > 0
    page.get_by_role("link", name="Ik heb mijn codes bewaard, ga verder").click()
    page.wait_for_url(f"{base}/")
    _visit(page, "start page of the invited user")
    assert page.get_by_role("heading", level=1).count() == 1
    context.close()


def test_privacy_officer_filters_the_audit_log_for_one_case(live_server, browser, demo):
    base = live_server.url
    case = Case.objects.get(label="Casus Boswijk 1")
    context = _context(browser)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "privacy")
    page.goto(f"{base}/privacy/auditlog/")
    _visit(page, "audit log")
    page.locator("#id_object").fill(case.reference)
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_load_state()
    _visit(page, "audit log filtered")
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 1
    assert all(case.reference in rows.nth(i).inner_text() for i in range(rows.count()))
    for path in ("/privacy/bewaartermijnen/", "/privacy/inzage/", "/privacy/afwijkende-inzage/"):
        page.goto(base + path)
        _visit(page, f"privacy {path}")
    context.close()


def _tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def _choose_radio(page, name: str, value: str, limit: int = 12) -> None:
    """Tab into a radio group, then arrow keys to the option, as a keyboard user does."""
    _tab_to(page, f"input[name={name}]")
    for _ in range(limit):
        if page.evaluate(
            "(v) => document.activeElement.value === v && document.activeElement.checked", value
        ):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{name}={value} cannot be chosen with the arrow keys")


def test_signal_intake_with_the_keyboard_only(live_server, browser, demo):
    base = live_server.url
    context = _context(browser)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "jeugdzorg")
    page.goto(f"{base}/signalen/nieuw/")
    _choose_radio(page, "category", "radicalisation")
    _tab_to(page, "input[name='persons-0-full_name']")
    page.keyboard.type("Kim Toetsenbord")
    _tab_to(page, "textarea[name=observation]")
    page.keyboard.type("Zorgen over uitspraken in de klas.")
    _tab_to(page, "input[name=observed_on]")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.keyboard.type(yesterday.strftime("%m%d%Y"))
    _choose_radio(page, "source", "own")
    _choose_radio(page, "urgency", "normal")
    _tab_to(page, "button[type=submit]:not([form])")
    page.keyboard.press("Enter")
    page.locator("#review-heading").wait_for()  # the check step, then send
    _tab_to(page, "button[data-review-send]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ontvangen/")
    assert Signal.objects.filter(persons__full_name="Kim Toetsenbord").exists()
    context.close()


def test_agenda_view_with_the_keyboard_only(live_server, browser, demo):
    base = live_server.url
    meeting = Meeting.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
    first, second = list(meeting.items.order_by("position"))[:2]
    context = _context(browser)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "coordinator")
    page.goto(f"{base}/overleggen/{meeting.pk}/voorzitten/?punt={first.pk}")
    _tab_to(page, f"textarea[name='m{first.pk}-notes']")
    page.keyboard.type("Met het toetsenbord genotuleerd.")
    _tab_to(page, f"button.app-chair__link[data-agenda-link='{second.pk}']")
    page.keyboard.press("Enter")
    page.locator(f"textarea[name='m{second.pk}-notes']").wait_for()
    # Focus moves to the new item's heading, so the keyboard user continues there.
    assert page.evaluate("document.activeElement.id") == "item-heading"
    _tab_to(page, f"textarea[name='m{second.pk}-notes']")
    page.keyboard.type("Tweede punt.")
    _tab_to(page, "button[type=submit]:not([form])")
    page.keyboard.press("Enter")
    page.locator(".app-save-status [data-saved]").wait_for()
    first.refresh_from_db()
    assert first.notes == "Met het toetsenbord genotuleerd."
    assert AgendaItem.objects.get(pk=second.pk).notes == "Tweede punt."
    context.close()


@pytest.mark.parametrize(
    ("width", "height", "label"), [(320, 640, "320 px"), (640, 450, "200% zoom")]
)
def test_intake_form_fits_small_screens_and_zoom(live_server, browser, demo, width, height, label):
    base = live_server.url
    context = _context(browser, width, height)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "politie")
    page.goto(f"{base}/signalen/nieuw/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, label
    # A failed submit: the error summary gets the focus and links to the fields.
    page.get_by_role("button", name="Controleer uw melding").click()
    page.locator("#form-errors").wait_for()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert page.locator("[aria-invalid=true]").count() >= 1
    first_link = page.locator("#form-errors a").first
    target = first_link.get_attribute("href")
    assert page.locator(target).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width, label
    _visit(page, f"intake with errors ({label})")
    context.close()
