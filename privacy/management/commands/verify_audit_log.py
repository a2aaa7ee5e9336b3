"""Check the audit log's hash chain and report the first broken link."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from privacy import audit_chain


class Command(BaseCommand):
    help = "Verify the hash chain over the audit log; exit 1 at the first broken link."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--seal-first", action="store_true", help="seal pending entries before checking"
        )

    def handle(self, *args, seal_first: bool = False, **options) -> None:
        if not audit_chain.available():
            raise CommandError("The audit chain exists on PostgreSQL only.")
        if seal_first:
            self.stdout.write(f"Sealed {audit_chain.seal()} pending entries.")
        result = audit_chain.verify()
        if not result.ok:
            raise CommandError(
                f"Audit chain broken at entry id {result.broken_at}"
                f"{': ' + result.problem if result.problem else ''}"
                f" (after {result.checked} good links)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {result.checked} entries verified, "
                f"{result.unsealed} not sealed yet."
            )
        )
