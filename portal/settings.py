"""Settings for 阳光政务公开平台, read from the environment (see README, "Environment variables").

Defaults are safe: DEBUG is off unless set, and outside DEBUG a missing SECRET_KEY,
ALLOWED_HOSTS or DATABASE_URL stops startup with a message that says what to set.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if not value:  # "HTTPS=" in an env file means "use the default", never "off"
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no (got {raw!r}).")


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env_str(name, default).split(",") if part.strip()]


def required(name: str, hint: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. {hint} (Set DEBUG=1 for a local development server instead.)"
        )
    return value


DEBUG = env_bool("DEBUG", False)
# HTTPS=0 is for serving production-like settings over plain HTTP on a developer machine
# (make run); every real deployment keeps the default.
HTTPS = env_bool("HTTPS", not DEBUG)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-development-only-key-do-not-deploy"
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
    DATABASE_URL = env_str("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/sunshine")
else:
    SECRET_KEY = required(
        "SECRET_KEY",
        "Generate one with `python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. List the host names the portal answers to, comma "
            "separated, e.g. ALLOWED_HOSTS=gk.example.gov.cn."
        )
    DATABASE_URL = required(
        "DATABASE_URL", "Point it at PostgreSQL, e.g. postgresql://USER:PASSWORD@HOST:5432/DB."
    )

if not DATABASE_URL.startswith(("postgres://", "postgresql://", "pgsql://")):
    raise ImproperlyConfigured("DATABASE_URL must be a PostgreSQL URL (postgresql://…).")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin on the portal's own AdminSite (second factor, scoped /admin/r/ shortcut).
    "portal.security.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "catalog",
    "disclosures",
    "requests_app",
    "interaction",
    "reports",
    "portal",
]

MIDDLEWARE = [
    # First, so it sees every final response, cached pages included (ADR 0017; no query).
    "catalog.pageviews.PageViewMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Above sessions and auth: a lost database anywhere below answers 503, not 500.
    "catalog.outage.DatabaseOutageMiddleware",
    # Above sessions and CSRF, so it sees the cookies and the Vary: Cookie they add (ADR 0021).
    "catalog.httpcache.HttpCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.security.sessions.StaffIdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.security.otp.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Several gunicorn instances share one PostgreSQL and one cache (Redis when REDIS_URL is set,
# otherwise a database table). Sessions follow the cache when it is Redis (written through to
# the database, so a Redis restart logs nobody out), else they live in the database.
REDIS_URL = env_str("REDIS_URL")
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sunshine",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

# The HTTP cache in front of the portal (Varnish, docs/cluster.md): comma-separated addresses
# that receive a BAN after each commit that changes public pages; unset, nothing is purged.
HTTP_CACHE_PURGE_URL = env_list("HTTP_CACHE_PURGE_URL")
HTTP_CACHE_PURGE_TIMEOUT = env_int("HTTP_CACHE_PURGE_TIMEOUT", 2)
# HTTP caching (kernel.httpcache, docs/http-caching.md, ADR 0021): seconds browsers (MAX_AGE)
# and the shared proxy (S_MAXAGE) keep each class of public response. Pages vary by the display
# cookies, which browsers do not key on, so browsers revalidate them (ETag) on every view.
HTTP_CACHE_PAGE_MAX_AGE = env_int("HTTP_CACHE_PAGE_MAX_AGE", 0)
HTTP_CACHE_PAGE_S_MAXAGE = env_int("HTTP_CACHE_PAGE_S_MAXAGE", 600)
HTTP_CACHE_DOWNLOAD_MAX_AGE = env_int("HTTP_CACHE_DOWNLOAD_MAX_AGE", 300)
HTTP_CACHE_DOWNLOAD_S_MAXAGE = env_int("HTTP_CACHE_DOWNLOAD_S_MAXAGE", 3600)
HTTP_CACHE_SEARCH_S_MAXAGE = env_int("HTTP_CACHE_SEARCH_S_MAXAGE", 60)
HTTP_CACHE_NOT_FOUND_S_MAXAGE = env_int("HTTP_CACHE_NOT_FOUND_S_MAXAGE", 60)
# ETags also change every this many seconds (changes that come with time, not with a write:
# scheduled publishing, deadlines), and with the release: set HTTP_CACHE_RELEASE to the
# deployed version so that every instance gives the same ETag (else each start is a release).
HTTP_CACHE_VALIDATOR_SECONDS = env_int("HTTP_CACHE_VALIDATOR_SECONDS", 600)
HTTP_CACHE_RELEASE = env_str("HTTP_CACHE_RELEASE")

# Page views of the public site for the 政府网站工作年度报表 (catalog.pageviews, ADR 0017): counted
# in memory (or Redis) and written in bulk every PAGE_VIEWS_FLUSH_SECONDS or
# PAGE_VIEWS_FLUSH_REQUESTS views, at exit and by `manage.py flush_page_views`.
PAGE_VIEWS_ENABLED = env_bool("PAGE_VIEWS_ENABLED", True)
PAGE_VIEWS_FLUSH_SECONDS = env_int("PAGE_VIEWS_FLUSH_SECONDS", 60)
PAGE_VIEWS_FLUSH_REQUESTS = env_int("PAGE_VIEWS_FLUSH_REQUESTS", 1000)

# Every account here is staff (the public never logs in): at least 12 characters (等保 2.0
# 身份鉴别: 口令复杂度), checked by Django's validators whenever a password is set through a form.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files: collected at build time and served by WhiteNoise with hashed, compressed names.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files go through Django's storage API. The default is a local folder; a shared
# S3-compatible store is a settings change, e.g.
#   MEDIA_STORAGE_BACKEND=storages.backends.s3.S3Storage
#   MEDIA_STORAGE_OPTIONS={"bucket_name": "portal-media", "endpoint_url": "https://…"}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "var" / "media")
try:
    _media_options = json.loads(env_str("MEDIA_STORAGE_OPTIONS") or "{}")
except json.JSONDecodeError as exc:
    raise ImproperlyConfigured(f"MEDIA_STORAGE_OPTIONS is not valid JSON: {exc}") from exc
STORAGES = {
    "default": {
        "BACKEND": env_str("MEDIA_STORAGE_BACKEND")
        or "django.core.files.storage.FileSystemStorage",
        "OPTIONS": _media_options,
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 50) * 1024 * 1024

# Security. Cookies, HSTS and redirects follow HTTPS; CSP and framing are always on.
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("BEHIND_PROXY", False):
    # Only behind a reverse proxy that sets X-Forwarded-Proto itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGIN_URL = "admin:login"

# Staff login protection (see portal/security/ and docs/adr/0009-staff-login-protection.md).
# django-axes counts failed logins in the database (never in the evictable cache), separately
# per account (a password guessed from many addresses) and per address (many accounts tried
# from one address); either reaching the limit locks that account or address out until the
# cool-off ends or a superuser unlocks it (admin → 登录失败计数与锁定).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False  # a right password does not wipe the record of guesses
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed login is kept for the security audit
AXES_ENABLE_ADMIN = False  # Chinese pages instead: portal/security/login_admin.py
AXES_LOCKOUT_CALLABLE = "portal.security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "catalog.public_forms.client_address"
# Second factor (TOTP, django-otp): required for superusers and the roles that see applicants'
# personal data; OTP_REQUIRED_FOR_ALL_STAFF=1 extends it to every staff account. Staff who
# have enrolled a device are always asked for it.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", "依申请经办人,主管")
OTP_REQUIRED_FOR_ALL_STAFF = env_bool("OTP_REQUIRED_FOR_ALL_STAFF", False)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "阳光政务公开平台")
# Staff sessions end after this much inactivity (等保 2.0: 登录连接超时自动退出); public pages
# keep no session, so they stay cacheable.
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_MINUTES", 30) * 60

# 依申请公开 anti-abuse (no login wall, no third-party CAPTCHA): the gates of
# catalog.public_forms, configured in requests_app/forms.py (ADR 0012).
APPLICATION_MIN_FILL_SECONDS = env_int("APPLICATION_MIN_FILL_SECONDS", 3)
APPLICATION_SUBMIT_RATE = (env_int("APPLICATION_SUBMITS_PER_HOUR", 5), 3600)
APPLICATION_QUERY_RATE = (env_int("APPLICATION_QUERIES_PER_HOUR", 20), 3600)
APPLICATION_ID_PROOF_MAX_BYTES = env_int("APPLICATION_ID_PROOF_MAX_MB", 10) * 1024 * 1024
APPLICATION_QUERY_SESSION_SECONDS = 900
# 条例 Art. 44: applications received within this many days are compared for repeats
# (requests_app.proactive; docs/proactive-conversion.md).
PROACTIVE_CONVERSION_LOOK_BACK_DAYS = env_int("PROACTIVE_CONVERSION_LOOK_BACK_DAYS", 730)

# 互动交流 anti-abuse, as for applications (ADR 0012): submissions per address and hour, and the
# minimum seconds between showing a form and sending it. The defaults are the gates' own.
LETTER_MIN_FILL_SECONDS = env_int("LETTER_MIN_FILL_SECONDS", 3)
LETTER_SUBMIT_RATE = (env_int("LETTER_SUBMITS_PER_HOUR", 5), 3600)
LETTER_FOLLOW_UP_RATE = (env_int("LETTER_FOLLOW_UPS_PER_HOUR", 10), 3600)
LETTER_QUERY_RATE = (env_int("LETTER_QUERIES_PER_HOUR", 20), 3600)
CONSULTATION_MIN_FILL_SECONDS = env_int("CONSULTATION_MIN_FILL_SECONDS", 3)
CONSULTATION_COMMENT_RATE = (env_int("CONSULTATION_COMMENTS_PER_HOUR", 10), 3600)
TOPIC_MIN_FILL_SECONDS = env_int("TOPIC_MIN_FILL_SECONDS", 3)
TOPIC_SUGGEST_RATE = (env_int("TOPIC_SUGGESTIONS_PER_HOUR", 5), 3600)
SURVEY_MIN_FILL_SECONDS = env_int("SURVEY_MIN_FILL_SECONDS", 3)
SURVEY_SUBMIT_RATE = (env_int("SURVEY_SUBMITS_PER_HOUR", 10), 3600)
INTERVIEW_MIN_FILL_SECONDS = env_int("INTERVIEW_MIN_FILL_SECONDS", 3)
INTERVIEW_QUESTION_RATE = (env_int("INTERVIEW_QUESTIONS_PER_HOUR", 10), 3600)
# A live interview page asks for new entries every INTERVIEW_POLL_SECONDS (JavaScript) and
# reloads itself every INTERVIEW_REFRESH_SECONDS without JavaScript.
INTERVIEW_POLL_SECONDS = env_int("INTERVIEW_POLL_SECONDS", 10)
INTERVIEW_REFRESH_SECONDS = env_int("INTERVIEW_REFRESH_SECONDS", 60)

# 互动交流: answered letters without a follow-up are closed (办结) this many days after the answer
# by `manage.py close_answered_letters` (daily from cron).
INTERACTION_AUTO_CLOSE_DAYS = env_int("LETTER_AUTO_CLOSE_DAYS", 10)
# CJK font files embedded in PDF downloads (first that exists wins); Debian's fonts-noto-cjk.
REPORT_PDF_FONT = env_list("REPORT_PDF_FONT") or [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
# Years after closing that applicants' personal data is kept (manage.py purge_applicant_data).
APPLICATION_RETENTION_YEARS = env_int("APPLICATION_RETENTION_YEARS", 10)
# Number of trusted reverse proxies in front of the app (X-Forwarded-For hops to skip) for the
# per-address limits; keep 0 unless BEHIND_PROXY is set and the proxy appends the client address.
RATE_LIMIT_PROXY_COUNT = env_int("RATE_LIMIT_PROXY_COUNT", 0)

# Mail: console in development; SMTP settings in production (see README).
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@example.gov.cn")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The public address of the portal, for links in mails to applicants (no request to build them from).
PORTAL_URL = env_str("PORTAL_URL").rstrip("/")
ADMINS = [("Ops", addr) for addr in env_list("ADMIN_EMAILS")]
# manage.py check_links also checks links to other sites; switch off where the server has no
# internet access (docs/self-audit.md).
LINK_CHECK_EXTERNAL = env_bool("LINK_CHECK_EXTERNAL", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Errors go to the console and to ADMIN_EMAILS. Django's error mails include the
        # request, so sensitive POST fields are filtered by @sensitive_post_parameters.
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        },
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
    },
}
