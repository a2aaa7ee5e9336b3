"""The audit log in PostgreSQL: no UPDATE, no DELETE, and a hash chain that
shows any change made behind the application's back."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from privacy import audit_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(partner):
    """A few real entries: changes of a user, as django-auditlog writes them."""
    for name in ("Anna", "Bram", "Cees"):
        partner.first_name = name
        partner.save(update_fields=["first_name"])
    assert LogEntry.objects.filter(object_pk=str(partner.pk)).count() >= 3
    audit_chain.seal()
    return list(LogEntry.objects.order_by("id").values_list("id", flat=True))


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_update_of_an_audit_entry_is_refused_by_the_database(entries):
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        _sql("UPDATE auditlog_logentry SET changes_text = 'x' WHERE id = %s", [entries[0]])


def test_update_of_an_unsealed_entry_is_refused_too(partner):
    partner.last_name = "Nieuw"
    partner.save(update_fields=["last_name"])
    entry = LogEntry.objects.latest("id")
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE auditlog_logentry SET object_repr = 'x' WHERE id = %s", [entry.id])
    # Not even through the ORM.
    entry.object_repr = "x"
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()


def test_delete_of_an_audit_entry_is_refused_by_the_database(entries):
    with pytest.raises(DatabaseError, match="cannot be deleted"), transaction.atomic():
        _sql("DELETE FROM auditlog_logentry WHERE id = %s", [entries[-1]])
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(id=entries[0]).delete()


def test_the_retention_flag_does_not_open_recent_entries(entries):
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("SET LOCAL casusoverleg.audit_retention = 'on'")
        _sql("DELETE FROM auditlog_logentry WHERE id = %s", [entries[0]])


def test_an_intact_chain_verifies(entries):
    result = audit_chain.verify()
    assert result.ok and result.checked == len(entries) and result.unsealed == 0
    call_command("verify_audit_log")


def _tamper(statement: str, params) -> None:
    """What an attacker with superuser rights would do: switch triggers off."""
    _sql("SET session_replication_role = replica")
    try:
        _sql(statement, params)
    finally:
        _sql("SET session_replication_role = origin")


def test_a_changed_entry_is_found_by_the_chain(entries):
    target = entries[1]
    _tamper("UPDATE auditlog_logentry SET changes_text = 'niets' WHERE id = %s", [target])
    result = audit_chain.verify()
    assert result.broken_at == target
    with pytest.raises(CommandError, match=f"entry id {target}"):
        call_command("verify_audit_log")


def test_a_changed_timestamp_or_actor_is_found(entries, coordinator):
    target = entries[2]
    _tamper("UPDATE auditlog_logentry SET actor_id = %s WHERE id = %s", [coordinator.pk, target])
    assert audit_chain.verify().broken_at == target


def test_a_deleted_entry_is_found_by_the_gap(entries):
    target = entries[1]
    _tamper("DELETE FROM auditlog_logentry WHERE id = %s", [target])
    assert audit_chain.verify().broken_at == entries[2]


def test_a_recomputed_hash_does_not_hide_a_change(entries):
    """Changing a row and fixing its own hash breaks the next link."""
    target = entries[1]
    _tamper(
        "UPDATE auditlog_logentry SET changes_text = 'niets',"
        " chain_hash = audit_entry_digest(chain_prev, auditlog_logentry) WHERE id = %s",
        [target],
    )
    _tamper(
        "UPDATE auditlog_logentry SET chain_hash = audit_entry_digest(chain_prev, auditlog_logentry)"
        " WHERE id = %s",
        [target],
    )
    assert audit_chain.verify().broken_at == entries[2]


def test_new_entries_are_sealed_by_the_beat_job(entries, partner, settings):
    from privacy.tasks import audit_log_seal

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "privacy.seal_audit_log" in scheduled
    partner.first_name = "Dirk"
    partner.save(update_fields=["first_name"])
    assert audit_chain.verify().unsealed == 1
    assert audit_log_seal() == 1
    result = audit_chain.verify()
    assert result.ok and result.unsealed == 0 and result.checked == len(entries) + 1
