"""Every signal URL: each role, own and foreign organisation, and without 2FA."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lelystad_radicalisering.roles import Role

pytestmark = pytest.mark.django_db

# Who asks: a role, and for partners whether they belong to the reporting organisation.
ACTORS = [
    "partner_own",
    "partner_other",
    "coordinator",
    "management",
    "functional_admin",
    "privacy_officer",
]

# url name -> (method, expected status per actor). 404 for a foreign object, 403 for a wrong role.
TABLE = {
    "signals:signal_list": ("get", {"partner_own": 200, "partner_other": 200, "coordinator": 403}),
    "signals:signal_create": (
        "get",
        {"partner_own": 200, "partner_other": 200, "coordinator": 200},
    ),
    "signals:signal_detail": (
        "get",
        {"partner_own": 200, "partner_other": 404, "coordinator": 302},
    ),
    "signals:confirmation": ("get", {"partner_own": 200, "partner_other": 404, "coordinator": 404}),
    "signals:signal_supplement": (
        "post",
        {"partner_own": 302, "partner_other": 404, "coordinator": 403},
    ),
    "signals:attachment_download": (
        "get",
        {"partner_own": 200, "partner_other": 404, "coordinator": 200},
    ),
    "signals:triage_inbox": ("get", {"coordinator": 200}),
    "signals:triage_detail": ("get", {"coordinator": 200}),
    "signals:triage_decide": ("post", {"coordinator": 302}),
    "signals:triage_person_link": ("post", {"coordinator": 302}),
    "signals:triage_person_unlink": ("post", {"coordinator": 302}),
    "signals:person_detail": ("get", {"coordinator": 200}),
    "signals:neighbourhood_list": ("get", {"functional_admin": 200}),
    "signals:neighbourhood_toggle": ("post", {"functional_admin": 302}),
    "audit:audit_log": ("get", {"privacy_officer": 200}),
    "audit:audit_log_export": ("get", {"privacy_officer": 200}),
    "audit:suggest": ("get", {"privacy_officer": 200}),
}


def _url(name: str, signal) -> str:
    person = signal.persons.get()
    attachment = signal.attachments.get()
    kwargs = {
        "signals:signal_detail": {"pk": signal.pk},
        "signals:confirmation": {"pk": signal.pk},
        "signals:signal_supplement": {"pk": signal.pk},
        "signals:attachment_download": {"pk": signal.pk, "attachment_pk": attachment.pk},
        "signals:triage_detail": {"pk": signal.pk},
        "signals:triage_decide": {"pk": signal.pk},
        "signals:triage_person_link": {"pk": signal.pk, "person_pk": person.pk},
        "signals:triage_person_unlink": {"pk": signal.pk, "person_pk": person.pk},
        "signals:person_detail": {"pk": _known_person(signal).pk},
        "signals:neighbourhood_toggle": {"pk": _first_neighbourhood().pk},
    }.get(name, {})
    return reverse(name, kwargs=kwargs)


def _first_neighbourhood():
    from signals.models import Neighbourhood

    return Neighbourhood.objects.order_by("pk").first()


def _known_person(signal):
    from signals.models import Person

    return Person.objects.get_or_create(full_name="Bekende Persoon")[0]


POST_DATA = {
    "signals:signal_supplement": {"text": "Aanvulling"},
    "signals:triage_decide": {"decision": "closed", "reason": "Geen zorgen"},
    "signals:triage_person_link": {"person": "new"},
}


def test_table_covers_every_signal_and_audit_url():
    from tests.urlwalk import all_routes

    names = {r.view_name for r in all_routes() if r.view_name.startswith(("signals:", "audit:"))}
    # The tension overview is a network page (tests/network/test_network_permissions.py).
    assert names - {"signals:tension_overview"} == set(TABLE)


@pytest.fixture
def actors(partner, other_partner, coordinator, management, functional_admin, privacy_officer):
    return {
        "partner_own": partner,
        "partner_other": other_partner,
        "coordinator": coordinator,
        "management": management,
        "functional_admin": functional_admin,
        "privacy_officer": privacy_officer,
    }


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("actor", ACTORS)
def test_access_table(verified_client, actors, signal, name, actor):
    method, expected = TABLE[name]
    status = expected.get(actor, 403)
    client = verified_client(actors[actor])
    url = _url(name, signal)
    response = getattr(client, method)(url, POST_DATA.get(name, {}))
    assert response.status_code == status, f"{actor} {method.upper()} {url}"


@pytest.mark.parametrize("name", list(TABLE))
def test_without_second_factor_everything_goes_to_verification(
    password_only_client, actors, signal, name
):
    method, _ = TABLE[name]
    for actor in ("partner_own", "coordinator", "privacy_officer"):
        response = getattr(password_only_client(actors[actor]), method)(
            _url(name, signal), POST_DATA.get(name, {})
        )
        assert response.status_code == 302
        assert response["Location"] == "/inloggen/verificatie/"


def test_foreign_partner_cannot_post_a_supplement_by_id(verified_client, other_partner, signal):
    response = verified_client(other_partner).post(
        reverse("signals:signal_supplement", args=[signal.pk]), {"text": "ingebroken"}
    )
    assert response.status_code == 404
    assert not signal.supplements.exists()


def test_attachment_of_another_signal_is_not_served_through_an_own_signal(
    verified_client, partner, other_partner, signal
):
    from tests.signals.conftest import _pdf, make_signal

    own = make_signal(other_partner, attachments=[_pdf("eigen.pdf")])
    foreign_attachment = signal.attachments.get()
    url = reverse("signals:attachment_download", args=[own.pk, foreign_attachment.pk])
    assert verified_client(other_partner).get(url).status_code == 404


def test_partner_of_other_organisation_gets_404_not_403(verified_client, other_partner, signal):
    # Same answer as for a signal that does not exist: existence never leaks.
    client = verified_client(other_partner)
    missing = client.get(reverse("signals:signal_detail", args=[999999]))
    foreign = client.get(reverse("signals:signal_detail", args=[signal.pk]))
    assert missing.status_code == foreign.status_code == 404


def test_coordinator_role_name_is_what_counts_not_the_organisation(
    verified_client, municipality, signal
):
    from tests.factories import TOTPDeviceFactory, UserFactory

    colleague = UserFactory(organisation=municipality, role=Role.MANAGEMENT)
    TOTPDeviceFactory(user=colleague)
    assert verified_client(colleague).get(reverse("signals:triage_inbox")).status_code == 403
