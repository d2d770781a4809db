"""Settings for the test suite: the real settings, with a fixed test key and a
fast password hasher. DATABASE_URL still chooses SQLite or PostgreSQL."""

import os

os.environ.setdefault("EQUALVOICE_SECRET_KEY", "test-only-key-" + "x" * 60)
import tempfile

# Welsh is offered (with the notice that nobody has yet checked it), so every page test
# sees the language switch.
os.environ.setdefault("EQUALVOICE_WELSH", "preview")

os.environ.setdefault("EQUALVOICE_DATA_DIR", tempfile.mkdtemp(prefix="equalvoice-test-"))

from equalvoice.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The tests' own `flush` (tests/flushing): after the first, it puts back the content types
# and permissions instead of making them again after every transactional test.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.flushing"]  # noqa: F405
# Webhook tests post to a receiver on this machine (tests/api/test_webhooks.py).
EQUALVOICE_WEBHOOKS_LOOPBACK = True
# On PostgreSQL, `flush` (after every transactional test) deletes rows instead of
# truncating tables: five seconds a test less (tests/postgresql/base.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.postgresql"  # noqa: F405
