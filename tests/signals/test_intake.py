"""Logging a signal: the form, its checks, idempotence and what intake never reveals."""

from __future__ import annotations

import datetime
import re
import threading
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from signals.models import Person, Signal, SignalAttachment

from .conftest import PDF_BYTES, intake_data, make_signal

pytestmark = pytest.mark.django_db

URL = "/signalen/nieuw/"


def test_partner_logs_a_signal_and_gets_a_reference(verified_client, partner, boswijk):
    client = verified_client(partner)
    assert client.get(URL).status_code == 200
    response = client.post(URL, intake_data(**{"persons-0-neighbourhood": str(boswijk.pk)}))
    signal = Signal.objects.get()
    assert response["Location"] == f"/signalen/{signal.pk}/ontvangen/"
    assert re.fullmatch(rf"S-{timezone.localdate().year}-\d{{4}}", signal.reference)
    assert signal.organisation == partner.organisation and signal.reporter == partner
    person = signal.persons.get()
    assert (person.full_name, person.date_of_birth, person.neighbourhood) == (
        "Piet Testpersoon",
        datetime.date(2005, 5, 5),
        boswijk,
    )
    page = client.get(response["Location"]).content.decode()
    assert signal.reference in page


def test_coordinators_get_an_email_with_reference_and_link_only(
    verified_client, partner, coordinator, django_capture_on_commit_callbacks
):
    client = verified_client(partner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(URL, intake_data(observation="Geheime waarneming over Piet"))
    assert len(callbacks) == 1  # queued after commit, not during the request's transaction
    signal = Signal.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    assert signal.reference in message.subject and signal.reference in message.body
    assert f"/triage/{signal.pk}/" in message.body
    for secret in ("Piet", "Testpersoon", "Geheime", "2005", partner.organisation.name):
        assert secret not in message.subject + message.body
    signal.refresh_from_db()
    assert signal.notified_at is not None


def test_notification_is_sent_only_once(partner, coordinator):
    from signals.tasks import signal_notify_coordinators

    signal = make_signal(partner)
    signal_notify_coordinators(signal.pk)
    assert len(mail.outbox) == 1


def test_sweep_sends_notifications_that_never_reached_the_broker(partner, coordinator):
    from signals.tasks import signals_notify_pending

    signal = make_signal(partner)
    mail.outbox.clear()
    signal.notified_at = None
    signal.created_at = timezone.now() - datetime.timedelta(minutes=10)
    signal.save(update_fields=["notified_at", "created_at"])
    assert signals_notify_pending() == 1
    assert len(mail.outbox) == 1
    assert signals_notify_pending() == 0


def test_signal_is_stored_when_the_broker_is_down(
    verified_client, partner, coordinator, django_capture_on_commit_callbacks
):
    """The coordinator mail cannot be queued; the signal itself is never lost."""
    from celery import Celery

    import signals.tasks as tasks

    unreachable = Celery("unreachable", broker="redis://127.0.0.1:1/0", set_as_current=False)
    unreachable.conf.broker_connection_timeout = 1
    unreachable.conf.task_publish_retry_policy = {"max_retries": 0}
    original = tasks.signal_notify_coordinators
    tasks.signal_notify_coordinators = unreachable.task(name="tests.notify_via_unreachable_broker")(
        original.run
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = verified_client(partner).post(URL, intake_data())
    finally:
        tasks.signal_notify_coordinators = original
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.notified_at is None  # the sweep picks it up later


def _normalise(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    html = re.sub(r"S-\d{4}-\d{4}", "S-REF", html)
    return re.sub(r"/signalen/\d+/", "/signalen/N/", html)


def test_known_and_unknown_person_get_identical_responses(verified_client, partner):
    Person.objects.create(full_name="Bekende Jongere", date_of_birth=datetime.date(2006, 1, 1))
    client = verified_client(partner)

    def submit(name: str) -> tuple[str, str]:
        response = client.post(
            URL,
            intake_data(**{"persons-0-full_name": name, "persons-0-date_of_birth": "2006-01-01"}),
        )
        follow = client.get(response["Location"])
        return response["Location"], follow.content.decode()

    known_location, known_page = submit("Bekende Jongere")
    unknown_location, unknown_page = submit("Onbekende Jongere")
    assert _normalise(known_location) == _normalise(unknown_location)
    assert _normalise(known_page) == _normalise(unknown_page)
    # And the partner's own view of the signal says nothing about a match either.
    known_detail = client.get(known_location.replace("ontvangen/", "")).content.decode()
    unknown_detail = client.get(unknown_location.replace("ontvangen/", "")).content.decode()
    assert _normalise(known_detail).replace("Bekende", "X") == _normalise(unknown_detail).replace(
        "Onbekende", "X"
    )


def test_double_submit_creates_one_signal(verified_client, partner):
    client = verified_client(partner)
    data = intake_data()
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert Signal.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_submission_key_of_another_user_is_refused(verified_client, partner, other_partner):
    data = intake_data()
    verified_client(partner).post(URL, data)
    response = verified_client(other_partner).post(URL, data)
    assert response.status_code == 200
    assert "Dit formulier is al gebruikt." in response.content.decode()
    assert Signal.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_submissions_get_twenty_distinct_references(partner):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (make test runs on PostgreSQL)")
    from django.db import connections

    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def submit() -> None:
        try:
            barrier.wait(timeout=10)
            make_signal(partner)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = list(Signal.objects.values_list("reference", flat=True))
    assert len(references) == 20 and len(set(references)) == 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_of_one_form_creates_one_signal(partner):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (make test runs on PostgreSQL)")
    from django.db import connections

    key = uuid.uuid4()
    barrier = threading.Barrier(5)
    results: list[int] = []

    def submit() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(make_signal(partner, submission_key=key).pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Signal.objects.count() == 1
    assert len(results) == 5 and len(set(results)) == 1


# --- bad input ------------------------------------------------------------------


def _errors(html: str) -> dict[str, str]:
    """Error texts keyed by the field id they sit next to."""
    return {
        m.group(1): m.group(2)
        for m in re.finditer(r'id="(id_[\w-]+)-error">(.*?)</div>', html, re.S)
    }


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"observed_on": "2999-01-01"}, "id_observed_on", "Deze datum ligt in de toekomst."),
        (
            {"persons-0-date_of_birth": "2999-01-01"},
            "id_persons-0-date_of_birth",
            "Deze datum ligt in de toekomst.",
        ),
        ({"observed_on": "31-02-2026"}, "id_observed_on", "Voer een geldige datum in."),
        ({"observation": "   "}, "id_observation", "Dit veld is verplicht."),
        ({"observation": "x" * 10001}, "id_observation", "niet meer dan 10000 tekens"),
        ({"persons-0-full_name": "n" * 201}, "id_persons-0-full_name", "niet meer dan 200 tekens"),
        ({"neighbourhood": "999999"}, "id_neighbourhood", "Kies een wijk uit de lijst."),
        ({"category": "terrorism"}, "id_category", "Selecteer een geldige keuze."),
        (
            {"observation": "tekst met \x00 nul"},
            "id_observation",
            "Null-tekens zijn niet toegestaan.",
        ),
        (
            {"observation": "tekst met \x07 bel"},
            "id_observation",
            "Deze tekst bevat tekens die niet zijn toegestaan.",
        ),
        (
            {"persons-0-full_name": "", "persons-0-date_of_birth": "2001-01-01"},
            "id_persons-0-full_name",
            "Vul een naam in",
        ),
    ],
)
def test_bad_input_gets_a_dutch_message_next_to_the_field(
    verified_client, partner, overrides, field, message
):
    response = verified_client(partner).post(URL, intake_data(**overrides))
    assert response.status_code == 200
    errors = _errors(response.content.decode())
    assert field in errors, errors
    assert message in errors[field]
    assert Signal.objects.count() == 0


def test_typed_text_stays_in_the_form_after_an_error(verified_client, partner):
    response = verified_client(partner).post(
        URL,
        intake_data(
            observed_on="2999-01-01", observation="Mijn lange verhaal", group_description="De groep"
        ),
    )
    html = response.content.decode()
    assert (
        "Mijn lange verhaal" in html and "De groep" in html and 'value="Piet Testpersoon"' in html
    )


def test_signal_must_be_about_someone_or_something(verified_client, partner):
    response = verified_client(partner).post(
        URL, intake_data(**{"persons-0-full_name": "", "persons-0-date_of_birth": ""})
    )
    assert "Geef aan over wie of wat het signaal gaat" in response.content.decode()
    assert Signal.objects.count() == 0


def test_renamed_executable_is_refused_and_named(verified_client, partner):
    executable = SimpleUploadedFile(
        "rapport.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="application/pdf"
    )
    response = verified_client(partner).post(URL, {**intake_data(), "attachments": [executable]})
    html = response.content.decode()
    assert "rapport.pdf is niet toegestaan." in _errors(html)["id_attachments"]
    assert "Voeg deze bestanden opnieuw toe" in html
    assert Signal.objects.count() == 0 and SignalAttachment.objects.count() == 0


def test_pdf_with_wrong_extension_is_refused(verified_client, partner):
    upload = SimpleUploadedFile("foto.jpg", PDF_BYTES, content_type="image/jpeg")
    response = verified_client(partner).post(URL, {**intake_data(), "attachments": [upload]})
    assert "foto.jpg is niet toegestaan." in response.content.decode()


def test_too_large_attachment_is_refused(verified_client, partner, settings):
    from lelystad_radicalisering import uploads as attachments

    big = SimpleUploadedFile(
        "groot.pdf",
        PDF_BYTES + b"0" * attachments.MAX_ATTACHMENT_SIZE,
        content_type="application/pdf",
    )
    response = verified_client(partner).post(URL, {**intake_data(), "attachments": [big]})
    assert "groot.pdf is te groot" in response.content.decode()


def test_valid_attachment_is_stored_outside_public_paths_and_downloadable(
    verified_client, partner, settings
):
    upload = SimpleUploadedFile("../../etc/verslag.pdf", PDF_BYTES, content_type="application/pdf")
    client = verified_client(partner)
    client.post(URL, {**intake_data(), "attachments": [upload]})
    attachment = SignalAttachment.objects.get()
    assert attachment.original_name == "verslag.pdf"
    assert attachment.file.path.startswith(settings.PRIVATE_MEDIA_ROOT)
    assert "verslag" not in attachment.file.name  # stored under a random name
    response = client.get(f"/signalen/{attachment.signal_id}/bijlagen/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert 'attachment; filename="verslag.pdf"' in response["Content-Disposition"]
