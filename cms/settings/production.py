"""Production: every secret and host comes from the environment; refuses to start without them."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    MEDIA_STORAGE,
    MEDIA_STORAGE_BACKEND,
    env,
    env_bool,
    env_list,
    use_database_pool,
)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY (at least 50 random characters) in the environment.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) in the environment.")

DEBUG = False
# A pool of PostgreSQL connections per process (cms/settings/base.py), 20 unless
# DATABASE_POOL_MAX_SIZE says otherwise.
use_database_pool(DATABASES["default"], default_max_size=20)
# Static files: compressed (gzip and Brotli when installed) with content hashes in their
# names, so WhiteNoise serves them with a far-future cache header (collectstatic builds them).
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if MEDIA_STORAGE == "s3" and not MEDIA_STORAGE_BACKEND["OPTIONS"]["bucket_name"]:
    raise ImproperlyConfigured("Set AWS_STORAGE_BUCKET_NAME when MEDIA_STORAGE=s3.")
TASKS = {
    "default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend")},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000") or 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Cookies only over HTTPS. SECURE_COOKIES=false is for running the production stack on
# plain http://127.0.0.1 (`make prod`), never behind a public address.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
