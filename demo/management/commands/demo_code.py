from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from demo.accounts import DEMO_USERS, demo_totp_key


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo account (DEBUG only), instead of a phone app."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", choices=[u[0] for u in DEMO_USERS])

    def handle(self, *args, username: str, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_code only works while DEBUG is on.")
        code = totp(demo_totp_key(username), t0=0, step=30, digits=6)
        remaining = 30 - int(time.time()) % 30
        self.stdout.write(f"{code:06d}  (valid for another {remaining} s)")
