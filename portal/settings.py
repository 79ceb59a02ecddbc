"""
Settings for the LCR+ Innovation Portal, read from the environment.

Every setting that differs between a laptop, CI and production comes from an
environment variable (see the table in README.md). Unset, the portal runs on
embedded defaults: SQLite under var/, Celery tasks run eagerly, the cache is
local memory and email goes to the console and to .eml files under var/mail/.
A bad value fails loudly at start-up.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from environs import Env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = Env()
env.read_env(BASE_DIR / ".env", recurse=False)

DEBUG = env.bool("DEBUG", False)
# HTTPS defaults on when DEBUG is off (secure cookies, HSTS, redirect to https).
HTTPS = env.bool("HTTPS", not DEBUG)

SECRET_KEY = env.str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "Set DEBUG=1 for local development, or give SECRET_KEY a long random value."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [])

# The public address of the site, for links in emails and feeds.
SITE_URL = env.str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "csp",
    "anymail",
    "portal",
    "accounts",
    "assets",
    "opportunities",
    "matching",
    "brokerage",
    "newsletter",
    "insights",
]

MIDDLEWARE = [
    "portal.security.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.security.SecurityHeadersMiddleware",
    "portal.middleware.NulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a cached anonymous page skips everything below (portal/pagecache.py).
    "portal.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "portal.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# DATABASE_URL selects PostgreSQL (psycopg 3); unset, a SQLite file under var/.
DATABASES = {
    "default": env.dj_db_url(
        "DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}", conn_max_age=0
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    # No JIT compilation: the site's queries are short, and compiling one (a facet count
    # over 100,000 assets crosses jit_above_cost) took longer than running it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if IS_POSTGRES and env.bool("DATABASE_POOL", True):
    # psycopg 3's connection pool, one per process (gunicorn worker, Celery worker).
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": 1,
        "max_size": env.int("DATABASE_POOL_MAX", 10),
        "timeout": 10,
    }
    # With the pool, this makes Django pass psycopg_pool ``check=ConnectionPool.check_connection``:
    # each connection is checked (one round trip) before a request gets it, so after a
    # PostgreSQL restart or failover a dead one is replaced instead of causing a 500.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Redis: cache, broker ---------------------------------------------------
# The cache (and so every rate limit) lives in Redis when REDIS_URL is set, shared by all
# processes on all machines; local memory otherwise, which is right for one process only.
REDIS_URL = env.str("REDIS_URL", "")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": env.str("REDIS_CACHE_URL", REDIS_URL),
            "KEY_PREFIX": "portal",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions in the database: every web node sees every session (README, "Running on
# several machines"), and a Redis outage signs nobody out. With Redis they are read
# through the shared cache (portal/sessions.py: a query fewer per signed-in request), each
# cached copy kept at most SESSION_CACHE_SECONDS; a local-memory cache could not be
# invalidated across processes, so without Redis they are read from the database.
SESSION_ENGINE = "portal.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
SESSION_CACHE_SECONDS = 300

# Anonymous visitors' public pages are kept this many seconds at most (0: off), and
# dropped at once when what they show changes (portal/pagecache.py). Only with Redis: a
# local-memory cache could not be invalidated across processes.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", 60 if REDIS_URL else 0)

# --- Celery -----------------------------------------------------------------
# Unset REDIS_URL: tasks run eagerly in the web process, so nothing else is needed.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "Europe/London"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# Longer than any task may run, so Redis never hands a running task to a second worker.
# Socket timeouts: a Redis that accepts connections but does not answer (frozen, a
# half-open connection) fails a command in 2 s instead of hanging it.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
# A request that enqueues a task while Redis is down or frozen fails fast (one try, one
# socket timeout at most; portal.queue then skips the broker for a few seconds); the
# row it saved is picked up by a periodic sweep instead.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "send-pending-emails": {
        "task": "portal.tasks.send_pending_emails",
        "schedule": 60.0,
    },
    "match-alerts-daily": {
        "task": "matching.tasks.send_match_alerts",
        "schedule": crontab(hour=7, minute=0),
        "args": ["daily"],
    },
    "match-alerts-weekly": {
        "task": "matching.tasks.send_match_alerts",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
        "args": ["weekly"],
    },
    # Assets: tell curators on Monday morning which assets nobody has checked for a year.
    "email-stale-assets-report": {
        "task": "assets.tasks.email_stale_assets_report",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
    # Assets: facilities asked to confirm their record and silent for 30 days are reminded
    # once, then flagged for the curators (assets.services.confirmations_follow_up).
    "follow-up-asset-confirmations": {
        "task": "assets.tasks.follow_up_confirmations",
        "schedule": crontab(hour=9, minute=0),
    },
    # --- Newsletter (newsletter/tasks.py); Europe/London, as CELERY_TIMEZONE.
    "newsletter-weekly-digest": {
        "task": "newsletter.create_periodic_digest",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
        "args": ["weekly"],
    },
    # Celery's crontab needs day of week AND day of month: the first Monday of the month.
    "newsletter-monthly-digest": {
        "task": "newsletter.create_periodic_digest",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon", day_of_month="1-7"),
        "args": ["monthly"],
    },
    "newsletter-send-due-digests": {"task": "newsletter.send_due_digests", "schedule": 60.0},
    "newsletter-sweep-deliveries": {"task": "newsletter.sweep_deliveries", "schedule": 60.0},
    "newsletter-read-bounce-mailbox": {
        "task": "newsletter.read_bounce_mailbox",
        "schedule": 600.0,
    },
    "newsletter-expire-unconfirmed": {
        "task": "newsletter.expire_unconfirmed",
        "schedule": crontab(minute=15),
    },
}

# Insights: yesterday's counters rolled up (and the two days before, in case a night was missed).
CELERY_BEAT_SCHEDULE["insights-rollup-recent"] = {
    "task": "insights.rollup_recent",
    "schedule": crontab(hour=2, minute=10),
}

# --- Opportunities ------------------------------------------------------------
# Verified organisations' opportunities are published without a curator's review.
OPPORTUNITIES_VERIFIED_PUBLISH_WITHOUT_REVIEW = env.bool(
    "OPPORTUNITIES_VERIFIED_PUBLISH_WITHOUT_REVIEW", True
)
# Editing the substance (title, kind, summary, description, keywords) of a published
# opportunity sends it back to review (except where the line above lets it publish).
OPPORTUNITIES_EDITS_NEED_REVIEW = env.bool("OPPORTUNITIES_EDITS_NEED_REVIEW", True)
CELERY_BEAT_SCHEDULE["matching-refresh-term-weights"] = {
    "task": "matching.tasks.refresh_term_weights",
    "schedule": crontab(hour=3, minute=30),
}
# Brokerage: participants with no meetings are reminded every 3 days while booking is
# open; the task runs daily and sends at most one reminder per person per period.
CELERY_BEAT_SCHEDULE["brokerage-send-reminders"] = {
    "task": "brokerage.tasks.send_reminders",
    "schedule": crontab(hour=9, minute=30),
}
CELERY_BEAT_SCHEDULE["opportunities-expire-and-remind"] = {
    "task": "opportunities.tasks.expire_and_remind",
    "schedule": 900.0,
}

# Beat's calls are claimed once per period (portal.periodic.once_per_period), so that a
# second beat started by mistake does not double any periodic work.
for _entry in CELERY_BEAT_SCHEDULE.values():
    _entry["kwargs"] = {**_entry.get("kwargs", {}), "once_per_period": True}

# --- Email ------------------------------------------------------------------
# EMAIL_HOST set: SMTP. Unset: console plus one .eml file per message in var/mail/.
EMAIL_HOST = env.str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", 20)
else:
    EMAIL_BACKEND = "portal.mail_backends.ConsoleAndFileBackend"
# An email service provider instead (README "Sending through a provider"), for example
# EMAIL_BACKEND=anymail.backends.postmark.EmailBackend with ANYMAIL_POSTMARK_SERVER_TOKEN.
# Every ANYMAIL_<NAME> environment variable becomes ANYMAIL["<NAME>"].
EMAIL_BACKEND = env.str("EMAIL_BACKEND", EMAIL_BACKEND)
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_")
}
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "LCR+ Innovation Portal <portal@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[LCR+ Portal] "
ADMINS = [("Admin", a) for a in env.list("ADMINS", [])]

# --- Newsletter -------------------------------------------------------------
NEWSLETTER_FROM_EMAIL = env.str("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
# Deliveries per batch task (one SMTP connection each).
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", 250)
# A worker holds its claimed deliveries this long unless it renews; a dead worker's
# deliveries are sent again after that. Longer than one message can take to send.
NEWSLETTER_LEASE_SECONDS = env.int("NEWSLETTER_LEASE_SECONDS", 120)
# Pending deliveries not claimed this long after they were queued are queued again
# (the broker lost the task, or was down when the digest started).
NEWSLETTER_REQUEUE_SECONDS = env.int("NEWSLETTER_REQUEUE_SECONDS", 600)
# PostgreSQL: a sending batch commits without waiting for the disk (see sending.py).
NEWSLETTER_ASYNC_COMMIT = env.bool("NEWSLETTER_ASYNC_COMMIT", True)
# Permanent rejections and soft bounces in a row before a subscriber is marked bounced.
NEWSLETTER_BOUNCE_LIMIT = env.int("NEWSLETTER_BOUNCE_LIMIT", 3)
# Over SMTP each digest message's Return-Path is a VERP form of this address
# (bounces+d<delivery>-<signature>@domain); "" sends from NEWSLETTER_FROM_EMAIL instead.
NEWSLETTER_BOUNCE_ADDRESS = env.str(
    "NEWSLETTER_BOUNCE_ADDRESS",
    "bounces@" + NEWSLETTER_FROM_EMAIL.rstrip(">").rpartition("@")[2],
)
# The bounce mailbox read by newsletter.read_bounce_mailbox (unset: not read).
NEWSLETTER_BOUNCE_IMAP_HOST = env.str("NEWSLETTER_BOUNCE_IMAP_HOST", "")
NEWSLETTER_BOUNCE_IMAP_PORT = env.int("NEWSLETTER_BOUNCE_IMAP_PORT", 993)
NEWSLETTER_BOUNCE_IMAP_SSL = env.bool("NEWSLETTER_BOUNCE_IMAP_SSL", True)
NEWSLETTER_BOUNCE_IMAP_USER = env.str("NEWSLETTER_BOUNCE_IMAP_USER", "")
NEWSLETTER_BOUNCE_IMAP_PASSWORD = env.str("NEWSLETTER_BOUNCE_IMAP_PASSWORD", "")
NEWSLETTER_LIST_ID = env.str("NEWSLETTER_LIST_ID", "LCR+ newsletter <newsletter.lcr-portal>")
NEWSLETTER_FEEDBACK_SENDER = env.str("NEWSLETTER_FEEDBACK_SENDER", "lcrportal")
# Subscribe requests allowed per hour from one IP address and for one email address.
NEWSLETTER_RATE_LIMIT_IP = env.int("NEWSLETTER_RATE_LIMIT_IP", 20)
NEWSLETTER_RATE_LIMIT_EMAIL = env.int("NEWSLETTER_RATE_LIMIT_EMAIL", 3)

# --- Auth and accounts (django-allauth) -------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {
    "login": "accounts.allauth_forms.LoginForm",
    "reset_password": "accounts.allauth_forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.allauth_forms.ResetPasswordKeyForm",
    "add_email": "accounts.allauth_forms.AddEmailForm",
    "change_password": "accounts.allauth_forms.ChangePasswordForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
# Rate limits live in the default cache: Redis when REDIS_URL is set, shared by every process.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    # Sending (and re-sending) a verification code; allauth answers 429 beyond it.
    "confirm_email": "1/10s/key,10/h/key",
    "manage_email": "10/m/user",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
# Verification by a code typed into the browser that signed up; the same email carries
# a link for another device (accounts.views.confirm_email_link, confirms on POST only).
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
# No "use a different address" form on the code page: allauth can offer it only for a new
# account, so showing it would tell a stranger that an address is not yet registered.
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_CHANGE = False
# One address per person; changing it needs a recent sign-in, verifies the new address
# and tells the old one.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_SESSION_REMEMBER = None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "LCR+ Innovation Portal"

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", VAR_DIR / "media")
# Uploads (logos, asset photos): the local folder MEDIA_ROOT, or with MEDIA_STORAGE=s3 a
# bucket on S3 or any S3-compatible server (django-storages), so that every web node
# serves what any other received. URLs are the objects' plain addresses (public-read, or a
# CDN in front: AWS_S3_CUSTOM_DOMAIN), stable and cacheable, as /media/ is today;
# AWS_QUERYSTRING_AUTH=1 gives presigned ones instead, for a bucket that stays private.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "local":
    MEDIA_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    if not env.str("AWS_STORAGE_BUCKET_NAME", ""):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    MEDIA_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            # Unset: Amazon S3 itself; e.g. https://s3.fr-par.scw.cloud or a MinIO server.
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", "") or None,
            # Unset: boto3 finds them itself (an instance role, ~/.aws/credentials).
            "access_key": env.str("AWS_ACCESS_KEY_ID", "") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", "") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", "") or None,
            "location": env.str("AWS_LOCATION", ""),
            # Empty for buckets with ACLs disabled: give the bucket a public-read policy.
            "default_acl": env.str("AWS_DEFAULT_ACL", "public-read") or None,
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", False),
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", 3600),
            # Two uploads of "assets/image.png" must never overwrite each other.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "max-age=86400"},
        },
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}")
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The largest upload is an image of 2 MB (portal/images.py). A request body over 3 MB (one
# upload and the form around it) is refused with 413 before it is read
# (portal.security.RequestBodyLimitMiddleware); the proxy sets the same limit (README).
REQUEST_BODY_MAX_BYTES = 3 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES

# --- Security ---------------------------------------------------------------
# How many reverse proxies of our own stand in front of gunicorn (each appends to
# X-Forwarded-For). 0: the header is ignored and REMOTE_ADDR is the client. Used by every
# per-address rate limit and consent record (portal.http.client_ip) and by allauth.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Behind a proxy that terminates TLS, the proxy must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# Map tiles may come from another host (issue: asset map); images may too.
MAP_TILE_URL = env.str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
# Assets: enquiries about an asset without its own enquiry address go to the portal team.
ASSET_ENQUIRY_EMAIL = env.str("ASSET_ENQUIRY_EMAIL", "enquiries@localhost")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Assets: a tile server on plain http (a local one, say) needs its origin in img-src.
_tiles = urlsplit(MAP_TILE_URL)
if _tiles.scheme == "http" and _tiles.netloc:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"http://{_tiles.netloc}")
# Uploads from an S3-compatible server on plain http (one on loopback, say) likewise.
if MEDIA_STORAGE == "s3":
    _media = urlsplit(
        MEDIA_STORAGE_BACKEND["OPTIONS"]["endpoint_url"] or "https://s3.amazonaws.com"
    )
    if MEDIA_STORAGE_BACKEND["OPTIONS"]["custom_domain"]:
        _media = urlsplit("https://" + MEDIA_STORAGE_BACKEND["OPTIONS"]["custom_domain"])
    if _media.scheme == "http" and _media.netloc:
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"http://{_media.netloc}")

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
