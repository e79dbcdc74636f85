"""Settings shared by every environment. Environment-specific files import this."""

import os
from pathlib import Path

import dj_database_url

from cms.languages import DEFAULT_SITE_LANGUAGES, parse_site_languages

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in (os.environ.get(name) or default).split(",") if v.strip()]


SITE_NAME = env("SITE_NAME", "Family Advisory")
DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "cms",
    "advisory",
    "meetings",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "cms.apps.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "phonenumber_field",
    "channels",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cms.middleware.RememberLanguageMiddleware",
    "cms.middleware.RequireMFAMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"
ASGI_APPLICATION = "cms.asgi.application"

# Database: SQLite by default, PostgreSQL (or anything dj-database-url reads) by DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0") or 0),
    )
}


def use_database_pool(database: dict, default_max_size: int) -> None:
    """A PostgreSQL connection pool per process (Django's own, on psycopg_pool), of
    DATABASE_POOL_MAX_SIZE connections (``default_max_size`` when unset; 0 turns it off).

    Each request borrows a connection and gives it back at its end, so a burst of requests
    waits its turn for one (up to DATABASE_POOL_TIMEOUT seconds) instead of each opening its
    own and exhausting the server's max_connections, and no request pays for a new
    connection. Under ASGI every request runs in a thread of its own, which rules out
    persistent connections (CONN_MAX_AGE): the pool is how connections are reused. The
    server's max_connections must cover web workers x max size + the task worker's pool."""
    raw = (env("DATABASE_POOL_MAX_SIZE") or "").strip()
    size = int(raw) if raw else default_max_size
    if not size or not database["ENGINE"].endswith("postgresql"):
        return
    database["CONN_MAX_AGE"] = 0  # the pool keeps connections; Django must not
    database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(int(env("DATABASE_POOL_MIN_SIZE", "2") or 2), size),
        "max_size": size,
        "timeout": float(env("DATABASE_POOL_TIMEOUT", "30") or 30),
    }


use_database_pool(DATABASES["default"], default_max_size=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis for the channel layer and the cache when REDIS_URL is set; in-process otherwise.
REDIS_URL = env("REDIS_URL")
# Connections each worker's channel layer may open at once. redis-py's pool refuses past its
# limit (100 by default), and every WebSocket joining its group takes one briefly: a burst
# of a few hundred viewers per worker must not be refused.
REDIS_MAX_CONNECTIONS = int(env("REDIS_MAX_CONNECTIONS", "1000") or 1000)
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Redis pub/sub: a hint to a group is one PUBLISH that each worker's single
            # subscription fans out to its own sockets, instead of one Redis list push
            # per connected browser. Hints are at-most-once, which is what they are: the
            # database is the source of truth and a page that reconnects re-reads.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "max_connections": REDIS_MAX_CONNECTIONS}]},
        }
    }
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: django-tasks. The demo and tests run tasks immediately; production
# uses the database backend and `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

AUTH_USER_MODEL = "cms.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: email + password, or a code sent by email; MFA with TOTP and recovery codes.
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
# The main sign-up asks for an email and a password (a phone number is optional);
# /accounts/signup/phone/ signs up with only a phone number and an SMS code.
ACCOUNT_SIGNUP_FIELDS = ["email*", "phone", "password1*", "password2*"]
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "cms.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "cms.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("SITE_PROTOCOL", "https") or "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Roles that must have a second factor before using the site (see cms.roles).
MFA_REQUIRED_ROLES = ["facilitator", "leader", "editor", "staff"]

# Languages
SITE_LANGUAGES = env("SITE_LANGUAGES", DEFAULT_SITE_LANGUAGES) or DEFAULT_SITE_LANGUAGES
LANGUAGES = parse_site_languages(SITE_LANGUAGES)
LANGUAGE_CODE = LANGUAGES[0][0]
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("SITE_TIME_ZONE", "America/New_York")

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = SITE_NAME
# The public address, for links in emails and text messages.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000") or "http://127.0.0.1:8000"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "png", "jpg"]
WAGTAIL_ALLOW_UNICODE_SLUGS = True

# Static and media
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")) or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")) or BASE_DIR / "media")
# Media (voice recordings, PDF reports, documents) always goes through Django's storage
# API, so where it lives is a setting: the local disk (MEDIA_ROOT) by default, or any
# S3-compatible bucket (AWS S3, MinIO, Ceph, ...) with MEDIA_STORAGE=s3. The bucket stays
# private: files are served by permission-checked views that read them through storage.
MEDIA_STORAGE = (env("MEDIA_STORAGE", "filesystem") or "filesystem").strip().lower()
if MEDIA_STORAGE == "s3":
    MEDIA_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "access_key": env("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
            "location": env("AWS_LOCATION", "media") or "",
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,  # the bucket's own (private) policy
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "filesystem":
    MEDIA_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Email: console by default; SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Family Advisory <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587") or 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Machine translation of what members write: none by default. A dotted path to a callable
# translate(text, *, source, target) -> str; its output is always a labelled draft.
MACHINE_TRANSLATION_BACKEND = env("MACHINE_TRANSLATION_BACKEND", "")

# Audio summaries recorded by people: the largest file and the longest recording accepted.
AUDIO_SUMMARY_MAX_BYTES = int(env("AUDIO_SUMMARY_MAX_BYTES", str(10 * 1024 * 1024)) or 10485760)
AUDIO_SUMMARY_MAX_SECONDS = int(env("AUDIO_SUMMARY_MAX_SECONDS", "300") or 300)

# Meetings: interpreters can release a slot themselves until this many hours before it
# starts (then only a coordinator reassigns); reminders go this many hours before.
MEETINGS_RELEASE_CUTOFF_HOURS = int(env("MEETINGS_RELEASE_CUTOFF_HOURS", "48") or 48)
MEETINGS_REMINDER_HOURS = int(env("MEETINGS_REMINDER_HOURS", "24") or 24)
# Days after a board meeting before speakers' names, contacts and comments are deleted.
PUBLIC_COMMENT_RETENTION_DAYS = int(env("PUBLIC_COMMENT_RETENTION_DAYS", "30") or 30)

# Text messages: console by default; see cms/sms.py for the file and Twilio backends.
# Notices to a whole audience (cms/broadcasts.py): recipients prepared per batch, and
# messages per second on each channel across all workers (0: no limit).
NOTIFY_FANOUT_BATCH_SIZE = int(env("NOTIFY_FANOUT_BATCH_SIZE", "500") or 500)
NOTIFY_EMAIL_RATE_PER_SECOND = float(env("NOTIFY_EMAIL_RATE_PER_SECOND", "20") or 0)
NOTIFY_SMS_RATE_PER_SECOND = float(env("NOTIFY_SMS_RATE_PER_SECOND", "5") or 0)
SMS_BACKEND = env("SMS_BACKEND", "cms.sms.ConsoleBackend")
SMS_FILE_PATH = env("SMS_FILE_PATH", str(BASE_DIR / "sms-outbox.jsonl"))
SMS_API_BASE_URL = env("SMS_API_BASE_URL", "https://api.twilio.com")
SMS_TIMEOUT = float(env("SMS_TIMEOUT", "10") or 10)
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", "")
TWILIO_FROM_NUMBER = env("TWILIO_FROM_NUMBER", "")
# Two-way SMS (cms/sms_inbound): Twilio posts replies to /sms/inbound/, signed with
# TWILIO_AUTH_TOKEN. SMS_WEBHOOK_URL is the exact address configured at Twilio, when a proxy
# makes the request look different here (the signature covers the address).
SMS_WEBHOOK_URL = env("SMS_WEBHOOK_URL", "")
SMS_INBOUND_RATE_LIMIT = int(env("SMS_INBOUND_RATE_LIMIT", "10") or 10)
SMS_INBOUND_RATE_WINDOW = int(env("SMS_INBOUND_RATE_WINDOW", "60") or 60)
SMS_CONVERSATION_HOURS = int(env("SMS_CONVERSATION_HOURS", "72") or 72)
# A phone number or address HELP answers give for reaching a person (else: "ask your
# group's facilitator").
SMS_HELP_CONTACT = env("SMS_HELP_CONTACT", "")
# Region used to read phone numbers typed without a country code (ISO 3166 code).
PHONE_DEFAULT_REGION = env("PHONE_DEFAULT_REGION", "US")

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_tasks": {"level": env("TASKS_LOG_LEVEL", "WARNING")},
        # WeasyPrint logs every parsing step at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
    },
}
