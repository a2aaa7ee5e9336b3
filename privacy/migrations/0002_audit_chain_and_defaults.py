"""The tamper-evident audit log (PostgreSQL only) and the default retention rules.

- ``auditlog_logentry`` gets ``chain_seq``, ``chain_prev`` and ``chain_hash``.
- ``audit_seal()`` gives every unsealed entry, in id order, the next sequence
  number and a SHA-256 over the previous hash and the entry's content. Sealing
  runs outside the request path (beat job), so no request waits on a lock.
- A trigger refuses every UPDATE (except the one that seals an entry and changes
  nothing else) and every DELETE (except the retention job's, flagged with
  ``SET LOCAL casusoverleg.audit_retention = 'on'``, and only of entries past
  the audit retention period).
"""

from django.db import migrations

DIGEST = """
CREATE OR REPLACE FUNCTION audit_entry_digest(prev text, e auditlog_logentry) RETURNS text AS $$
  SELECT encode(sha256(convert_to(concat_ws('|',
    prev, e.id::text, e.content_type_id::text, e.object_pk, coalesce(e.object_id::text, ''),
    e.object_repr, e.action::text, coalesce(e.changes::text, ''), e.changes_text,
    coalesce(e.actor_id::text, ''), coalesce(host(e.remote_addr), ''),
    coalesce(e.remote_port::text, ''),
    to_char(e.timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(e.additional_data::text, ''), coalesce(e.serialized_data::text, ''),
    coalesce(e.actor_email, ''), coalesce(e.cid, '')
  ), 'UTF8')), 'hex')
$$ LANGUAGE sql IMMUTABLE;
"""

SEAL = """
CREATE OR REPLACE FUNCTION audit_seal() RETURNS integer AS $$
DECLARE
  last_seq bigint;
  last_hash text;
  entry auditlog_logentry;
  sealed integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('casusoverleg_audit_chain'));
  SELECT chain_seq, chain_hash INTO last_seq, last_hash
    FROM auditlog_logentry WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
  IF last_seq IS NULL THEN
    -- Everything sealed was destroyed by retention: go on from the recorded anchor.
    SELECT (details->>'chain_anchor_seq')::bigint, details->>'chain_anchor_hash'
      INTO last_seq, last_hash
      FROM privacy_destructionrecord
      WHERE kind = 'audit' AND details ? 'chain_anchor_seq'
      ORDER BY id DESC LIMIT 1;
  END IF;
  last_seq := coalesce(last_seq, 0);
  last_hash := coalesce(last_hash, repeat('0', 64));
  FOR entry IN SELECT * FROM auditlog_logentry WHERE chain_seq IS NULL ORDER BY id FOR UPDATE LOOP
    last_seq := last_seq + 1;
    UPDATE auditlog_logentry
       SET chain_seq = last_seq, chain_prev = last_hash,
           chain_hash = audit_entry_digest(last_hash, entry)
     WHERE id = entry.id
     RETURNING chain_hash INTO last_hash;
    sealed := sealed + 1;
  END LOOP;
  RETURN sealed;
END
$$ LANGUAGE plpgsql;
"""

GUARD = """
CREATE OR REPLACE FUNCTION audit_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.chain_hash IS NULL AND NEW.chain_hash IS NOT NULL
       AND ROW(NEW.id, NEW.content_type_id, NEW.object_pk, NEW.object_id, NEW.object_repr,
               NEW.action, NEW.changes::text, NEW.changes_text, NEW.actor_id, NEW.remote_addr,
               NEW.remote_port, NEW.timestamp, NEW.additional_data::text,
               NEW.serialized_data::text, NEW.actor_email, NEW.cid)
           IS NOT DISTINCT FROM
           ROW(OLD.id, OLD.content_type_id, OLD.object_pk, OLD.object_id, OLD.object_repr,
               OLD.action, OLD.changes::text, OLD.changes_text, OLD.actor_id, OLD.remote_addr,
               OLD.remote_port, OLD.timestamp, OLD.additional_data::text,
               OLD.serialized_data::text, OLD.actor_email, OLD.cid) THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit log entries cannot be changed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF current_setting('casusoverleg.audit_retention', true) = 'on'
     AND OLD.timestamp < now() - make_interval(days => coalesce(
       (SELECT days FROM privacy_retentionrule WHERE kind = 'audit'), 2557)) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit log entries cannot be deleted' USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""

INSTALL = [
    "ALTER TABLE auditlog_logentry ADD COLUMN IF NOT EXISTS chain_seq bigint UNIQUE",
    "ALTER TABLE auditlog_logentry ADD COLUMN IF NOT EXISTS chain_prev char(64)",
    "ALTER TABLE auditlog_logentry ADD COLUMN IF NOT EXISTS chain_hash char(64)",
    "CREATE INDEX IF NOT EXISTS auditlog_logentry_unsealed ON auditlog_logentry (id)"
    " WHERE chain_seq IS NULL",
    DIGEST,
    SEAL,
    GUARD,
    "DROP TRIGGER IF EXISTS auditlog_logentry_guard ON auditlog_logentry",
    "CREATE TRIGGER auditlog_logentry_guard BEFORE UPDATE OR DELETE ON auditlog_logentry"
    " FOR EACH ROW EXECUTE FUNCTION audit_guard()",
]


COLUMNS = (
    "id content_type_id object_pk object_id object_repr action changes changes_text actor_id"
    " remote_addr remote_port timestamp additional_data serialized_data actor_email cid"
).split()

# The demo database (SQLite): same columns and guard; the digest is computed in
# Python there (privacy.audit_chain), as SQLite has no SHA-256.
SQLITE = [
    "ALTER TABLE auditlog_logentry ADD COLUMN chain_seq bigint NULL",
    "ALTER TABLE auditlog_logentry ADD COLUMN chain_prev char(64) NULL",
    "ALTER TABLE auditlog_logentry ADD COLUMN chain_hash char(64) NULL",
    "CREATE UNIQUE INDEX auditlog_logentry_chain_seq ON auditlog_logentry (chain_seq)",
    "CREATE TRIGGER auditlog_logentry_guard_update BEFORE UPDATE ON auditlog_logentry"
    " WHEN NOT (OLD.chain_hash IS NULL AND NEW.chain_hash IS NOT NULL AND "
    + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in COLUMNS)
    + ") BEGIN SELECT RAISE(ABORT, 'audit log entries cannot be changed'); END",
    "CREATE TRIGGER auditlog_logentry_guard_delete BEFORE DELETE ON auditlog_logentry"
    " BEGIN SELECT RAISE(ABORT, 'audit log entries cannot be deleted'); END",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": INSTALL, "sqlite": SQLITE}.get(vendor, [])
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def defaults(apps, schema_editor):
    from privacy.constants import RETENTION_DEFAULTS

    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for kind, days in RETENTION_DEFAULTS.items():
        RetentionRule.objects.get_or_create(kind=kind, defaults={"days": days})


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        migrations.RunPython(defaults, migrations.RunPython.noop),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
