"""Settings for Casusoverleg Lelystad, read from environment variables.

Every value has a typed default suited to the local demo; production sets them
through the environment (see docker-compose.yml). A malformed value fails at
start-up rather than being silently replaced.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# The benchmark's floor page (/bench/floor/): off, and then a 404, unless asked for.
BENCH_FLOOR = env.bool("BENCH_FLOOR", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "lelystad_radicalisering.apps.SecureAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "guardian",
    "axes",
    "auditlog",
    "csp",
    "lelystad_radicalisering",
    "network",
    "accounts",
    "signals",
    "cases",
    "meetings",
    "privacy",
    "reports",
    "dashboards",
    "notifications",
    "rest_framework",
    "drf_spectacular",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lelystad_radicalisering.middleware.SessionRefreshMiddleware",
    "lelystad_radicalisering.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's, with the session's device loaded in the user's own query.
    "accounts.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "lelystad_radicalisering.middleware.NoStoreWhenLoggedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.SsoLogoutFormActionMiddleware",
    "lelystad_radicalisering.middleware.AuditActorMiddleware",
    # One access entry per page view, written when the view is done.
    "lelystad_radicalisering.audit.AccessRecordMiddleware",
    # Axes turns a lockout flagged during authentication into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lelystad_radicalisering.urls"
WSGI_APPLICATION = "lelystad_radicalisering.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "notifications.context_processors.notifications",
            ],
            # One date format for text and one for tables, in every template.
            "builtins": ["lelystad_radicalisering.templatetags.dates"],
        },
    },
]
# Django's renderer, with selects, inputs and text areas drawn in Python.
FORM_RENDERER = "lelystad_radicalisering.form_rendering.FormRenderer"

if not DEBUG and not env.str("DATABASE_URL", default=""):
    # Production on a forgotten SQLite file would lose data and row locks.
    raise ImproperlyConfigured("DATABASE_URL must be set when DEBUG is off.")
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'demo.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A persistent connection that died with a database restart is replaced before
# the next request uses it, instead of failing that request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A page reads a few rows by index. Starting parallel workers for it costs
    # more than they save, most of all when every core is busy with other
    # requests (20 ms of a 35 ms page at reference size). The year report's
    # figures ask for workers themselves (reports.figures).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c max_parallel_workers_per_gather={env.int('DB_PARALLEL_WORKERS_PER_GATHER', default=0)}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before any password check.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with the user's organisation in the same query.
    "accounts.backends.UserBackend",
    # Single sign-on: answers only the OpenID Connect callback (accounts.oidc).
    "accounts.oidc.OrganisationOIDCBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Account lifecycle (issue 14). An invitation link is valid this many hours.
INVITATION_VALID_HOURS = env.int("INVITATION_VALID_HOURS", default=72)
# Password-reset links (Django's own token) are valid this long, in seconds.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60)
# A bulk invitation file may hold at most this many rows and bytes.
BULK_INVITE_MAX_ROWS = env.int("BULK_INVITE_MAX_ROWS", default=500)
BULK_INVITE_MAX_BYTES = env.int("BULK_INVITE_MAX_BYTES", default=512 * 1024)
# Every ACCESS_REVIEW_INTERVAL_MONTHS an access review opens per organisation;
# accounts not confirmed within ACCESS_REVIEW_PERIOD_DAYS are deactivated.
ACCESS_REVIEW_INTERVAL_MONTHS = env.int("ACCESS_REVIEW_INTERVAL_MONTHS", default=3)
ACCESS_REVIEW_PERIOD_DAYS = env.int("ACCESS_REVIEW_PERIOD_DAYS", default=30)
if ACCESS_REVIEW_INTERVAL_MONTHS < 1 or ACCESS_REVIEW_PERIOD_DAYS < 1:
    raise ImproperlyConfigured("Access review interval and period must be at least 1.")
# Single sign-on (OpenID Connect) through mozilla-django-oidc; each organisation's
# provider is configured by the functional administrator (accounts.IdentityProvider).
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
OIDC_RP_SCOPES = "openid"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = False
# Seconds to wait for the provider before telling the user it cannot be reached.
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=5)
OIDC_CLOCK_LEEWAY_SECONDS = env.int("OIDC_CLOCK_LEEWAY_SECONDS", default=30)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after SESSION_IDLE_MINUTES without a request and at browser close.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Not every request: SessionRefreshMiddleware renews the expiry at most once a
# minute (a session may end up to a minute early, never late), which saves an
# UPDATE of the session row on almost every page.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "casusoverleg_sessionid"
CSRF_COOKIE_HTTPONLY = True

# Two factors
OTP_TOTP_ISSUER = "Casusoverleg Lelystad"
OTP_TOTP_THROTTLE_FACTOR = 1
# TOTP secrets are stored encrypted (accounts.otp_keys). 32 bytes, URL-safe base64;
# when empty the key is derived from SECRET_KEY, so rotating SECRET_KEY then means
# every user enrols again.
OTP_KEY_ENCRYPTION_KEY = env.str("OTP_KEY_ENCRYPTION_KEY", default="")
BACKUP_CODE_COUNT = 10

# Brute-force protection: the lock counts failed passwords and failed codes alike.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Locking per username and address: guessing from one address stops after
# AXES_FAILURE_LIMIT failures, and that address cannot lock the account for
# anyone else (someone could otherwise lock the coordinator out before a
# meeting). Guessing spread over many addresses is slowed down instead
# (accounts.selectors.login_slowdown): from LOGIN_SLOWDOWN_MIN_ADDRESSES
# addresses and AXES_FAILURE_LIMIT failures on, each further try of the
# username waits LOGIN_SLOWDOWN_BASE_SECONDS, doubling per failure, at most
# LOGIN_SLOWDOWN_MAX_SECONDS. A delay, never a lockout.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_SLOWDOWN_MIN_ADDRESSES = env.int("LOGIN_SLOWDOWN_MIN_ADDRESSES", default=2)
LOGIN_SLOWDOWN_BASE_SECONDS = env.int("LOGIN_SLOWDOWN_BASE_SECONDS", default=2)
LOGIN_SLOWDOWN_MAX_SECONDS = env.int("LOGIN_SLOWDOWN_MAX_SECONDS", default=300)
if LOGIN_SLOWDOWN_MIN_ADDRESSES < 2 or LOGIN_SLOWDOWN_BASE_SECONDS < 1:
    raise ImproperlyConfigured("Login slow-down needs at least 2 addresses and 1 second.")
SILENCED_SYSTEM_CHECKS: list[str] = []
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The demo's SQLite ignores the INCLUDE columns of the covering index on
    # involvements; PostgreSQL (production, tests) uses them.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
AXES_RESET_ON_SUCCESS = False  # reset only after the second factor, see accounts.services
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "lelystad_radicalisering.middleware.client_ip"
# Number of trusted reverse proxies in front of the app; their X-Forwarded-For
# entries are the only ones believed (see lelystad_radicalisering.middleware).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Internationalisation: Dutch first, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Production collects static files into STATIC_ROOT (Dockerfile); without it the
# files are served straight from the source folders (demo and tests).
STATIC_ROOT = env.str("STATIC_ROOT", default="") or None
WHITENOISE_USE_FINDERS = STATIC_ROOT is None
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded files live outside the static and public paths; they are served only
# through permission-checked views.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media"))

# E-mail
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Only for the file backend (fault tests read what a separate worker sent).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="") or None
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="casusoverleg@lelystad.example")

# Background work: with no REDIS_URL tasks run eagerly in the request (demo mode).
REDIS_URL = env.str("REDIS_URL", default="")
# The API's rate limits are counted in Redis when it is there, so every worker
# counts the same requests; the demo without Redis counts per process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "api",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api"}
    ),
}
API_THROTTLE_CACHE = "api"
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/min")

REST_FRAMEWORK = {
    # Only the api app's token authentication: no session, so no CSRF to forget.
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.SystemAccountAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    # Problem details set their own content type (api.problems).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Casusoverleg Lelystad API",
    "DESCRIPTION": "For partner organisations' own systems: submit signals, follow their status, read reference lists.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_links",
    ],
}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A broker that is down or hangs must never hang a web request (celery#4296):
# connecting and every socket read and write give up after a few seconds, and a
# failed publish is retried only briefly. What does not reach the broker stays
# in the outbox (Signal.notified_at) and is sent by the sweep.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TIMEZONE = TIME_ZONE
# After a case closes, involved partners keep read access this many days.
CASE_PARTNER_ACCESS_DAYS = env.int("CASE_PARTNER_ACCESS_DAYS", default=30)
# The PGA law (README, "The person-oriented approach under the PGA law"): every
# inclusion is reviewed in the casusoverleg at least this often ...
PGA_REVIEW_MONTHS = env.int("PGA_REVIEW_MONTHS", default=12)
# ... and a case whose review is overdue by more than this many days warns everyone.
PGA_REVIEW_GRACE_DAYS = env.int("PGA_REVIEW_GRACE_DAYS", default=30)
# A participant confirms the confidentiality statement again after this many months.
CONFIDENTIALITY_STATEMENT_MONTHS = env.int("CONFIDENTIALITY_STATEMENT_MONTHS", default=12)
for _name in ("PGA_REVIEW_MONTHS", "CONFIDENTIALITY_STATEMENT_MONTHS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1.")
if PGA_REVIEW_GRACE_DAYS < 0:
    raise ImproperlyConfigured("PGA_REVIEW_GRACE_DAYS cannot be negative.")

from celery.schedules import crontab  # noqa: E402

# Reminders for open actions go out this many days before their due date.
ACTION_REMINDER_DAYS_BEFORE = env.int("ACTION_REMINDER_DAYS_BEFORE", default=3)
# Counts from 1 up to this number minus one are hidden in reports ("<5").
REPORT_SUPPRESSION_THRESHOLD = env.int("REPORT_SUPPRESSION_THRESHOLD", default=5)
if REPORT_SUPPRESSION_THRESHOLD < 2:
    raise ImproperlyConfigured("REPORT_SUPPRESSION_THRESHOLD must be at least 2.")
# The coordinator's start page lists open cases without a risk assessment for this long.
RISK_ASSESSMENT_STALE_MONTHS = env.int("RISK_ASSESSMENT_STALE_MONTHS", default=6)

CELERY_BEAT_SCHEDULE = {
    # Nightly: destroys what is past its retention period and records it.
    "privacy-destroy-expired": {
        "task": "privacy.destroy_expired",
        "schedule": crontab(hour=2, minute=30),
    },
    # Chains new audit entries into the tamper-evident hash chain.
    "privacy-seal-audit-log": {"task": "privacy.seal_audit_log", "schedule": 60.0},
    # Reminders of actions due soon or overdue; each reminder is sent once.
    "meetings-action-reminders": {"task": "meetings.send_action_reminders", "schedule": 3600.0},
    # Ends partner access after a closed case's grace period or an involvement's end date.
    "cases-expire-access": {"task": "cases.expire_access", "schedule": 600.0},
    # Notifications whose message never reached the broker are sent after all.
    "signals-notify-pending": {"task": "signals.notify_pending", "schedule": 300.0},
    # Opens the access reviews that are due (every ACCESS_REVIEW_INTERVAL_MONTHS).
    "accounts-open-access-reviews": {
        "task": "accounts.open_access_reviews",
        "schedule": crontab(hour=6, minute=0),
    },
    # Deactivates the accounts nobody confirmed in a review whose period ended.
    "accounts-expire-access-reviews": {
        "task": "accounts.expire_access_reviews",
        "schedule": crontab(hour=3, minute=15),
    },
    # Notification e-mails whose message never reached the broker.
    "notifications-send-pending": {"task": "notifications.send_pending", "schedule": 300.0},
    # The daily summary of notifications, for those who chose it.
    "notifications-send-digests": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Once per target: notifications of periodic kinds (an action passing its due date).
    "notifications-sweep-due": {
        "task": "notifications.sweep_due",
        "schedule": crontab(hour=6, minute=30),
    },
}

# Security headers
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check is probed over plain HTTP inside the container network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "refusal_without_traceback": {
            "()": "lelystad_radicalisering.log_filters.RefusalWithoutTraceback"
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # A refused request is one line on casusoverleg.security, not a traceback.
        "django.request": {"filters": ["refusal_without_traceback"]},
    },
}

# Audit log: the actor and remote address of every change.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Superusers must not read or create anyone's TOTP secret in the Django admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None  # no anonymous object permissions
