"""Django settings for nahwerk, read from environment variables with safe defaults."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import xstatic.pkg.leaflet
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
# The demo (make run), the tests and local development run with NAHWERK_DEMO=1 (or DEBUG=1):
# a known development key and plain HTTP. Everything else is production, which refuses to
# start without a secret key of its own and sends the security headers (see below).
DEMO = envbool("NAHWERK_DEMO", False) or DEBUG
PRODUCTION = not DEMO
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me"
SECRET_KEY = envstr("SECRET_KEY", "")
if PRODUCTION and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    # Sessions, password-reset links and invitations are signed with this key: a known key
    # lets anyone forge them.
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production needs a secret key of its own, e.g. "
        "SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') "
        "in the service's environment file (docs/deployment.md). The demo and local "
        "development run with NAHWERK_DEMO=1 instead."
    )
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "nahwerk",
    "nahwerk.reference",
    "nahwerk.directory",
    "nahwerk.networks",
    "nahwerk.projects",
    "nahwerk.funding",
    "nahwerk.regional",
    "nahwerk.matching",
    "nahwerk.brokering",
    "nahwerk.events",
    "nahwerk.accounts",
    "nahwerk.dashboard",
    "nahwerk.api",
    "nahwerk.demo",
    "nahwerk.backups",
    "nahwerk.privacy",
    "nahwerk.reports",
    "nahwerk.startups",
    "nahwerk.showcase",
    "django.contrib.sitemaps",
    "nahwerk.talent",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "auditlog",
    "django_q",
    "nahwerk.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # the Content-Security-Policy header (policy below)
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nahwerk.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # answers to logged-in people are private: never kept for others (see below)
    "nahwerk.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # records who made each change in the audit log (pages, admin and API tokens alike)
    "nahwerk.privacy.middleware.AuditActorMiddleware",
    # must come last: it turns locked-out logins into the lockout response
    "axes.middleware.AxesMiddleware",
]

# Pages for visitors who are not logged in are the same for all of them: in production
# they are kept this many seconds (Django's cache middleware; the cache "pages" in the
# database, shared by all web processes), so that the public's reading costs no rendering.
# A change shows to them within that time. Answers to logged-in people are never kept
# (PrivatePagesMiddleware), nor are answers that set a cookie, the partner search and
# /health/. Off (0) in the demo and the tests, where a change must show at once.
# Measured in docs/benchmarks.md ("Load").
ANONYMOUS_PAGE_CACHE_SECONDS = envint("ANONYMOUS_PAGE_CACHE_SECONDS", 0 if DEMO else 60)
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"
CACHE_MIDDLEWARE_SECONDS = ANONYMOUS_PAGE_CACHE_SECONDS


def with_page_cache(middleware: list[str]) -> list[str]:
    """The middleware with Django's page cache around it (axes' lockout answers stay last)."""
    return [
        "django.middleware.cache.UpdateCacheMiddleware",
        *middleware[:-1],
        "django.middleware.cache.FetchFromCacheMiddleware",
        middleware[-1],
    ]


if ANONYMOUS_PAGE_CACHE_SECONDS:
    MIDDLEWARE = with_page_cache(MIDDLEWARE)

ROOT_URLCONF = "nahwerk.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "nahwerk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nahwerk.context_processors.site",
                "nahwerk.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "nahwerk.wsgi.application"

# SQLite (with WAL, see nahwerk/apps.py) by default; PostgreSQL when DATABASE_URL is set.
DATABASE_URL = envstr("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL compiles queries it estimates as expensive (JIT): 400 ms of compiling
        # for a 1 ms query on the start page when its statistics were stale. The site's
        # queries are short; reports that would gain from JIT can turn it on themselves.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": envstr("SQLITE_PATH", str(BASE_DIR / "var" / "nahwerk.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
# after login each user lands on what needs them; a ``next`` parameter still wins
LOGIN_REDIRECT_URL = "dashboard:start"
LOGOUT_REDIRECT_URL = "networks:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
# Dates and times per language: "13. Januar 2027" and "13 January 2027" (nahwerk/formats).
FORMAT_MODULE_PATH = ["nahwerk.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Leaflet comes from the xstatic-leaflet wheel, Cytoscape.js and Chart.js from npm
# (package.json; `make install` runs `npm ci`); all are served from this installation.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "nahwerk" / "static",
    ("leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("cytoscape", NODE_MODULES / "cytoscape" / "dist"),
    ("chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
]
# Production serves the files collected by ``manage.py collectstatic`` with hashed names
# (cached for a year by browsers) and pre-compressed; the demo and the tests serve them
# straight from the apps and packages.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEMO

# Where the shipped reference and history data live (see data/LICENSES.md).
DATA_DIR = Path(envstr("NAHWERK_DATA_DIR", str(BASE_DIR / "data")))
# An optional raster tile URL for maps, e.g. a tile server of your own; empty means the maps
# draw only the shipped state and district boundaries and need nothing from the internet.
MAP_TILE_URL = envstr("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = envstr("MAP_TILE_ATTRIBUTION", "")


# Uploaded files; manage.py backup puts them into its archive beside the database.
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Backups (manage.py backup / restore, docs/backups.md): where archives go by default, and
# the folder of pg_dump, pg_restore and psql when they are not on the PATH (or too old).
BACKUP_DIR = Path(envstr("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
POSTGRES_BIN_DIR = envstr("POSTGRES_BIN_DIR", "")

# Mail goes through Django's mail framework. Without settings it lands on the console; the
# demo (make run) writes each mail as a file into var/mail; EMAIL_HOST etc. send real SMTP.
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "nahwerk <noreply@nahwerk.localhost>")
# Absolute links in mails (invitations, notifications) start with this.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins while an account or address is locked out
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "nahwerk.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # rate limits (see the block "Rate limits" below)
    "DEFAULT_THROTTLE_CLASSES": ["nahwerk.api.throttling.ApiRateThrottle"],
    "EXCEPTION_HANDLER": "nahwerk.api.throttling.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "nahwerk API",
    "DESCRIPTION": "Organisations, needs, matches and routing of a regional innovation network.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from the installed drf-spectacular-sidecar, not from a CDN
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several resources have a field "status" with choices of their own: each enum its name.
    "ENUM_NAME_OVERRIDES": {
        "NeedStatusEnum": "nahwerk.brokering.models.NeedStatus",
        "ProjectStatusEnum": "nahwerk.projects.choices.ProjectStatus",
    },
}

# A refused form (expired page, no cookie) gets a page in the site's layout.
CSRF_FAILURE_VIEW = "nahwerk.views.csrf_failure"

# --- Serving: HTTPS, cookies, HSTS, Content-Security-Policy, logs (docs/deployment.md) ------
# Production defaults are the strict ones; each can be changed by its variable.
#
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (and removes it from
# what clients send), BEHIND_TLS_PROXY=1 lets Django see that the request came over HTTPS.
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain HTTP is redirected to HTTPS; set SECURE_SSL_REDIRECT=0 when the proxy does it.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", PRODUCTION)
# The health check answers over plain HTTP too: load balancers probe the server directly.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", PRODUCTION)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", PRODUCTION)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp), in the demo and the tests too, so that a page that
# breaks it fails its browser test: scripts, styles, fonts and data only from this
# installation, no inline scripts or styles. Images may also come as data: URIs (Leaflet)
# and from the tile server, when one is configured.
_TILE_ORIGIN = (
    "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL.replace("{s}", "a")))
    if MAP_TILE_URL
    else ""
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Logs go to standard output (journald, the container runtime), in production as one JSON
# object per line (python-json-logger) for a log collector; LOG_FORMAT=text for people.
LOG_FORMAT = envstr("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "nahwerk.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# Events: how long the B2B meeting scheduler may search for the best schedule (seconds);
# the greedy schedule is used when the solver finds nothing better in that time. The
# worker (manage.py worker) runs it.
EVENT_SCHEDULER_SECONDS = envint("EVENT_SCHEDULER_SECONDS", 10)
# Events: how many open (unanswered or accepted) meeting requests one participant may
# have sent at one event; keeps a single participant from flooding everyone.
EVENT_MAX_OPEN_REQUESTS = envint("EVENT_MAX_OPEN_REQUESTS", 30)

# --- Rate limits, the client's address, the shared cache (wt-harden: nahwerk/ratelimits.py) -
# Behind a reverse proxy set how many proxies of your own append to X-Forwarded-For (1 for
# one nginx); the client's address is then read from there for the rate limits and the
# login lockout. 0 (the default) uses the connection's address and ignores the header,
# which a client could otherwise fill with any address.
NAHWERK_TRUSTED_PROXY_COUNT = envint("NAHWERK_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "nahwerk.ratelimits.axes_client_ip"
# the lockout page of AXES_LOCKOUT_TEMPLATE, with a Retry-After header
AXES_LOCKOUT_CALLABLE = "nahwerk.ratelimits.axes_lockout"
# Limits as "count/period" (s, m, h, d; e.g. "20/15m"). Failed logins per client address,
# whatever the username (page and /api/token/ together; django-axes also locks one
# username for one address after AXES_FAILURE_LIMIT failures); password-reset requests
# per client address and per e-mail address; API requests per address without login and
# per user with one.
NAHWERK_RATE_LOGIN_FAILURES_PER_IP = envstr("NAHWERK_RATE_LOGIN_FAILURES_PER_IP", "20/15m")
NAHWERK_RATE_PASSWORD_RESET_PER_IP = envstr("NAHWERK_RATE_PASSWORD_RESET_PER_IP", "10/h")
NAHWERK_RATE_PASSWORD_RESET_PER_EMAIL = envstr("NAHWERK_RATE_PASSWORD_RESET_PER_EMAIL", "3/h")
NAHWERK_API_RATE_ANONYMOUS = envstr("NAHWERK_API_RATE_ANONYMOUS", "300/m")
NAHWERK_API_RATE_USER = envstr("NAHWERK_API_RATE_USER", "1200/m")
# The counters (and the keys of submitted forms, nahwerk/submissions.py) live in a database
# table (created by the migration nahwerk/migrations/0001_shared_cache_table.py), so that
# all web processes, on one machine or several, see the same. django-ratelimit prefers
# memcached or Redis for their atomic increment; at worst a race lets a request more through.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # whole pages for visitors who are not logged in (ANONYMOUS_PAGE_CACHE_SECONDS), in
    # the database: one kept page serves every web process and host
    "pages": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "nahwerk_page_cache",
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    },
    # rendered parts of pages, kept per process under everything they show (e.g. the
    # directory's lines): a changed organisation gets a new key, never a stale line
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "nahwerk_shared_cache",
        # culling must not drop live counters: room for many addresses
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    },
}
RATELIMIT_USE_CACHE = "shared"
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", True)
# --- end of rate limits, client's address, shared cache --------------------------------------
# Privacy (nahwerk/privacy, docs/privacy.md): the audit log keeps no IP addresses, and
# personal data is deleted after these periods by manage.py apply_retention (run_retention).
AUDITLOG_DISABLE_REMOTE_ADDR = True
PRIVACY_INVITATION_RETENTION_DAYS = envint("PRIVACY_INVITATION_RETENTION_DAYS", 90)
PRIVACY_AUDIT_LOG_RETENTION_DAYS = envint("PRIVACY_AUDIT_LOG_RETENTION_DAYS", 3 * 365)
PRIVACY_LOGIN_LOG_RETENTION_DAYS = envint("PRIVACY_LOGIN_LOG_RETENTION_DAYS", 90)
PRIVACY_CLOSED_NEED_MESSAGES_MONTHS = envint("PRIVACY_CLOSED_NEED_MESSAGES_MONTHS", 24)
# Background jobs (django-q2 with its database broker, see docs/background-jobs.md): the
# worker (manage.py worker --loop) runs JOBS_WORKERS processes. A job running longer than
# JOBS_TIMEOUT_SECONDS is stopped; a job whose worker died is handed to a worker again
# JOBS_RETRY_SECONDS after it was taken, at most JOBS_MAX_ATTEMPTS times.
JOBS_TIMEOUT_SECONDS = envint("JOBS_TIMEOUT_SECONDS", 600)
# A job waits this long for SQLite's write lock (a request waits 20 s, see DATABASES):
# a re-index or an import in another process may hold it longer than a page should wait.
JOBS_SQLITE_TIMEOUT_SECONDS = envint("JOBS_SQLITE_TIMEOUT_SECONDS", 180)
Q_CLUSTER = {
    "name": "nahwerk",
    "orm": "default",
    "workers": envint("JOBS_WORKERS", 1),
    "timeout": JOBS_TIMEOUT_SECONDS,
    # must exceed the timeout, or a long job would be handed out twice
    "retry": max(envint("JOBS_RETRY_SECONDS", JOBS_TIMEOUT_SECONDS + 60), JOBS_TIMEOUT_SECONDS + 1),
    "max_attempts": envint("JOBS_MAX_ATTEMPTS", 3),
    # a periodic job missed while no worker ran runs once, not once per missed time
    "catch_up": False,
    "save_limit": 500,
    "poll": 1,
    "label": "Hintergrundaufgaben",
}

# The talent exchange (nahwerk/talent): applicants' attachments lie outside MEDIA and static,
# served only through a view that checks who asks; applications are erased after the period.
TALENT_PRIVATE_ROOT = Path(envstr("TALENT_PRIVATE_ROOT", str(BASE_DIR / "var" / "private")))
TALENT_APPLICATION_RETENTION_DAYS = envint("TALENT_APPLICATION_RETENTION_DAYS", 180)
TALENT_ATTACHMENT_MAX_BYTES = envint("TALENT_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
TALENT_APPLICATIONS_PER_IP = envstr("TALENT_APPLICATIONS_PER_IP", "10/h")
