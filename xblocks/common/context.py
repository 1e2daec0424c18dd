"""Who is asking: the current user as the LMS user service describes them.

Blocks code against the LMS contract (``XBlockUser.opt_attrs`` keys below); the sandbox's user
service provides the same keys, so nothing here knows which runtime it runs in.
"""

from dataclasses import dataclass

ANONYMOUS_ID = "edx-platform.anonymous_user_id"
IS_STAFF = "edx-platform.user_is_staff"
ROLE = "edx-platform.user_role"
USERNAME = "edx-platform.username"
PREFERENCES = "edx-platform.user_preferences"
STAFF_ROLES = frozenset({"staff", "instructor", "administrator"})


@dataclass(frozen=True)
class UserContext:
    """The current user, reduced to what the blocks decide on."""

    anonymous_id: str | None
    username: str | None
    is_staff: bool
    role: str | None
    language: str
    time_zone: str | None

    @property
    def is_anonymous(self):
        """True when nobody is logged in (no anonymous user id)."""
        return not self.anonymous_id

    @classmethod
    def anonymous(cls):
        """A logged-out visitor."""
        return cls(None, None, False, None, "en", None)


def user_context(block):
    """Read the current user from the block's ``user`` service."""
    service = block.runtime.service(block, "user")
    user = service.get_current_user() if service is not None else None
    if user is None:
        return UserContext.anonymous()
    attrs = getattr(user, "opt_attrs", {}) or {}
    prefs = attrs.get(PREFERENCES) or {}
    role = attrs.get(ROLE)
    anonymous_id = attrs.get(ANONYMOUS_ID) or None
    return UserContext(
        anonymous_id=anonymous_id,
        username=attrs.get(USERNAME) or None,
        is_staff=bool(anonymous_id) and (bool(attrs.get(IS_STAFF)) or role in STAFF_ROLES),
        role=role,
        language=(prefs.get("pref-lang") or "en"),
        time_zone=prefs.get("time_zone") or None,
    )
