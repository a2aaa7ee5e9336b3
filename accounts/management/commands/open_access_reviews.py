"""Open the access reviews that are due now, as the daily beat job does."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from accounts.services import access_reviews_open_due


class Command(BaseCommand):
    help = "Open an access review for every organisation whose last review is an interval old."

    def handle(self, *args, **options) -> None:
        opened = access_reviews_open_due()
        self.stdout.write(f"Access reviews opened: {opened}")
