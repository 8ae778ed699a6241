"""Settings for the test suite: fixed throwaway keys, fast password hashing, and the
database from ATIS_TEST_DATABASE_URL (SQLite in memory when unset)."""

import os
import tempfile

os.environ["ATIS_ENV_FILE"] = ""  # no settings file: the suite's settings are these
os.environ["ATIS_DEBUG"] = "0"
os.environ["ATIS_SECRET_KEY"] = "test-secret-key-" + "x" * 40
os.environ["ATIS_FIELD_KEYS"] = "ktest1:" + "A" * 43 + "="
os.environ["ATIS_BLIND_INDEX_KEY"] = "B" * 43 + "="
os.environ["ATIS_AUDIT_KEYS"] = "ktaudit1:" + "C" * 43 + "="
# An empty directory of its own, so no test reads a checkpoint it did not take.
os.environ["ATIS_AUDIT_CHECKPOINT_DIR"] = tempfile.mkdtemp(prefix="atis-test-checkpoints-")
os.environ["ATIS_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
os.environ["ATIS_SSL_REDIRECT"] = "0"
os.environ["ATIS_DATABASE_URL"] = os.environ.get("ATIS_TEST_DATABASE_URL") or "sqlite://:memory:"

from atis.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test flush may TRUNCATE the audit tables (only there, see atis/audit/pg_flush_backend).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "atis.audit.pg_flush_backend"  # noqa: F405
STORAGES = {**STORAGES, "staticfiles": {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Two-step verification is optional in the suite; tests of the policy override it.
MFA_POLICY = "optional"
# Writers seal their audit entries in their own transaction, as on SQLite, so tests that read
# the newest entry by `seq` see it sealed; atis/audit/tests use the production default
# (on PostgreSQL the sealer runs after commit, atis/audit/services.py).
AUDIT_SEAL_INLINE = True
# Statistics are computed afresh in the suite (tests record and then read); the kept
# figures are tested by overriding this (atis/statistics/tests/test_recent.py).
STATISTICS_CACHE_SECONDS = 0
# Jobs run at once, in the test's process, with an in-memory queue.
HUEY = {**HUEY, "immediate": True}  # noqa: F405
