"""Settings of the sandbox: the workbench plus the suite's plugin apps, loaded the LMS way.

Database: SQLite under ``var/`` by default; MariaDB/MySQL (utf8mb4) when ``WIKILEARN_DB=mysql``.
"""

import os
from pathlib import Path

from edx_django_utils.plugins import add_plugins, get_plugin_apps

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WIKILEARN_VAR_DIR", BASE_DIR / "var"))

DEBUG = os.environ.get("WIKILEARN_DEBUG", "1") == "1"
# The sandbox is a local demo site: a fixed development key, never used in production.
SECRET_KEY = os.environ.get("WIKILEARN_SECRET_KEY", "wikilearn-sandbox-not-for-production")  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

ROOT_URLCONF = "sandbox.urls"
WSGI_APPLICATION = "sandbox.wsgi.application"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "workbench",
    "sandbox",
    *get_plugin_apps("lms.djangoapp"),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sandbox.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.template.context_processors.i18n",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]


def _database():
    if os.environ.get("WIKILEARN_DB", "sqlite") == "mysql":
        return {
            "ENGINE": "django.db.backends.mysql",
            "NAME": os.environ.get("WIKILEARN_DB_NAME", "wikilearn"),
            "USER": os.environ.get("WIKILEARN_DB_USER", "root"),
            "PASSWORD": os.environ.get("WIKILEARN_DB_PASSWORD", ""),
            "HOST": os.environ.get("WIKILEARN_DB_HOST", "127.0.0.1"),
            "PORT": os.environ.get("WIKILEARN_DB_PORT", "3306"),
            "OPTIONS": {"charset": "utf8mb4", "init_command": "SET sql_mode='STRICT_TRANS_TABLES'"},
            "TEST": {
                "NAME": os.environ.get("WIKILEARN_TEST_DB_NAME", "test_wikilearn"),
                "CHARSET": "utf8mb4",
                "COLLATION": "utf8mb4_unicode_ci",
            },
        }
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("WIKILEARN_SQLITE_PATH", str(VAR_DIR / "sandbox.sqlite3")),
        "OPTIONS": {"timeout": 30},
    }


DATABASES = {"default": _database()}
# Our apps set BigAutoField in their AppConfig; the workbench app was built with AutoField.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"), ("fr", "Français"), ("es", "Español"), ("ar", "العربية"),
    ("pt-br", "Português (Brasil)"), ("hi", "हिन्दी"), ("id", "Bahasa Indonesia"),
]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = str(VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = str(VAR_DIR / "media")

LOGIN_URL = "/"

# Workbench: the sandbox builds its own runtime (sandbox.runtime); keep its settings service.
WORKBENCH = {
    "reset_state_on_restart": False,
    "services": {"settings": "workbench.services.SettingsService"},
}
EXCLUDED_XBLOCKS = set()

# The one demo course every block belongs to in the sandbox.
WIKILEARN_SANDBOX_COURSE = "course-v1:Wikimedia+PB101+2026"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("WIKILEARN_LOG_LEVEL", "WARNING")},
}

# Settings contributed by the plugin apps, exactly as the LMS merges them.
add_plugins(__name__, "lms.djangoapp", "common")
