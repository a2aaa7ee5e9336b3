from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.accounts import (
    DEMO_PASSWORD,
    demo_totp_secret,
    seed_demo_accounts,
    seed_demo_lifecycle,
)
from demo.api import DEMO_API_TOKEN, seed_demo_api
from demo.cases import seed_demo_cases
from demo.dashboards import seed_demo_attention
from demo.meetings import seed_demo_meetings
from demo.network import seed_demo_network, seed_demo_plan
from demo.notifications import seed_demo_notifications
from demo.pga import seed_demo_pga
from demo.reports import seed_demo_report
from demo.signals import seed_demo_signals


class Command(BaseCommand):
    help = "Fill the database with fictional demo data and one demo account per role."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. Never on a production database.",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with published passwords and refuses to run "
                "while DEBUG is off. Use --force only on a throwaway database."
            )
        users = seed_demo_accounts()
        seed_demo_lifecycle()
        signals = seed_demo_signals()
        cases = seed_demo_cases()
        seed_demo_network()
        seed_demo_plan()
        meetings = seed_demo_meetings()
        seed_demo_pga()
        reports = seed_demo_report()
        seed_demo_attention()
        notifications = seed_demo_notifications()
        api_account = seed_demo_api()
        self.stdout.write(
            f"Demo signals created: {signals}, demo cases created: {cases}, "
            f"demo meetings created: {meetings}, demo reports generated: {reports}, "
            f"demo notifications: {notifications}"
        )
        self.stdout.write(self.style.SUCCESS("Demo data ready. Accounts (demo only):"))
        for user in users:
            self.stdout.write(
                f"  {user.username:<12} {user.get_role_display():<28} TOTP secret {demo_totp_secret(user.username)}"
            )
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
        if api_account is not None:
            self.stdout.write(
                f"  API token of {api_account.name} (only with DEBUG on): {DEMO_API_TOKEN}"
            )
