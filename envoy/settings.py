"""Envoy's one settings module.

Every setting that an operator may change is read from the environment through the
small typed helpers below, with its default written once, here.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The data directory: SQLite database, uploaded files, collected static files, secret key.
DATA_DIR = Path(env_str("ENVOY_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def secret_key_file() -> Path | None:
    """The file the secret key is read from: set-up writes ``DATA_DIR/secret_key``; installs
    set up before that kept it in var/secret_key of the checkout, which is still read."""
    for path in (DATA_DIR / "secret_key", BASE_DIR / "var" / "secret_key"):
        if path.is_file() and path.read_text().strip():
            return path
    return None


# SECRET_KEY, else the key file; a key written here only ever serves DEBUG, and without DEBUG
# Envoy refuses to start rather than sign sessions with a key anyone can read.
# (Settings are read before translations: the message carries both languages.)
ENVOY_SECRET_KEY_FILE = None if env_str("SECRET_KEY", "").strip() else secret_key_file()
if env_str("SECRET_KEY", "").strip():
    SECRET_KEY = env_str("SECRET_KEY", "").strip()
elif ENVOY_SECRET_KEY_FILE:
    SECRET_KEY = ENVOY_SECRET_KEY_FILE.read_text().strip()
elif DEBUG:
    SECRET_KEY = "insecure-key-for-development-only"
else:
    raise ImproperlyConfigured(
        f"找不到金鑰：請設定環境變數 SECRET_KEY，或執行 bin/setup 產生 {DATA_DIR / 'secret_key'}。"
        f" No secret key: set SECRET_KEY, or run bin/setup to write {DATA_DIR / 'secret_key'}."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# Origins a form may be posted from besides the host itself, e.g. https://envoy.city.gov.tw
# when the proxy passes another Host header.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# ----- HTTPS behind a reverse proxy (docs/deploy.md) -----

# The proxy (nginx) ends TLS and tells Envoy with X-Forwarded-Proto: https. Cookies are then
# sent over HTTPS only, plain HTTP is redirected, and browsers are told to keep to HTTPS (HSTS).
ENVOY_BEHIND_TLS_PROXY = env_bool("ENVOY_BEHIND_TLS_PROXY", False)
if ENVOY_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = ENVOY_BEHIND_TLS_PROXY
SESSION_COOKIE_SECURE = ENVOY_BEHIND_TLS_PROXY
CSRF_COOKIE_SECURE = ENVOY_BEHIND_TLS_PROXY
LANGUAGE_COOKIE_SECURE = ENVOY_BEHIND_TLS_PROXY
SECURE_HSTS_SECONDS = env_int(
    "ENVOY_HSTS_SECONDS", 365 * 24 * 3600 if ENVOY_BEHIND_TLS_PROXY else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ENVOY_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("ENVOY_HSTS_PRELOAD", False)
# The proxies in front of Envoy that append to X-Forwarded-For: sign-in throttling counts
# failures per address, and behind a proxy REMOTE_ADDR is the proxy's own.
ENVOY_PROXY_COUNT = env_int("ENVOY_PROXY_COUNT", 1 if ENVOY_BEHIND_TLS_PROXY else 0)

SILENCED_SYSTEM_CHECKS = [
    # X_FRAME_OPTIONS is SAMEORIGIN, not DENY: the PDF preview is a frame of Envoy's own
    # print page; the Content-Security-Policy's frame-ancestors 'self' says the same.
    "security.W019",
]
if not SECURE_HSTS_PRELOAD:
    # Preloading is asked for a whole registrable domain (city.gov.tw), by its owner, on
    # hstspreload.org; Envoy usually lives on a sub-domain and cannot decide it.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "simple_history",
    "django_tasks_db",
    "envoy.core",
    "envoy.missions",
    "envoy.reports",
    "envoy.relations",
    "envoy.actions",
    "envoy.planning",
    "envoy.talent",
    "envoy.opportunities",
    "envoy.hosting",
    "envoy.search",
    "envoy.notices",
    "envoy.desk",
    "envoy.portal",
    "envoy.help",
]

MIDDLEWARE = [
    # First: every response, redirects and errors included, carries the request id.
    "envoy.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "envoy.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "envoy.core.middleware.HtmxSignedOutMiddleware",
    # Records who made each change kept in a history (people's records).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out into its own response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling: locked per username *and* address, for a while, not forever.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The address that failed: behind a proxy, the one it forwarded (envoy/core/lib/clientip.py).
# django-axes reads AXES_IPWARE_PROXY_COUNT only with django-ipware installed, which Envoy does
# not need for this one rule.
AXES_CLIENT_IP_CALLABLE = "envoy.core.lib.clientip.client_ip_address"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# A strict Content-Security-Policy: nothing inline, nothing from elsewhere.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
# The PDF preview is shown in a frame of Envoy's own pages.
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
# Sessions in the database: a sign-out ends one on the server, for every worker at once.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LANGUAGE_COOKIE_NAME = "envoy_language"

ROOT_URLCONF = "envoy.urls"
WSGI_APPLICATION = "envoy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "envoy.missions.context_processors.mission_rights",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "envoy.core.templatetags.roc_dates",
                "envoy.core.templatetags.punctuation",
                "envoy.core.templatetags.numbers",
            ],
        },
    },
]

FORM_RENDERER = "envoy.core.forms_renderer.FastFormRenderer"

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "envoy.sqlite3",
            # Kept open between requests: a new connection re-reads the schema and starts
            # with an empty page cache.
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", _("繁體中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start while it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names from collectstatic's manifest (bin/setup runs it); plain names until then,
    # so that pages work before it has run (envoy/core/lib/staticfiles.py).
    "staticfiles": {"BACKEND": "envoy.core.lib.staticfiles.ManifestStaticFilesStorage"},
}
# WhiteNoise serves STATIC_ROOT; under DEBUG, or before collectstatic has written its
# manifest, it serves the apps' own static folders too.
WHITENOISE_USE_FINDERS = DEBUG or not (STATIC_ROOT / "staticfiles.json").exists()
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"

# Photos larger than this are refused; accepted ones are re-encoded, EXIF removed.
ENVOY_MAX_PHOTO_BYTES = env_int("ENVOY_MAX_PHOTO_BYTES", 20 * 1024 * 1024)
# Imports and uploads larger than this are refused before they are read.
ENVOY_MAX_UPLOAD_BYTES = env_int("ENVOY_MAX_UPLOAD_BYTES", 40 * 1024 * 1024)
# Days a reviewer has to review a submitted report before the home page shows it late.
ENVOY_REVIEW_DAYS = env_int("ENVOY_REVIEW_DAYS", 14)
# The roles that approve (核定) or return submitted reports and trip plans (出國計畫), as the
# office delegates that authority (分層負責): any of reviewer, officer, admin.
ENVOY_APPROVER_ROLES = env_list("ENVOY_APPROVER_ROLES", "reviewer,admin")
# Every this many months, each open follow-through action's owner is asked for a progress note;
# an action without one since is stale.
ENVOY_ACTION_REVIEW_MONTHS = env_int("ENVOY_ACTION_REVIEW_MONTHS", 6)
# The fewest numbered recommendations (建議事項) a report should make before it is submitted;
# Taipei's rule asks for 3. The check warns; 0 turns it off.
ENVOY_MIN_RECOMMENDATIONS = env_int("ENVOY_MIN_RECOMMENDATIONS", 3)
# Where Typst finds the CJK fonts (Debian's fonts-noto-cjk) and the fallbacks for Latin.
ENVOY_FONT_PATHS = env_list(
    "ENVOY_FONT_PATHS", "/usr/share/fonts/opentype/noto,/usr/share/fonts/truetype/dejavu"
)
# ----- Logs and error mail -----

# Every record goes to standard error (gunicorn's log, or the journal under systemd) with the
# request id; errors carry their traceback. ENVOY_ADMINS ("Name <it@example.org>, …") also
# get each error by e-mail, through the SMTP server below.
ENVOY_LOG_LEVEL = env_str("ENVOY_LOG_LEVEL", "INFO").upper()
ADMINS = env_list("ENVOY_ADMINS", "")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
# Mail goes out through the SMTP server above once EMAIL_HOST is set; until then (development,
# the demo) each message is printed to standard error instead (the worker's log).
# EMAIL_BACKEND may also name a backend class (e.g. Django's file or locmem backends).
MAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "smtp" if os.environ.get("EMAIL_HOST") else "console")
EMAIL_BACKEND = MAIL_BACKENDS.get(EMAIL_BACKEND, EMAIL_BACKEND)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "envoy@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Envoy] "
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "envoy.core.lib.requestid.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        },
        # Sends nothing while ADMINS is empty.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["request_id", "require_debug_false"],
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["console", "mail_admins"], "level": ENVOY_LOG_LEVEL},
    "loggers": {
        # Django's own handlers are replaced by the root's (they print only under DEBUG).
        "django": {"handlers": [], "level": ENVOY_LOG_LEVEL, "propagate": True},
        # Requests naming a host not in ALLOWED_HOSTS come from scanners: logged, not mailed.
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
    },
}

# ----- Reminders (envoy/notices) -----

# The address people open Envoy at, for the links in e-mail and calendars (no trailing
# slash); by default the first trusted origin, as a production install sets it.
ENVOY_BASE_URL = env_str(
    "ENVOY_BASE_URL", (CSRF_TRUSTED_ORIGINS or ["http://127.0.0.1:8000"])[0]
).rstrip("/")
# Background work (sending mail, the daily reminder scan) is queued in the database and run
# by `manage.py db_worker`, which bin/start starts beside the web server.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# The home country and its zone: flights leaving or reaching it use this zone.
ENVOY_HOME_COUNTRY = env_str("ENVOY_HOME_COUNTRY", "TW")
ENVOY_HOME_TIMEZONE = env_str("ENVOY_HOME_TIMEZONE", "Asia/Taipei")
# The city this Envoy serves, as its people write it: its memberships of city networks and
# its own delegates are recorded against it.
ENVOY_HOME_CITY = env_str("ENVOY_HOME_CITY", "新北市")
