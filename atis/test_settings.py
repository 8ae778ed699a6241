"""Settings for the test suite: fixed throwaway keys, fast password hashing, and the
database from ATIS_TEST_DATABASE_URL (SQLite in memory when unset)."""

import os

os.environ["ATIS_DEBUG"] = "0"
os.environ["ATIS_SECRET_KEY"] = "test-secret-key-" + "x" * 40
os.environ["ATIS_FIELD_KEYS"] = "ktest1:" + "A" * 43 + "="
os.environ["ATIS_BLIND_INDEX_KEY"] = "B" * 43 + "="
os.environ["ATIS_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
os.environ["ATIS_SSL_REDIRECT"] = "0"
os.environ["ATIS_DATABASE_URL"] = os.environ.get("ATIS_TEST_DATABASE_URL") or "sqlite://:memory:"

from atis.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
