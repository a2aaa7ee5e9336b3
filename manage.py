#!/usr/bin/env python
from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lelystad_radicalisering.settings")
    # A bare checkout with nothing configured is a developer's machine: run in
    # demo mode. Any configured environment (production sets DATABASE_URL and
    # SECRET_KEY, and DEBUG=false) is taken exactly as configured.
    if not any(name in os.environ for name in ("DEBUG", "SECRET_KEY", "DATABASE_URL")):
        os.environ["DEBUG"] = "true"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
