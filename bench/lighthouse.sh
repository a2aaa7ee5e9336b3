#!/usr/bin/env bash
# Lighthouse (mobile) on the login page and the signal form, against the
# production settings under gunicorn: DEBUG off, collectstatic with whitenoise's
# CompressedManifestStaticFilesStorage. Only TLS is left out (it ends at the
# proxy in production), so the redirect to https and HSTS are switched off.
#
#   npm ci            # once: lighthouse from package.json
#   bash bench/lighthouse.sh
#
# Uses Debian's Chromium (CHROME_PATH) and a throwaway SQLite database with the
# demo seed; prints one line per page with the performance and accessibility
# scores and the bytes of CSS sent. Not part of the test suite.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
port=${LIGHTHOUSE_PORT:-8197}
work=$(mktemp -d)
gunicorn_pid=""
cleanup() {
  if [ -n "$gunicorn_pid" ]; then kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
export DEBUG=false
export DATABASE_URL="sqlite:///$work/bench.sqlite3"
export SECRET_KEY=${SECRET_KEY:-lighthouse-bench-only-secret-key-0123456789-abcdefghijklmnop}
export STATIC_ROOT="$work/static" STATIC_MANIFEST=true
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 SECURE_HSTS_PRELOAD=false
export ALLOWED_HOSTS=127.0.0.1
python=${PYTHON:-.venv/bin/python}

"$python" manage.py migrate --no-input -v0
"$python" manage.py collectstatic --no-input -v0
"$python" manage.py seed_demo --force >/dev/null 2>&1
# A verified session of the demo partner, so the signal form can be measured
# without typing a TOTP code.
cookie=$("$python" manage.py shell -c '
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from accounts.models import User
user = User.objects.get(username="politie")
client = Client()
client.force_login(user)
session = client.session
session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
session.save()
print(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
' 2>/dev/null | tail -n 1)

.venv/bin/gunicorn lelystad_radicalisering.wsgi:application --bind "127.0.0.1:$port" \
  --workers 2 --log-level warning &
gunicorn_pid=$!
for _ in $(seq 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/inloggen/" && break
  sleep 0.2
done
# Never measure whatever else may listen on that port.
if ! kill -0 "$gunicorn_pid" 2>/dev/null; then
  echo "gunicorn did not start on port $port (in use?); set LIGHTHOUSE_PORT" >&2
  exit 1
fi

measure() {
  local name=$1 path=$2 headers=$3
  # LIGHTHOUSE_KEEP=dir keeps the full JSON reports.
  node_modules/.bin/lighthouse "http://127.0.0.1:$port$path" \
    --quiet --output=json --output-path="$work/$name.json" \
    --only-categories=performance,accessibility \
    --extra-headers="$headers" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
  node -e '
const r = require(process.argv[1]);
const css = (r.audits["network-requests"].details.items || [])
  .filter((i) => i.resourceType === "Stylesheet")
  .reduce((sum, i) => sum + i.transferSize, 0);
const score = (c) => Math.round(r.categories[c].score * 100);
console.log(`${process.argv[2].padEnd(12)} performance ${score("performance")}  accessibility ${score("accessibility")}  ` +
  `FCP ${r.audits["first-contentful-paint"].displayValue}  LCP ${r.audits["largest-contentful-paint"].displayValue}  ` +
  `CSS ${(css / 1024).toFixed(1)} KB transferred`);
const failed = Object.values(r.categories.accessibility.auditRefs)
  .map((ref) => r.audits[ref.id]).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary");
for (const a of failed) console.log(`  accessibility: ${a.id}: ${a.title}`);
' "$work/$name.json" "$name"
  if [ -n "${LIGHTHOUSE_KEEP:-}" ]; then mkdir -p "$LIGHTHOUSE_KEEP" && cp "$work/$name.json" "$LIGHTHOUSE_KEEP/"; fi
}

measure login /inloggen/ '{}'
measure signal-form /signalen/nieuw/ "{\"Cookie\": \"$cookie\"}"
