"""Start the test OpenID Connect provider (tests and demo; never production).

    .venv/bin/python tests/oidc_provider/run.py --port 8190 \\
        --redirect-uri http://127.0.0.1:8102/inloggen/organisatie/terug/

Users (password ``provider-wachtwoord``): ggd, ggd.nieuw, ggd.oud, onbekend.
The client is ``casusoverleg`` with secret ``test-provider-secret``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "casusoverleg"
CLIENT_SECRET = "test-provider-secret"  # a test fixture
USER_PASSWORD = "provider-wachtwoord"  # a test fixture
USERS = ("ggd", "ggd.nieuw", "ggd.oud", "onbekend")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--data", default="", help="folder for the database and signing key")
    parser.add_argument("--redirect-uri", action="append", default=[])
    parser.add_argument(
        "--switches", default='{"amr": ["pwd", "mfa"]}', help="initial switches (JSON)"
    )
    options = parser.parse_args()
    data = options.data or tempfile.mkdtemp(prefix="oidc-provider-")
    os.environ["OIDC_PROVIDER_DATA"] = data
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    from tests.oidc_provider.validators import SWITCHES

    call_command("migrate", verbosity=0)
    for username in USERS:
        if not User.objects.filter(username=username).exists():
            User.objects.create_user(username, password=USER_PASSWORD)
    redirects = options.redirect_uri or ["http://127.0.0.1:8000/inloggen/organisatie/terug/"]
    logout_redirects = [uri.split("/inloggen/")[0] + "/inloggen/" for uri in redirects]
    Application.objects.filter(client_id=CLIENT_ID).delete()
    Application.objects.create(
        name="Casusoverleg Lelystad",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        algorithm=Application.RS256_ALGORITHM,
        redirect_uris=" ".join(redirects),
        post_logout_redirect_uris=" ".join(logout_redirects),
        skip_authorization=True,
    )
    SWITCHES.update(json.loads(options.switches))
    call_command("runserver", f"127.0.0.1:{options.port}", use_reloader=False, use_threading=True)


if __name__ == "__main__":
    main()
