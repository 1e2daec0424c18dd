"""Who is asking, and where: the LMS, Studio's editor, or Studio's preview.

The blocks decide on a :class:`UserContext` only; it is read here from the services each
platform surface gives a block (edx-platform, the files and functions named):

- **LMS** (``lms/djangoapps/courseware/block_render.py`` ``get_module_system_for_user``):
  ``DjangoXBlockUserService(user, user_is_staff=has_access(user, 'staff', ...),
  user_role=get_user_role(...), anonymous_user_id=anonymous_id_for_user(user, course_id))``;
  no ``studio_user_permissions`` service.
- **Studio editor** (``cms/djangoapps/contentstore/views/component.py`` ``component_handler`` →
  ``cms/djangoapps/contentstore/utils.py`` ``load_services_for_studio``): ``DjangoXBlockUserService(user)``
  with no anonymous id, ``user_is_staff`` False and role ``student``, plus ``studio_user_permissions``
  (``StudioPermissionsService.can_write(course_key)`` = ``has_studio_write_access``).
- **Studio preview** (``cms/djangoapps/contentstore/views/preview.py`` ``_prepare_runtime_for_preview``):
  anonymous id ``student`` (or the author's own when individualized), role from ``get_user_role``,
  ``user_is_staff`` False, ``studio_user_permissions``, and ``runtime.is_author_mode = True``.

``common/djangoapps/xblock_django/user_service.py`` ``_convert_django_user_to_xblock_user`` fills the
``edx-platform.*`` keys below for a logged-in user (preferences: only ``pref-lang`` and ``time_zone``,
only when set); for a visitor it sets ``is_authenticated`` False and nothing else. The language
is the request's active one, which is what the platform's i18n service translates into.
"""

from dataclasses import dataclass

from xblocks.common.runtime.i18n import active_language

ANONYMOUS_ID = "edx-platform.anonymous_user_id"
IS_AUTHENTICATED = "edx-platform.is_authenticated"
IS_STAFF = "edx-platform.user_is_staff"
ROLE = "edx-platform.user_role"
USER_ID = "edx-platform.user_id"
USERNAME = "edx-platform.username"
PREFERENCES = "edx-platform.user_preferences"

LMS = "lms"
STUDIO = "studio"
PREVIEW = "preview"


@dataclass(frozen=True)
class UserContext:
    """The current user and the surface they use, reduced to what the blocks decide on."""

    anonymous_id: str | None = None
    username: str | None = None
    is_staff: bool = False
    role: str | None = None
    language: str = "en"
    time_zone: str | None = None
    user_id: int | None = None
    is_authenticated: bool = False
    surface: str = LMS
    can_author: bool = False

    @property
    def is_anonymous(self):
        """True for a logged-out visitor."""
        return not self.is_authenticated

    @property
    def is_participant(self):
        """True when the user takes part in the course here (an anonymous id: the LMS or Studio's preview)."""
        return self.is_authenticated and bool(self.anonymous_id)

    @classmethod
    def anonymous(cls):
        """A logged-out visitor in the LMS."""
        return cls()


def _service(block, name):
    """A service the block declared (``needs``/``wants``), or None where the runtime has none."""
    try:
        return block.runtime.service(block, name)
    except Exception:  # noqa: BLE001 - NoSuchServiceError and friends: the surface does not offer it
        return None


def course_key_of(block):
    """The block's course key as the platform has it (an opaque key object in Open edX)."""
    usage = block.scope_ids.usage_id
    key = getattr(usage, "course_key", None) or getattr(usage, "context_key", None)
    if key is None:
        key = getattr(block, "course_id", None) or getattr(block.runtime, "course_id", None)
    return key


def surface_of(block, permissions, anonymous_id):
    """Which platform surface runs this request (see the module docstring)."""
    if permissions is None:
        return LMS
    if anonymous_id or getattr(block.runtime, "is_author_mode", False):
        return PREVIEW
    return STUDIO


def current_user(block):
    """Read the current :class:`UserContext` from the block's ``user`` (and Studio) services."""
    service = _service(block, "user")
    user = service.get_current_user() if service is not None else None
    attrs = (getattr(user, "opt_attrs", None) or {}) if user is not None else {}
    if not attrs.get(IS_AUTHENTICATED):
        return UserContext.anonymous()
    prefs = attrs.get(PREFERENCES) or {}
    anonymous_id = attrs.get(ANONYMOUS_ID) or None
    permissions = _service(block, "studio_user_permissions")
    surface = surface_of(block, permissions, anonymous_id)
    can_author = surface == STUDIO and bool(permissions.can_write(course_key_of(block)))
    return UserContext(
        anonymous_id=anonymous_id,
        username=attrs.get(USERNAME) or None,
        is_staff=surface == LMS and bool(anonymous_id) and bool(attrs.get(IS_STAFF)),
        role=attrs.get(ROLE),
        language=active_language(prefs.get("pref-lang")),
        time_zone=prefs.get("time_zone") or None,
        user_id=attrs.get(USER_ID),
        is_authenticated=True,
        surface=surface,
        can_author=can_author,
    )
