"""Django settings for nahwerk, read from environment variables with safe defaults."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet
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


DEBUG = envbool("DEBUG", False)
# The default key only serves local development and tests; production must set SECRET_KEY.
SECRET_KEY = envstr("SECRET_KEY", "insecure-development-key-change-me")
ALLOWED_HOSTS = [h for h in envstr("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in envstr("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

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
    "nahwerk.matching",
    "nahwerk.brokering",
    "nahwerk.events",
    "nahwerk.accounts",
    "nahwerk.dashboard",
    "nahwerk.api",
    "nahwerk.demo",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_q",
    "nahwerk.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nahwerk.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # must come last: it turns locked-out logins into the lockout response
    "axes.middleware.AxesMiddleware",
]

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
# Leaflet comes from the xstatic-leaflet wheel and is served from this installation.
STATICFILES_DIRS = [BASE_DIR / "nahwerk" / "static", ("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Where the shipped reference and history data live (see data/LICENSES.md).
DATA_DIR = Path(envstr("NAHWERK_DATA_DIR", str(BASE_DIR / "data")))
# An optional raster tile URL for maps, e.g. a tile server of your own; empty means the maps
# draw only the shipped state and district boundaries and need nothing from the internet.
MAP_TILE_URL = envstr("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = envstr("MAP_TILE_ATTRIBUTION", "")

# Where the partner-matching index lives (rebuilt by manage.py rebuild_index and the
# worker).
MATCHING_INDEX_DIR = Path(envstr("MATCHING_INDEX_DIR", str(BASE_DIR / "var" / "matching-index")))

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
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
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
}

# A refused form (expired page, no cookie) gets a page in the site's layout.
CSRF_FAILURE_VIEW = "nahwerk.views.csrf_failure"

SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# Events: how long the B2B meeting scheduler may search for the best schedule (seconds);
# the greedy schedule is used when the solver finds nothing better in that time. The
# worker (manage.py worker) runs it.
EVENT_SCHEDULER_SECONDS = envint("EVENT_SCHEDULER_SECONDS", 10)
# Events: how many open (unanswered or accepted) meeting requests one participant may
# have sent at one event; keeps a single participant from flooding everyone.
EVENT_MAX_OPEN_REQUESTS = envint("EVENT_MAX_OPEN_REQUESTS", 30)

# Background jobs (django-q2 with its database broker, see docs/background-jobs.md): the
# worker (manage.py worker --loop) runs JOBS_WORKERS processes. A job running longer than
# JOBS_TIMEOUT_SECONDS is stopped; a job whose worker died is handed to a worker again
# JOBS_RETRY_SECONDS after it was taken, at most JOBS_MAX_ATTEMPTS times.
JOBS_TIMEOUT_SECONDS = envint("JOBS_TIMEOUT_SECONDS", 600)
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
