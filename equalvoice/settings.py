"""Equal Voice settings.

Every value comes from an environment variable with a safe default.
Each variable is documented in docs/settings.md: keep the two in step.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("EQUALVOICE_DATA_DIR") or BASE_DIR / "data")

DEBUG = env_bool("EQUALVOICE_DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("EQUALVOICE_SECRET_KEY", "")
    if key:
        if not DEBUG and len(key) < 50:
            raise ImproperlyConfigured("EQUALVOICE_SECRET_KEY must be at least 50 characters.")
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set EQUALVOICE_SECRET_KEY (50 or more random characters), "
            "or set EQUALVOICE_DEBUG=1 for development."
        )
    # Development only: make a key once and keep it in the local data folder.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list(
    "EQUALVOICE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("EQUALVOICE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    # django-ninja's own templates and static files (the API under /api/v1/).
    "ninja",
    # Ours, lowest layer first (docs/architecture.md, "Layers"); the demo is built in
    # this order.
    "equalvoice.core",
    "equalvoice.speakeasy",
    "equalvoice.community",
    "equalvoice.recognition",
    "equalvoice.record",
    "equalvoice.plans",
    "equalvoice.standards",
    "equalvoice.decisions",
    "equalvoice.ideas",
    "equalvoice.opinions",
    "equalvoice.network",
    "equalvoice.peer",
    "equalvoice.opendata",
    "equalvoice.meetings",
    "equalvoice.documents",
    "equalvoice.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # The signed-in person's roles, read once per request for the permission rules.
    "equalvoice.core.belonging.BelongingMiddleware",
    "equalvoice.core.middleware.DisplayPreferencesMiddleware",
    "equalvoice.core.middleware.SessionIdleMiddleware",
    "equalvoice.core.middleware.TwoStepMiddleware",
]

ROOT_URLCONF = "equalvoice.urls"
WSGI_APPLICATION = "equalvoice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "equalvoice" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "equalvoice.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'equalvoice.sqlite3'}",
        conn_max_age=int(os.environ.get("EQUALVOICE_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Several web threads and the background worker write at once (people voting).
    # IMMEDIATE: a transaction takes the write lock when it starts, so writers queue for
    # it instead of failing with "database is locked" when a read turns into a write.
    # timeout: wait up to 20 s for the lock (below gunicorn's 30 s). WAL: reading never
    # waits for writing; NORMAL is safe with WAL (a power cut may lose the last commits,
    # never corrupt the file).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "equalvoice.core.auth.SignInCodeBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
# Welsh (issue 18): "off" hides it; "preview" offers it with a notice on every page that a
# fluent Welsh speaker has not yet checked the translation; "on" offers it as checked.
# docs/inclusion.md says who should review it and where.
EQUALVOICE_WELSH = os.environ.get("EQUALVOICE_WELSH", "off").strip().lower() or "off"
if EQUALVOICE_WELSH not in {"off", "preview", "on"}:
    raise ImproperlyConfigured("EQUALVOICE_WELSH must be off, preview or on.")
LANGUAGES = [("en-gb", "English")]
if EQUALVOICE_WELSH != "off":
    LANGUAGES.append(("cy", "Cymraeg"))
# Each app keeps its own catalogue in <app>/locale; the project's templates use this one.
LOCALE_PATHS = [BASE_DIR / "equalvoice" / "locale"]
# The language a person chose is remembered for a year in a cookie.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = os.environ.get("EQUALVOICE_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("EQUALVOICE_STATIC_ROOT") or BASE_DIR / "staticfiles")
# Our built CSS and JavaScript live outside any app's static folder.
STATICFILES_DIRS = [BASE_DIR / "equalvoice" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("EQUALVOICE_MEDIA_ROOT") or DATA_DIR / "media")

# Email: printed to the console unless an SMTP host is given.
EMAIL_HOST = os.environ.get("EQUALVOICE_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EQUALVOICE_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EQUALVOICE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EQUALVOICE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EQUALVOICE_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("EQUALVOICE_FROM_EMAIL", "Equal Voice <noreply@localhost>")

# Redis, when you run one (docs/deploy.md, "Many app processes"): the cache, the sessions
# and the task queue all live there, so app processes keep no state of their own.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()

# Cache: sign-in throttling counts live here. Per process by default; with Redis, every
# process shares one count. EQUALVOICE_CACHE_URL overrides REDIS_URL for the cache alone.
_CACHE_URL = os.environ.get("EQUALVOICE_CACHE_URL", "").strip() or REDIS_URL
CACHES = {
    "default": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _CACHE_URL,
            # A Redis that hangs makes pages slow for 5 seconds, not for ever.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 5, "SOCKET_TIMEOUT": 5},
        }
        if _CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# With a shared cache, sessions are read from it and written through to the database:
# any app process can serve anyone, and a Redis restart signs nobody out.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if _CACHE_URL
    else "django.contrib.sessions.backends.db"
)

# How many proxies you run in front of Equal Voice. With 1 or more, the person's address
# is read from X-Forwarded-For (that many entries from the right), not the proxy's own.
EQUALVOICE_PROXY_COUNT = int(os.environ.get("EQUALVOICE_PROXY_COUNT", "0"))

# Background work: run at once in development; from a queue in production, in the
# database (embedded, no Redis needed) or in Redis with RQ.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
EQUALVOICE_TASKS = os.environ.get("EQUALVOICE_TASKS", "").strip().lower() or (
    "rq" if REDIS_URL else "immediate"
)
if EQUALVOICE_TASKS not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"EQUALVOICE_TASKS must be one of {', '.join(_TASK_BACKENDS)}, not {EQUALVOICE_TASKS!r}."
    )
if EQUALVOICE_TASKS == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("EQUALVOICE_TASKS=rq needs REDIS_URL (redis://host:6379/0).")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[EQUALVOICE_TASKS]}}
# django-rq's queues, for the RQ backend: one queue, "default", as every task uses.
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}} if REDIS_URL else {}
# RQ's workers must run our tasks through django-tasks-rq's job class.
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}

# Security. The defaults are strict when DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("EQUALVOICE_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("EQUALVOICE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("EQUALVOICE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("EQUALVOICE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("EQUALVOICE_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("EQUALVOICE_SESSION_SECONDS", str(60 * 60 * 24 * 14)))
# Sessions also end after this many minutes with nothing done (0: never idle out).
EQUALVOICE_SESSION_IDLE_MINUTES = max(
    0, int(os.environ.get("EQUALVOICE_SESSION_IDLE_MINUTES", "120"))
)
# Organisation admins and the people who look after payments (core.must_use_two_step)
# must use two-step sign-in. Only the demo and local development turn this off (docs/security.md).
EQUALVOICE_REQUIRE_TWO_STEP = env_bool("EQUALVOICE_REQUIRE_TWO_STEP", True)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The community map's tile server, like https://tile.openstreetmap.org/{z}/{x}/{y}.png
# (docs/settings.md). Empty: no map, just the list. Its origin is let into img-src.
EQUALVOICE_MAP_TILES = os.environ.get("EQUALVOICE_MAP_TILES", "").strip()
_MAP_TILE_ORIGIN = (
    "/".join(EQUALVOICE_MAP_TILES.split("/")[:3])
    if EQUALVOICE_MAP_TILES.startswith(("https://", "http://"))
    else ""
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_MAP_TILE_ORIGIN] if _MAP_TILE_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Posted form data is capped; a bigger request gets a plain-language error page.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # bigger uploads go to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("EQUALVOICE_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024))
)

# Privacy: breakdowns of fewer people than this are never shown.
EQUALVOICE_MIN_GROUP_SIZE = int(os.environ.get("EQUALVOICE_MIN_GROUP_SIZE", "5"))
# How long a one-time sign-in code and an invitation link last.
EQUALVOICE_SIGN_IN_CODE_HOURS = int(os.environ.get("EQUALVOICE_SIGN_IN_CODE_HOURS", "72"))
# The biggest evidence file a person may upload to the co-production record.
EQUALVOICE_MAX_EVIDENCE_BYTES = int(
    os.environ.get("EQUALVOICE_MAX_EVIDENCE_BYTES", str(10 * 1024 * 1024))
)
# Wrong sign-in tries from one address allowed in 15 minutes before sign-in pauses.
EQUALVOICE_SIGN_IN_ATTEMPTS = int(os.environ.get("EQUALVOICE_SIGN_IN_ATTEMPTS", "10"))
EQUALVOICE_INVITATION_DAYS = int(os.environ.get("EQUALVOICE_INVITATION_DAYS", "14"))
EQUALVOICE_SITE_URL = os.environ.get("EQUALVOICE_SITE_URL", "http://127.0.0.1:8000")
# How many days before a plan's review date the person and their circle are reminded.
EQUALVOICE_PLAN_REMINDER_DAYS = max(0, int(os.environ.get("EQUALVOICE_PLAN_REMINDER_DAYS", "7")))
# The API (docs/api.md): calls each token may make in a minute; more get 429.
EQUALVOICE_API_RATE = max(1, int(os.environ.get("EQUALVOICE_API_RATE", "120")))
# Webhooks may post by plain http to this machine (127.0.0.1, localhost): tests and
# development only. Otherwise only https, and never to a private network.
EQUALVOICE_WEBHOOKS_LOOPBACK = env_bool("EQUALVOICE_WEBHOOKS_LOOPBACK", False)
# How many network emails go over one connection to the mail server (docs/network.md).
EQUALVOICE_NETWORK_BATCH = max(1, int(os.environ.get("EQUALVOICE_NETWORK_BATCH", "50")))

# EQUALVOICE_LOG_FORMAT: a logging format for each line (e.g. with %(asctime)s when
# nothing else stamps the time); unset, each line is the message alone.
_LOG_FORMAT = os.environ.get("EQUALVOICE_LOG_FORMAT", "").strip()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": _LOG_FORMAT or "%(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("EQUALVOICE_LOG_LEVEL", "INFO")},
}
CSRF_FAILURE_VIEW = "equalvoice.core.views.errors.csrf_failure"
# Incremental results updates (docs/opinions.md, "The incremental path"): each update
# reads again the votes of this many seconds before the last read (a vote whose
# transaction committed late), and a process keeps the vote matrices of this many
# conversations in memory between updates.
EQUALVOICE_RESULTS_OVERLAP_SECONDS = max(
    0, int(os.environ.get("EQUALVOICE_RESULTS_OVERLAP_SECONDS", "120"))
)
EQUALVOICE_RESULTS_KEEP = max(0, int(os.environ.get("EQUALVOICE_RESULTS_KEEP", "4")))
