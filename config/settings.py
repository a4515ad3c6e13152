"""Unsent's settings: one file, read from environment variables.

A newcomer needs none of them: the defaults serve the app on loopback with SQLite in the
project folder. The README has the table of variables for production.
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def secret_key() -> str:
    """Take SECRET_KEY or SECRET_KEY_FILE, or make one on first run, readable by its owner only."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = Path(os.environ.get("SECRET_KEY_FILE") or BASE_DIR / ".secret_key")
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = secret_key()
DEBUG = envbool("DEBUG", False)
# Secure cookies, HSTS and the HTTPS redirect. `make run` turns it off to serve plain HTTP on
# loopback; everywhere else the app sits behind HTTPS.
HTTPS = envbool("UNSENT_HTTPS", True)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "letters",  # first, so its `changepassword` command replaces Django's
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",  # Bootstrap's CSS and JS, served by the app (django-bootstrap-static)
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "statici18n",  # the scripts' words: Django's JavaScript catalog as a static file per language
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "letters.http.middleware.TimeZoneMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "letters.http.middleware.ChosenLanguageMiddleware",
    "letters.http.middleware.PrivatePagesMiddleware",
    # Before any view reads the form (CSRF's check reads it in process_view, after every
    # middleware's __call__), and after the writer, their language and the private pages'
    # headers are known, so the refusal is a private page of theirs, as is the 400 for a
    # request too large to read.
    "letters.http.middleware.RejectInvalidUtf8Middleware",
    "letters.http.middleware.FormAddressMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "letters.http.middleware.SessionLifetimeMiddleware",
    "letters.http.middleware.KeyringMiddleware",
    "letters.http.middleware.AwayMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "letters.http.context_processors.theme",
            ],
        },
    },
]

# SQLite by default: WAL so readers never wait for the writer, IMMEDIATE transactions and a
# timeout (below, in OPTIONS) so concurrent autosaves queue instead of failing, and
# secure_delete so freed pages are zeroed (a shredded letter leaves no bytes behind in the file).
SQLITE_INIT = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON"
if database_url := os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(database_url, conn_max_age=60)}
    # Parameters bound by the server, sent beside the query instead of quoted into it by the
    # worker: two cores held more writers (the README's "Capacity and growth"). Prepared
    # statements stay off, as Django leaves them, so a pooler in front keeps working.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "config.sqlite",  # Django's, with writers taking turns: see its docstring
            "NAME": Path(os.environ.get("SQLITE_PATH") or BASE_DIR / "unsent.sqlite3"),
            "CONN_MAX_AGE": 600,  # one connection per worker: opening one costs a millisecond
            "OPTIONS": {
                "init_command": SQLITE_INIT,
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Tests use a file too (the shredding tests read the raw database files), one per
            # test run so that two runs side by side do not share it.
            "TEST": {"NAME": BASE_DIR / f".test-db-{os.getpid()}.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts failures and locks out first
    "letters.keys.backends.KeyringBackend",  # the password is right if it opens the writer's key
    "letters.keys.backends.PasskeyBackend",  # a passkey is right if it answers and opens it too
    "django.contrib.auth.backends.ModelBackend",  # for accounts without keys (createsuperuser)
]
PASSWORD_HASHERS = ["letters.keys.hashers.UnsentArgon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    # Django's rules, with our words (letters/keys/validators.py).
    {"NAME": "letters.keys.validators.UserAttributeSimilarityValidator"},
    {
        "NAME": "letters.keys.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "letters.keys.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 1024}},
    # Repeats, sequences and leaked passwords; its list includes Django's common passwords.
    {"NAME": "letters.keys.validators.GuessablePasswordValidator"},
]
# Argon2id cost for the password key, written "argon2id:m=65536,t=3,p=1". Django's password
# hash uses the same cost, so it is never the cheaper target.
UNSENT_KDF = os.environ.get("UNSENT_KDF", "argon2id:m=65536,t=3,p=1")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk"

SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
# The idle timeout restarts as the writer uses the app: SessionLifetimeMiddleware saves the
# session at most once a minute (saving on every request made each one a database write).
SESSION_SAVE_EVERY_REQUEST = False
# However active, a login ends after this many hours.
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
# The browser's half of the split key (docs/architecture.md, "The key's life").
UNSENT_KEY_COOKIE = "__Host-unsent-key" if HTTPS else "unsent-key"
# One-time messages ("Saved.") ride in a cookie as Django's do, under this name; longer ones in
# the session.
MESSAGE_STORAGE = "letters.http.message_storage.MessageStorage"
UNSENT_MESSAGES_COOKIE = "__Host-messages" if HTTPS else "messages"
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Each worker's own memory, for template fragments that are the same for every writer (the
# navigation, the prompt library, empty forms) and never hold anything of theirs. A restart
# clears them, so a release never shows an old fragment. django-axes keeps its counts in the
# database, not here.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Brute force (letters/lockout.py): five failures for one username from one address, or fifty
# for one username from anywhere, then a 15-minute pause.
AXES_FAILURE_LIMIT = 5
UNSENT_USERNAME_FAILURE_LIMIT = 50
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Only failures are kept, for as long as they count (AccessAttempt: the username's digest, the
# address, the browser, the time): no log of successful logins or of every failure, which would
# keep when and from where each writer comes and goes.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Axes keeps no form data and only a keyed digest of the username; the fields that can hold a
# secret are still named, for anything else of axes' that shows a request.
AXES_HANDLER = "letters.keys.lockout.LockoutHandler"
AXES_USERNAME_CALLABLE = "letters.keys.lockout.username_key"
AXES_SENSITIVE_PARAMETERS = [
    *("username", "password", "password1", "password2"),
    *("new_password1", "new_password2", "recovery_code", "credential", "prf"),
]
# The writer's address is read from X-Forwarded-For only behind this many proxies, each of
# which must add the address it was reached from (nginx: $proxy_add_x_forwarded_for).
UNSENT_TRUSTED_PROXIES = envint("UNSENT_TRUSTED_PROXIES", 0)
if UNSENT_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("UNSENT_TRUSTED_PROXIES must be 0 or more")
AXES_CLIENT_IP_CALLABLE = "letters.keys.lockout.client_address"

# Passkeys (WebAuthn): the relying party's id is the site's domain, with no scheme or port;
# the origin is the address writers' browsers show, scheme and port included. A passkey made
# for one domain works only there. Browsers refuse an IP address as an id: with `make run`,
# open http://localhost:8000 for passkeys, not 127.0.0.1.
WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "localhost").strip()
WEBAUTHN_ORIGIN = os.environ.get("WEBAUTHN_ORIGIN", "http://localhost:8000").strip().rstrip("/")


def check_webauthn(rp_id: str, origin: str) -> None:
    """Refuse an origin that is not on the relying party's domain: no passkey could work."""
    scheme, _, host = origin.partition("://")
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if scheme not in ("https", "http") or not (host == rp_id or host.endswith("." + rp_id)):
        raise ImproperlyConfigured(
            f"WEBAUTHN_ORIGIN {origin!r} must be an address on WEBAUTHN_RP_ID {rp_id!r}"
        )


check_webauthn(WEBAUTHN_RP_ID, WEBAUTHN_ORIGIN)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# The app's words are written in British English and translated in letters/locale/ (the
# README's "Adding a language"). A visitor gets their browser's language; a writer, the one
# chosen in their account (letters.http.middleware.ChosenLanguageMiddleware).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "letters" / "locale"]
# Dates as each language writes them (config/formats/<language>/formats.py, over Django's own).
FORMAT_MODULE_PATH = ["config.formats"]
# `manage.py compilejsi18n` (run by `make setup` and bin/test) writes each language's catalog of
# the scripts' words to static/jsi18n/<language>/djangojs.js, served as the other static files.
STATICI18N_ROOT = BASE_DIR / "static"
STATICI18N_PACKAGES = ["letters"]  # our words only, not the admin's
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Source maps are never fetched by a writer's browser; compressing them only slows set-up.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "br", "woff", "woff2"),
    "map",
)

# An upload over the import's limit is stopped before it is read, not written to a
# temporary file first (letters/portability/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "letters.portability.uploads.SizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Django logs a request's POST data only in error reports, which sensitive_post_parameters
# cleans; nothing here adds a handler that could see letter text.
# Error reports (and DEBUG pages) show no frame's variables: they could hold letter text or keys.
DEFAULT_EXCEPTION_REPORTER_FILTER = "letters.http.debug.NoFrameVariablesFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Letters: the longest letter a writer can save, in characters.
UNSENT_MAX_LETTER_CHARS = 200_000
# Help lines an operator adds for their own community, or corrects (letters/guidance/helplines.py).
UNSENT_HELPLINES_FILE = os.environ.get("UNSENT_HELPLINES_FILE", "").strip()
# Test-only: move the app's clock forward by this many days (time-locked letters).
UNSENT_CLOCK_SHIFT_DAYS = 0
