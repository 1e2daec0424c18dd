"""The one permission check every handler goes through."""

from xblocks.common.errors import Forbidden
from xblocks.common.i18n import gettext_noop as _

LEARNER = "learner"
STAFF = "staff"


def require(user, level=LEARNER):
    """Raise 403 unless ``user`` (a :class:`UserContext`) may act at ``level``.

    ``LEARNER``: any logged-in user of the course; ``STAFF``: course staff only.
    """
    if user.is_anonymous:
        raise Forbidden("login_required", _("You need to sign in to do this."))
    if level == STAFF and not user.is_staff:
        raise Forbidden("not_staff", _("Only course staff can do this."))
    return user
