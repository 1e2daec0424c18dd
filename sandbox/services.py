"""The sandbox's user, Studio-permission and rebind services, as the platform's surfaces give them.

Each surface of Open edX gives a block a differently built user service; the sandbox builds the
same three (see :mod:`sandbox.runtime` for which page uses which):

- LMS: ``lms/djangoapps/courseware/block_render.py`` ``get_module_system_for_user`` builds
  ``DjangoXBlockUserService(user, user_is_staff=has_access(user, 'staff', ...),
  user_role=get_user_role(user, course_id), anonymous_user_id=anonymous_id_for_user(user, course_id))``.
- Studio editor: ``cms/djangoapps/contentstore/utils.py`` ``load_services_for_studio`` builds
  ``DjangoXBlockUserService(user)`` (no anonymous id, not staff, role ``student``) and
  ``StudioPermissionsService(user)``.
- Studio preview: ``cms/djangoapps/contentstore/views/preview.py`` ``_prepare_runtime_for_preview``
  builds ``DjangoXBlockUserService(user, user_role=get_user_role(...), anonymous_user_id='student')``.

``common/djangoapps/xblock_django/user_service.py`` turns any of them into the ``edx-platform.*``
keys: preferences only ``pref-lang`` and ``time_zone`` and only when set; a visitor gets
``is_authenticated`` False and nothing else; ``get_anonymous_user_id`` answers None unless the
current user is staff.
"""

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import get_user_model
from xblock.reference.user_service import UserService, XBlockUser

from sandbox.models import AnonymousUserId, LearnerProfile

LMS, STUDIO, PREVIEW = "lms", "studio", "preview"
PREVIEW_ANONYMOUS_ID = "student"  # preview.py: anonymous_user_id = deprecated_anonymous_user_id = 'student'


def anonymous_id_for(user, course_id):
    """The stable per-course anonymous id of ``user`` (created on first use), as ``anonymous_id_for_user``."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{user.pk}|{course_id}".encode(), hashlib.sha256)
    value = digest.hexdigest()[:32]
    AnonymousUserId.objects.get_or_create(user=user, course_id=course_id, defaults={"anonymous_user_id": value})
    return value


def user_by_anonymous_id(uid):
    """The user behind an anonymous id, or None (``common/djangoapps/student/models.py`` ``user_by_anonymous_id``)."""
    if not uid:
        return None
    row = AnonymousUserId.objects.select_related("user").filter(anonymous_user_id=uid).first()
    return row.user if row else None


def profile_for(user):
    """The user's sandbox profile, or defaults when the user has none."""
    try:
        return user.sandbox_profile
    except LearnerProfile.DoesNotExist:
        return LearnerProfile(user=user, role="staff" if user.is_staff else "student")


def course_role(user, course_id):
    """``get_user_role``: 'instructor', 'staff' or 'student' in the sandbox course."""
    if str(course_id) != settings.WIKILEARN_SANDBOX_COURSE:
        return "student"
    role = profile_for(user).role
    return role if role in ("instructor", "staff") else "student"


def has_staff_access(user, course_id):
    """``has_access(user, 'staff', course)``: the course team, or global staff."""
    return bool(user.is_staff or user.is_superuser or course_role(user, course_id) != "student")


class SandboxUserService(UserService):
    """``DjangoXBlockUserService`` as the LMS, Studio's editor or Studio's preview builds it."""

    def __init__(self, django_user, course_id, surface=LMS):
        self.django_user = django_user
        self.course_id = course_id
        self.surface = surface
        self.anonymous_user_id = None
        self.user_is_staff = False
        self.user_role = "student"
        if django_user is not None and django_user.is_authenticated:
            if surface == LMS:
                self.anonymous_user_id = anonymous_id_for(django_user, course_id)
                self.user_is_staff = has_staff_access(django_user, course_id)
                self.user_role = course_role(django_user, course_id)
            elif surface == PREVIEW:
                self.anonymous_user_id = PREVIEW_ANONYMOUS_ID
                self.user_role = course_role(django_user, course_id)
        super().__init__(user=self._xblock_user())

    def _xblock_user(self):
        user = self.django_user
        xblock_user = XBlockUser(is_current_user=True)
        if user is None or not user.is_authenticated:
            xblock_user.opt_attrs["edx-platform.is_authenticated"] = False
            return xblock_user
        profile = profile_for(user)
        preferences = {"pref-lang": profile.language, "time_zone": profile.time_zone}
        xblock_user.full_name = user.get_full_name() or None
        xblock_user.emails = [user.email]
        xblock_user.opt_attrs.update({
            "edx-platform.anonymous_user_id": self.anonymous_user_id,
            "edx-platform.is_authenticated": True,
            "edx-platform.user_id": user.pk,
            "edx-platform.username": user.username,
            "edx-platform.user_is_staff": self.user_is_staff,
            "edx-platform.user_role": self.user_role,
            "edx-platform.user_preferences": {key: value for key, value in preferences.items() if value},
        })
        return xblock_user

    def get_current_user(self):
        """The user making this request."""
        return self._user

    def get_anonymous_user_id(self, username, course_id):
        """The anonymous id of ``username`` in ``course_id``; None unless the current user is staff."""
        if not self.user_is_staff:
            return None
        user = get_user_model().objects.filter(username=username).first()
        return anonymous_id_for(user, course_id) if user else None

    def get_user_by_anonymous_id(self, uid=None):
        """The Django user behind an anonymous id (the current user's when ``uid`` is None)."""
        return user_by_anonymous_id(uid or self.anonymous_user_id)


class StudioPermissionsService:
    """``cms/djangoapps/contentstore/utils.py`` ``StudioPermissionsService``: Studio access of one user."""

    def __init__(self, user):
        self._user = user

    def can_read(self, course_key):
        """``has_studio_read_access``: the course team reads the course in Studio."""
        return self.can_write(course_key)

    def can_write(self, course_key):
        """``has_studio_write_access``: course staff/instructors and global staff write."""
        user = self._user
        return bool(user is not None and user.is_authenticated and has_staff_access(user, course_key))


class RebindUserServiceError(Exception):
    """``xmodule/services.py`` ``RebindUserServiceError``."""


class SandboxRebindUserService:
    """``xmodule/services.py`` ``RebindUserService``: only a block bound to an anonymous user may be rebound."""

    def __init__(self, django_user):
        self.user = django_user

    def rebind_noauth_module_to_user(self, block, real_user):
        """Refuse, as the LMS does, whenever the requester is logged in."""
        if self.user is not None and self.user.is_authenticated:
            raise RebindUserServiceError(
                "rebind_noauth_module_to_user can only be called from a module bound to an anonymous user")
        raise RebindUserServiceError("the sandbox has no anonymous (LTI) callbacks to rebind")
