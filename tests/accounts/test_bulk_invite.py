"""Bulk invitation from a CSV file: preview with per-row Dutch errors, nothing
lost between preview and confirmation, never a 500 whatever the file."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.bulk import BulkFileError, read_rows, validate_rows
from accounts.models import Invitation, User

pytestmark = pytest.mark.django_db

UPLOAD = "/beheer/gebruikers/importeren/"
CONFIRM = "/beheer/gebruikers/importeren/bevestigen/"


def _csv(text: str, *, bom: bool = True, encoding: str = "utf-8") -> SimpleUploadedFile:
    content = text.encode(encoding)
    if bom:
        content = b"\xef\xbb\xbf" + content
    return SimpleUploadedFile("gebruikers.csv", content, content_type="text/csv")


def _payload(html: str) -> str:
    return re.search(r'name="payload" value="([^"]+)"', html).group(1)


@pytest.fixture
def file_text(police, youth_care, partner):
    return (
        "voornaam;achternaam;e-mail;organisatie;rol\r\n"
        f"Nina;Jansen;nina@example.org;{police.name};Partnerprofessional\r\n"
        f"Ali;Öztürk;ali@example.org;{youth_care.name.upper()};partner\r\n"
        "Piet;Fout;geen-email;Onbekende Organisatie;Koning\r\n"
        f"Dubbel;Adres;nina@example.org;{police.name};Coördinator\r\n"
        f"Bestaand;Account;{partner.email};{police.name};Partnerprofessional\r\n"
        f";Zonder;leeg@example.org;{police.name};Partnerprofessional\r\n"
    )


def test_preview_lists_every_row_with_dutch_errors_and_saves_nothing(
    verified_client, functional_admin, file_text
):
    before = User.objects.count()
    response = verified_client(functional_admin).post(UPLOAD, {"file": _csv(file_text)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 van 6 rijen kunnen worden uitgenodigd." in html
    for message in (
        "Het e-mailadres is niet geldig.",
        "Onbekende of inactieve organisatie.",
        "Onbekende rol.",
        "Dit e-mailadres staat twee keer in het bestand.",
        "Dit e-mailadres is al in gebruik.",
        "De voornaam ontbreekt.",
    ):
        assert message in html, message
    assert "Öztürk" in html
    assert User.objects.count() == before


def test_confirm_invites_the_valid_rows_from_the_signed_preview(
    verified_client,
    functional_admin,
    file_text,
    police,
    youth_care,
    django_capture_on_commit_callbacks,
):
    client = verified_client(functional_admin)
    preview = client.post(UPLOAD, {"file": _csv(file_text)}).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONFIRM, {"payload": _payload(preview)})
    assert response.status_code == 302
    nina = User.objects.get(email="nina@example.org")
    ali = User.objects.get(email="ali@example.org")
    assert (nina.organisation, nina.role, nina.username) == (police, "partner", "nina@example.org")
    assert (ali.organisation, ali.last_name) == (youth_care, "Öztürk")
    assert not nina.has_usable_password()
    assert Invitation.objects.filter(user__in=[nina, ali]).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ali@example.org", "nina@example.org"]
    assert not User.objects.filter(last_name="Fout").exists()


def test_a_tampered_preview_is_refused(verified_client, functional_admin, file_text):
    client = verified_client(functional_admin)
    payload = _payload(client.post(UPLOAD, {"file": _csv(file_text)}).content.decode())
    response = client.post(CONFIRM, {"payload": payload[:-3] + "xyz"}, follow=True)
    assert "Het voorbeeld is verlopen of gewijzigd." in response.content.decode()
    assert not User.objects.filter(email="nina@example.org").exists()


def test_rows_taken_between_preview_and_confirm_are_skipped(
    verified_client, functional_admin, file_text, police
):
    from tests.factories import UserFactory

    client = verified_client(functional_admin)
    payload = _payload(client.post(UPLOAD, {"file": _csv(file_text)}).content.decode())
    UserFactory(email="nina@example.org", organisation=police)
    client.post(CONFIRM, {"payload": payload})
    assert User.objects.filter(email="nina@example.org").count() == 1
    assert User.objects.filter(email="ali@example.org").exists()


def test_comma_separated_without_bom_in_windows_1252_with_one_name_column(police):
    content = (
        f"Naam,E-mail,Organisatie,Rol\nJosé de Vries,jose@example.org,{police.name},Management\n"
    )
    (row,) = validate_rows(read_rows(content.encode("cp1252")))
    assert row.valid, row.errors
    assert (row.values["first_name"], row.values["last_name"]) == ("José de", "Vries")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leeg"),
        (b" \r\n ;; \r\n", "Het bestand is leeg."),
        (b"\x00\x01\x02binary", "Dit is geen tekstbestand."),
        (b"naam;wat\nx;y\n", "De eerste rij moet de kolommen noemen"),
    ],
)
def test_unreadable_files_get_a_dutch_message(verified_client, functional_admin, content, message):
    response = verified_client(functional_admin).post(
        UPLOAD, {"file": SimpleUploadedFile("x.csv", content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_row_and_size_caps(verified_client, functional_admin, police, settings):
    settings.BULK_INVITE_MAX_ROWS = 3
    rows = "".join(f"A;B;a{i}@example.org;{police.name};partner\n" for i in range(4))
    response = verified_client(functional_admin).post(
        UPLOAD, {"file": _csv("voornaam;achternaam;e-mail;organisatie;rol\n" + rows)}
    )
    assert "meer dan 3 rijen" in response.content.decode()
    settings.BULK_INVITE_MAX_BYTES = 100
    with pytest.raises(BulkFileError):
        read_rows(b"voornaam;achternaam;e-mail;organisatie;rol\n" + b"x" * 200)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(
        st.binary(max_size=4096),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(
            st.lists(st.text(max_size=30), max_size=8).map(lambda cells: ";".join(cells)),
            max_size=20,
        ).map(
            lambda lines: (
                "voornaam;achternaam;e-mail;organisatie;rol\n" + "\n".join(lines)
            ).encode("utf-8", "surrogatepass")
        ),
    )
)
def test_any_file_is_parsed_or_refused_with_a_message(content):
    try:
        rows = read_rows(content)
    except BulkFileError as error:
        assert str(error)
        return
    for row in validate_rows(rows):
        assert row.valid or all(isinstance(e, str) and e for e in row.errors)


def test_any_upload_through_the_view_never_answers_500(verified_client, functional_admin):
    client = verified_client(functional_admin)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.binary(max_size=3000))
    def run(content):
        response = client.post(UPLOAD, {"file": SimpleUploadedFile("x.csv", content)})
        assert response.status_code == 200

    run()
    huge = SimpleUploadedFile("x.csv", b"a;b\n" * 400_000)
    response = client.post(UPLOAD, {"file": huge})
    assert response.status_code == 200
    assert "te groot" in response.content.decode()
