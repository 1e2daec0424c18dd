"""The sandbox's user and i18n services, speaking the LMS's contracts.

``SandboxUserService`` gives blocks the same ``opt_attrs`` keys as the LMS user service, and the
lookups the LMS offers (``get_anonymous_user_id``, ``get_user_by_anonymous_id``).
``SandboxI18nService`` finds a block's catalogues where the LMS does: first the OEP-58 location
(``<plugins-locale>/xblock.v1/<root module>/<locale>/LC_MESSAGES/django.mo``), then the older
``translations/<locale>/LC_MESSAGES/text.mo`` beside the block class's module.
"""

import gettext
import hashlib
import hmac
import importlib.resources
import os
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from xblock.reference.user_service import UserService, XBlockUser

from sandbox.models import AnonymousUserId, LearnerProfile


def anonymous_id_for(user, course_id):
    """The stable per-course anonymous id of ``user`` (created on first use)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{user.pk}|{course_id}".encode(), hashlib.sha256)
    value = digest.hexdigest()[:32]
    AnonymousUserId.objects.get_or_create(user=user, course_id=course_id, defaults={"anonymous_user_id": value})
    return value


def profile_for(user):
    """The user's sandbox profile, or defaults when the user has none."""
    try:
        return user.sandbox_profile
    except LearnerProfile.DoesNotExist:
        return LearnerProfile(user=user, role="staff" if user.is_staff else "student")


class SandboxUserService(UserService):
    """The current Django user, described with the LMS's ``edx-platform.*`` keys."""

    def __init__(self, django_user, course_id):
        self.django_user = django_user
        self.course_id = course_id
        super().__init__(user=self._xblock_user())

    def _xblock_user(self):
        user = self.django_user
        xblock_user = XBlockUser(is_current_user=True)
        if user is None or not user.is_authenticated:
            xblock_user.opt_attrs["edx-platform.is_authenticated"] = False
            return xblock_user
        profile = profile_for(user)
        is_staff = user.is_staff or profile.role in ("staff", "instructor")
        xblock_user.emails = [user.email] if user.email else []
        xblock_user.full_name = user.get_full_name() or user.username
        xblock_user.opt_attrs.update({
            "edx-platform.is_authenticated": True,
            "edx-platform.user_id": user.pk,
            "edx-platform.username": user.username,
            "edx-platform.anonymous_user_id": anonymous_id_for(user, self.course_id),
            "edx-platform.user_is_staff": is_staff,
            "edx-platform.user_role": profile.role if profile.role != "student" or not is_staff else "staff",
            "edx-platform.user_preferences": {
                "pref-lang": profile.language or settings.LANGUAGE_CODE,
                "time_zone": profile.time_zone or None,
            },
        })
        return xblock_user

    def get_current_user(self):
        """The user making this request."""
        return self._user

    def get_anonymous_user_id(self, username, course_id):
        """The anonymous id of ``username`` in ``course_id``, or None for an unknown user."""
        user = get_user_model().objects.filter(username=username).first()
        return anonymous_id_for(user, course_id) if user else None

    def get_user_by_anonymous_id(self, uid=None):
        """The Django user behind an anonymous id (the current user's when ``uid`` is None)."""
        if uid is None:
            return self.django_user
        row = AnonymousUserId.objects.select_related("user").filter(anonymous_user_id=uid).first()
        return row.user if row else None


def block_locale_dirs(block_class):
    """Where the LMS looks for a block's catalogues: (directory, gettext domain), in order."""
    root_module = block_class.__module__.split(".")[0]
    dirs = []
    plugins_locale = getattr(settings, "WIKILEARN_SANDBOX_PLUGINS_LOCALE", None)
    if plugins_locale:
        dirs.append((os.path.join(plugins_locale, "xblock.v1", root_module), "django"))
    package = block_class.__module__.rpartition(".")[0] or block_class.__module__
    dirs.append((str(importlib.resources.files(package).joinpath("translations")), "text"))
    return dirs


class SandboxI18nService:
    """Per-block translations for the active language, as edx-platform's XBlockI18nService."""

    def __init__(self, block=None):
        language = translation.get_language() or settings.LANGUAGE_CODE
        self.translator = gettext.NullTranslations()
        if block is not None:
            block_class = getattr(block, "unmixed_class", type(block))
            locale = translation.to_locale(language)
            for directory, domain in block_locale_dirs(block_class):
                try:
                    self.translator = gettext.translation(domain, directory, [locale])
                    break
                except OSError:
                    continue

    def __getattr__(self, name):
        # Like the LMS's service, expose the translator (``_catalog``, ``plural``...): the XBlock
        # template tags merge it into Django's catalogue for ``{% trans %}``.
        if name == "translator":
            raise AttributeError(name)
        return getattr(self.translator, name)

    def gettext(self, message):
        """Translate ``message``."""
        return self.translator.gettext(message)

    def ngettext(self, singular, plural, number):
        """Translate with plural forms."""
        return self.translator.ngettext(singular, plural, number)

    def pgettext(self, context, message):
        """Translate ``message`` in ``context``."""
        return self.translator.pgettext(context, message)

    ugettext = gettext
    ungettext = ngettext

    @staticmethod
    def strftime(value, format_string):
        """Format a date or time (the LMS localises the format names; here plain strftime)."""
        return time.strftime(format_string, value.timetuple()) if hasattr(value, "timetuple") else str(value)
