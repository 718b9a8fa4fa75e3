"""NAT's Django settings, all read from the environment (see the configuration table in README.md)."""
from __future__ import annotations

from pathlib import Path

import dj_database_url

from billing.plans import plan_overrides
from nat_site.environment import (
    data_dir,
    deployment_mode,
    embedded_database_path,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

NAT_MODE = deployment_mode()
NAT_DATA_DIR = data_dir()
NAT_REDIS_URL = env_str("NAT_REDIS_URL")

SECRET_KEY = secret_key(NAT_DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ("localhost", "127.0.0.1", "[::1]"))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "accounts",
    "scans",
    "billing",
    "djstripe",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "nat_site.middleware.ContentSecurityPolicyMiddleware",
    "nat_site.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "billing.middleware.RateLimitMiddleware",
    "billing.middleware.BillingRefusalMiddleware",
]

ROOT_URLCONF = "nat_site.urls"
WSGI_APPLICATION = "nat_site.wsgi.application"


def _first_existing(*candidates: Path) -> Path:
    """A checkout keeps templates/ and static/ at the top; an installed wheel ships them in nat_site."""
    return next((path for path in candidates if path.is_dir()), candidates[0])


TEMPLATES_DIR = _first_existing(BASE_DIR / "templates", PACKAGE_DIR / "templates")
STATIC_SOURCE_DIR = _first_existing(BASE_DIR / "static", PACKAGE_DIR / "static")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [TEMPLATES_DIR],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nat_site.context_processors.deployment",
            ],
        },
    },
]

# Database: SQLite in the data dir unless DATABASE_URL says otherwise. The SQLite options let the
# web process and qcluster workers write side by side: WAL so readers never block the writer, a busy
# timeout so a writer waits for the lock instead of failing, and IMMEDIATE transactions so a
# transaction takes the write lock up front rather than failing when it upgrades from a read.
SQLITE_OPTIONS = {
    "timeout": 30,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": embedded_database_path(NAT_DATA_DIR),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    # Each web thread keeps its connection between requests: opening one (the PRAGMAs above, Django's SQL
    # functions) costs more than answering a small API request. Nothing is held open between statements,
    # so other processes' writes and checkpoints are not blocked by an idle connection.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    # Tests run workers in threads beside the test itself, as production runs them beside the web
    # process: a file database behaves like production where a shared in-memory one would not.
    DATABASES["default"]["TEST"] = {"NAME": str(NAT_DATA_DIR / "test-nat.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every web process and worker: the database by default, Redis when configured.
if NAT_REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": NAT_REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "nat_cache"}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = NAT_DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [STATIC_SOURCE_DIR]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = NAT_DATA_DIR / "media"

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "NAT <nat@localhost>")

# Security: cookies are Secure and HSTS is sent when NAT is served over HTTPS (NAT_HTTPS=true,
# usually behind a TLS-terminating proxy that sets X-Forwarded-Proto).
NAT_HTTPS = env_bool("NAT_HTTPS", False)
SESSION_COOKIE_SECURE = NAT_HTTPS
CSRF_COOKIE_SECURE = NAT_HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = NAT_HTTPS and env_bool("NAT_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if NAT_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = NAT_HTTPS
SECURE_HSTS_PRELOAD = NAT_HTTPS
NAT_BEHIND_PROXY = env_bool("NAT_BEHIND_PROXY", NAT_HTTPS)
"""Behind a proxy, X-Forwarded-Proto says the scheme and X-Forwarded-For's last hop the client."""
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NAT_BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health$"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "nat_site.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
    # `?format=` selects an export format, not a DRF renderer.
    "URL_FORMAT_OVERRIDE": None,
    # Requests per minute (by plan, or per address without a key) are billing's middleware's: it counts
    # every /api/ request, 401s and 404s included, so DRF's throttles are not used.
    "DEFAULT_THROTTLE_CLASSES": [],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "NAT API",
    "DESCRIPTION": "Start and follow API security and functional scans, read findings, export reports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ScanStatusEnum": "scans.models.Scan.Status",
        "TaskOutcomeEnum": "scans.models.Task.Outcome",
        "FindingStatusEnum": ["open", "dismissed"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "nat_site.api.error_responses.add_error_responses",
    ],
}

# Billing: plans (NAT_PLANS overrides the SPEC's table, as JSON), quotas, rate limits and Stripe through
# dj-stripe. Billing endpoints answer 503 STRIPE_NOT_CONFIGURED until the Stripe keys are set.
NAT_PLANS = plan_overrides(env_str("NAT_PLANS"))
NAT_SERVICE_TOKEN = env_str("NAT_SERVICE_TOKEN")
# In SaaS mode, API requests without a valid key (health checks, webhooks, wrong keys) per client address.
NAT_ANONYMOUS_REQUESTS_PER_MINUTE = env_int("NAT_ANONYMOUS_REQUESTS_PER_MINUTE", 60)
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_PRICE_IDS = {
    "pro": env_str("STRIPE_PRICE_ID_PRO"),
    "team": env_str("STRIPE_PRICE_ID_TEAM"),
    "enterprise": env_str("STRIPE_PRICE_ID_ENTERPRISE"),
}
STRIPE_API_BASE = env_str("STRIPE_API_BASE")
STRIPE_LIVE_MODE = STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_"))
DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"
# dj-stripe's own migrations take about a minute to apply (hundreds of field removals re-render the
# model state); billing.djstripe_migrations holds the same schema squashed into one migration.
MIGRATION_MODULES = {"djstripe": "billing.djstripe_migrations"}

# A running scan whose worker wrote no heartbeat (every 2 s) for this long is presumed dead and is
# started again (see scans.services.scans_recover_stale).
NAT_STALE_SCAN_SECONDS = env_int("NAT_STALE_SCAN_SECONDS", 90)
# A queued scan whose task has waited this long (a broker that lost it, or was down) is queued again.
NAT_QUEUED_SCAN_SECONDS = env_int("NAT_QUEUED_SCAN_SECONDS", 600)

# django-q2: the ORM broker by default (nothing else to run), Redis when configured.
Q_CLUSTER = {
    "name": "nat",
    "workers": env_int("NAT_WORKERS", 2),
    "timeout": env_int("NAT_TASK_TIMEOUT", 4 * 3600),
    "retry": env_int("NAT_TASK_TIMEOUT", 4 * 3600) + 60,
    "max_attempts": 1,
    "catch_up": False,
    "save_limit": 1000,
    "ack_failures": True,
    "poll": 0.5,
}
if NAT_REDIS_URL:
    Q_CLUSTER["redis"] = NAT_REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("NAT_LOG_LEVEL", "INFO").upper()},
    "loggers": {"django.request": {"level": "ERROR"}, "stripe": {"level": "WARNING"}},
}
