"""Apertus settings: one module, every value from the environment.

APERTUS_ENV chooses the safety net, not the features:
- ``production`` (the default): SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS must be given;
  a missing or malformed one stops start-up with one line naming it.
- ``development`` (what ``make run`` uses): SQLite in var/, a secret kept in var/, demo data allowed.
- ``test``: like development, with fast password hashing and tasks run inline.
"""

import os
import secrets
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from apertus import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("APERTUS_VAR_DIR", BASE_DIR / "var"))
DATA_DIR = BASE_DIR / "data"

APERTUS_ENV = os.environ.get("APERTUS_ENV", "production").strip().lower()
if APERTUS_ENV not in {"production", "development", "test"}:
    env.fail(f"APERTUS_ENV must be production, development or test, not {APERTUS_ENV!r}")
PRODUCTION = APERTUS_ENV == "production"
TESTING = APERTUS_ENV == "test"
if TESTING and os.environ.get("PYTEST_XDIST_WORKER"):
    # One var/ folder per test worker: the page cache's content version is a file there, and a write in
    # one worker must not make another worker's stored page look stale in the middle of a test.
    VAR_DIR = VAR_DIR / os.environ["PYTEST_XDIST_WORKER"]
# Demo accounts and their passwords may only ever exist outside production.
DEMO_ALLOWED = not PRODUCTION


def _local_secret() -> str:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


try:
    DEBUG = env.get_bool("DJANGO_DEBUG", default=False)
    if PRODUCTION:
        SECRET_KEY = env.secret_key(os.environ.get("SECRET_KEY"))
        if not os.environ.get("DATABASE_URL"):
            raise env.ConfigError("DATABASE_URL is not set")
        ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", [])
        if not ALLOWED_HOSTS:
            raise env.ConfigError("ALLOWED_HOSTS is not set")
    else:
        SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret()
        ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
    if os.environ.get("DATABASE_URL"):
        DATABASES = {"default": env.database_from_url(os.environ["DATABASE_URL"])}
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": VAR_DIR / "apertus.sqlite3",
                "OPTIONS": {
                    "transaction_mode": "IMMEDIATE",
                    "timeout": 20,
                    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                },
            }
        }
    REDIS_URL = os.environ.get("REDIS_URL", "")
    if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise env.ConfigError("REDIS_URL must start with redis://, rediss:// or unix://")
except env.ConfigError as exc:
    env.fail(str(exc))

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "axes",
    "simple_history",
    "django_htmx",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "apertus.core",
    "apertus.territories",
    "apertus.taxonomy",
    "apertus.organizations",
    "apertus.accounts",
    "apertus.program",
    # the program's pages, right after it: its open-data file keeps its place in the catalogue
    "apertus.cohorts",
    "apertus.documents",
    "apertus.stl",
    "apertus.plans",
    "apertus.moderation",
    "apertus.notifications",
    "apertus.comments",
    "apertus.participation",
    "apertus.tables",
    "apertus.calls",
    "apertus.learning",
    "apertus.surveys",
    "apertus.teams",
    "apertus.forums",
    "apertus.portal",
    "apertus.advice",
    "apertus.results",
    "apertus.search",
    "apertus.opendata",
    "apertus.sdg",
    "apertus.dashboard",
    "apertus.scale",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the cache, before any session, CSRF or template work (core/cache.py).
    "apertus.core.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "apertus.core.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns lock-outs into a 429 page.
    "axes.middleware.AxesMiddleware",
]

# A change's reason (a justification, a deadline extension) is kept whole, not cut at 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

ROOT_URLCONF = "apertus.urls"
WSGI_APPLICATION = "apertus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "apertus" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apertus.core.context_processors.site",
            ],
            "builtins": ["apertus.core.templatetags.apertus"],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # allauth's, with the person kept under the content version (no query per request).
    "apertus.accounts.backends.AuthenticationBackend",
    "apertus.core.permissions.PredicateBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; the tests log in hundreds of times. Production keeps Argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"

# allauth: e-mail is the login; a password never travels by e-mail, only reset links do.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Per-account lock-outs are django-axes's job (429 page); allauth only caps per address here.
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("LOGIN_FAILED_RATE_PER_ADDRESS", "30/m/ip,300/h/ip"),
    "signup": "20/h/ip",
    "reset_password": "5/m/ip,3/m/key",
}
ACCOUNT_SIGNUP_FORM_CLASS = "apertus.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "apertus.accounts.adapter.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"

# django-axes: lock an account after repeated failures, from whichever addresses they come
# (apertus/accounts/lockout.py); failures on one account never lock another. Per address, the
# allauth limit above caps guesses spread over many accounts.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "apertus.accounts.lockout.login_username"
AXES_CLIENT_IP_CALLABLE = "apertus.core.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "apertus.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "errors/429.html"
# How many proxies of ours append to X-Forwarded-For (0: the app is reached directly). Every
# limit keyed by address reads the client's address through it (apertus/core/clientip.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# axes warns when its key lacks the address; ours is the account on purpose (an address shared by a
# whole office or the proxy must never lock everyone), and allauth limits each address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_ENABLED = env.get_bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "apertus" / "locale"]
FORMAT_MODULE_PATH = ["apertus.formats"]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "apertus_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "apertus" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if TESTING:
    # Each test client builds its own middleware, and WhiteNoise would list and stat every static file
    # each time (a tenth of a second per client); in tests it looks a file up only when one is asked for.
    WHITENOISE_AUTOREFRESH = True
if not PRODUCTION:
    STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing one, even when using finders
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

FILE_SESSIONS = "django.contrib.sessions.backends.file"
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "apertus.core.redis_cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # One machine (the content version is a file there too): a session is a file under VAR_DIR that
    # every worker reads without a query, and a log-out deletes it for all of them at once. Tests keep
    # database sessions, so the query counts they assert still include the session's read; the tests
    # of the file sessions and of the warm shared pages switch to files (accounts/tests/test_kept_person.py).
    SESSION_FILE_PATH = VAR_DIR / "sessions"
    SESSION_FILE_PATH.mkdir(parents=True, exist_ok=True)
    if not TESTING:
        SESSION_ENGINE = FILE_SESSIONS

# Background work: a database queue needs no extra server (`manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
    }
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Apertus <no-responder@apertus.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. HTTPS ones apply in production, where a proxy terminates TLS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Anonymous public pages are kept this long at most (any write invalidates them at once); 0 turns
# the page cache off. Off in tests, except those that test it.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if TESTING else "300"))

# Search results are kept this long at most, keyed by the search index's version (any index write
# makes them unreachable at once); 0 turns it off. Off in tests, except those that test it.
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "0" if TESTING else "300"))

# Open-data downloads are built once per data version and kept as files in VAR_DIR/exports (any change
# to published data builds them afresh); 0 builds every download. Off in tests, except those that test it.
EXPORT_FILES = env.get_bool("EXPORT_FILES", default=not TESTING)

# `make bench` serves a hello-world view next to the pages it measures (apertus/core/bench.py).
BENCH_HELLO = env.get_bool("APERTUS_BENCH_HELLO", default=False)

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# Open-data catalogue (DCAT-AP, DCAT-US): who publishes the data and whom to write to about it.
OPEN_DATA_PUBLISHER = os.environ.get(
    "OPEN_DATA_PUBLISHER", "Programa de las Naciones Unidas para el Desarrollo (PNUD) México"
)
OPEN_DATA_CONTACT_EMAIL = os.environ.get("OPEN_DATA_CONTACT_EMAIL", "datos@apertus.local")
# The address shown on the contact page (/contacto/) and the accessibility statement.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "contacto@apertus.local")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
