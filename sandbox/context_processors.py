"""What the sandbox's header needs on every page, the plugin apps' pages (recordings) included."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.functional import SimpleLazyObject


def _wikimedia_name(user):
    """The wiki username of a user who logged in with Wikimedia (``extra_data["username"]``), else ''."""
    if not user.is_authenticated:
        return ""
    account = user.social_auth.filter(provider__startswith="mediawiki-").order_by("-pk").first()
    return (account.extra_data or {}).get("username") or "" if account else ""


def sandbox_header(request):
    """Demo users to switch to, the interface languages, and the Wikimedia name of who is logged in.

    Lazy: nothing is queried unless a template shows the header.
    """
    user = getattr(request, "user", None)
    return {
        "demo_users": SimpleLazyObject(
            lambda: list(get_user_model().objects.filter(is_active=True).order_by("username"))),
        "languages": settings.LANGUAGES,
        "SANDBOX_COURSE": settings.WIKILEARN_SANDBOX_COURSE,
        "wikimedia_name": SimpleLazyObject(lambda: _wikimedia_name(user) if user is not None else ""),
    }
