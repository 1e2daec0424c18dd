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
    # edx-submissions: the LMS installs it (lms/envs/common.py INSTALLED_APPS); staff grades go through it.
    "submissions",
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
        # The sandbox header (demo users, languages, who is logged in) on its pages and the plugins' pages.
        "sandbox.context_processors.sandbox_header",
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

# --- Log in with Wikimedia (wikimedia_oauth_backend, issue 6) ----------------------------------
# With WIKILEARN_MEDIAWIKI_KEY and WIKILEARN_MEDIAWIKI_SECRET set (an OAuth 2.0 consumer whose
# callback is http://127.0.0.1:8000/social/complete/mediawiki-oauth2/), "Log in with Wikimedia"
# goes to WIKILEARN_MEDIAWIKI_URL (default https://meta.wikimedia.org). Without them it goes to
# the local development provider (`python -m tests.peers.mediawiki_oauth`, started by `make run`)
# at WIKILEARN_DEV_OAUTH_URL (default http://127.0.0.1:8001) with its public development consumer.
INSTALLED_APPS.append("social_django")
MIDDLEWARE.append("social_django.middleware.SocialAuthExceptionMiddleware")
AUTHENTICATION_BACKENDS = [
    "wikimedia_oauth_backend.backends.MediaWikiOAuth2",
    "wikimedia_oauth_backend.backends.MediaWikiOAuth1",
    "django.contrib.auth.backends.ModelBackend",
]
if os.environ.get("WIKILEARN_MEDIAWIKI_KEY"):
    SOCIAL_AUTH_MEDIAWIKI_OAUTH2_KEY = os.environ["WIKILEARN_MEDIAWIKI_KEY"]
    SOCIAL_AUTH_MEDIAWIKI_OAUTH2_SECRET = os.environ.get("WIKILEARN_MEDIAWIKI_SECRET", "")
    SOCIAL_AUTH_MEDIAWIKI_OAUTH2_URL = os.environ.get("WIKILEARN_MEDIAWIKI_URL", "https://meta.wikimedia.org")
    SOCIAL_AUTH_MEDIAWIKI_OAUTH2_SCOPE = os.environ.get("WIKILEARN_MEDIAWIKI_SCOPE", "").split()
else:
    SOCIAL_AUTH_MEDIAWIKI_OAUTH2_KEY = "wikilearn-dev-consumer"
    SOCIAL_AUTH_MEDIAWIKI_OAUTH2_SECRET = "wikilearn-development-consumer-secret"  # noqa: S105 - the dev provider's public one
    SOCIAL_AUTH_MEDIAWIKI_OAUTH2_URL = os.environ.get("WIKILEARN_DEV_OAUTH_URL", "http://127.0.0.1:8001")
    SOCIAL_AUTH_MEDIAWIKI_OAUTH2_SCOPE = ["mwoauth-authonlyprivate"]
# OAuth 1.0a: the development provider unless an OAuth 1.0a consumer is configured.
SOCIAL_AUTH_MEDIAWIKI_OAUTH1_KEY = os.environ.get("WIKILEARN_MEDIAWIKI_OAUTH1_KEY", "wikilearn-dev-consumer")
SOCIAL_AUTH_MEDIAWIKI_OAUTH1_SECRET = os.environ.get(
    "WIKILEARN_MEDIAWIKI_OAUTH1_SECRET", "wikilearn-development-consumer-secret")
SOCIAL_AUTH_MEDIAWIKI_OAUTH1_URL = (
    os.environ.get("WIKILEARN_MEDIAWIKI_URL", "https://meta.wikimedia.org")
    if os.environ.get("WIKILEARN_MEDIAWIKI_OAUTH1_KEY")
    else os.environ.get("WIKILEARN_DEV_OAUTH_URL", "http://127.0.0.1:8001")
)
SOCIAL_AUTH_ALLOW_BLOCKED = os.environ.get("WIKILEARN_MEDIAWIKI_ALLOW_BLOCKED", "1") == "1"
from wikimedia_oauth_backend.pipeline import PIPELINE as SOCIAL_AUTH_PIPELINE  # noqa: E402, F401

SOCIAL_AUTH_URL_NAMESPACE = "social"
SOCIAL_AUTH_LOGIN_REDIRECT_URL = "/"
SOCIAL_AUTH_LOGIN_ERROR_URL = "/"
# Show refusals (blocked account, bad state...) as messages on the index page, even with DEBUG.
SOCIAL_AUTH_RAISE_EXCEPTIONS = os.environ.get("WIKILEARN_SOCIAL_RAISE", "0") == "1"
# --- end of Log in with Wikimedia ----------------------------------------------------------------

# --- recordings (openedx_plugins.recordings) ------------------------------------------------
# Files on local disk under var/; enrollment and course staff come from sandbox.LearnerProfile;
# the admin's resync runs in the request (the sandbox has no Celery worker).
WIKILEARN_RECORDINGS_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(VAR_DIR / "recordings"), "base_url": None},
}
WIKILEARN_RECORDINGS_RESYNC_ASYNC = False
# --- end recordings ---------------------------------------------------------------------------

# --- the platform, as the suite's pages ask it (openedx_plugins/wikilearn/platform.py) ---------
# Enrollment and the course team come from sandbox.LearnerProfile, anonymous ids from the sandbox's
# user service; the course outline from the workbench scenarios, in the sandbox course's order.
WIKILEARN_ENROLLMENT_CHECK = "sandbox.enrollment.is_enrolled"
WIKILEARN_STAFF_CHECK = "sandbox.enrollment.is_course_staff"
WIKILEARN_ANONYMOUS_ID = "sandbox.enrollment.anonymous_id"
WIKILEARN_COURSE_LEARNERS = "sandbox.enrollment.course_learners"
WIKILEARN_COURSE_OUTLINE = "sandbox.content_blocks.scenario_outline"
# --- end platform ------------------------------------------------------------------------------

# --- content translations (wikilearn_content_po) ---------------------------------------------
# The PO export/import command finds a course's suite blocks in the workbench scenarios.
WIKILEARN_CONTENT_BLOCKS = "sandbox.content_blocks.scenario_blocks"
# --- end content translations ---------------------------------------------------------------
