"""Django settings of the shop test target: SQLite in the temporary folder `server` made, DRF with
opaque tokens. Only `tests.targets.drf_shop.server` loads them (it sets the environment)."""
from __future__ import annotations

import os

SECRET_KEY = "nat-test-target-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.targets.drf_shop.urls"
INSTALLED_APPS = ["rest_framework", "tests.targets.drf_shop"]
MIDDLEWARE = ["tests.targets.drf_shop.middleware.ShopMiddleware"]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
DB_DIR = os.environ["NAT_TARGET_DB_DIR"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(DB_DIR, "shop.sqlite3"),
        "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"},
    }
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["tests.targets.drf_shop.auth.OpaqueTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["tests.targets.drf_shop.auth.IsAuthenticated"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser", "rest_framework.parsers.FormParser"],
}
NAT_FLAWS = frozenset(item for item in os.environ.get("NAT_TARGET_FLAWS", "").split(",") if item)
NAT_SESSION_TTL = float(os.environ.get("NAT_TARGET_SESSION_TTL") or 3600)
DATA_UPLOAD_MAX_MEMORY_SIZE = None if "no_body_limit" in NAT_FLAWS else 2_621_440
LOGGING = {"version": 1, "disable_existing_loggers": True, "handlers": {}, "loggers": {}}
