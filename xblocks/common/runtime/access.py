"""Who may call a handler: declared on the handler, checked in one place.

Every handler of every suite block is declared with one of these decorators and a level:

- ``LEARNER``: a logged-in participant of the course (the LMS, or Studio's preview);
- ``STAFF``: course staff in the LMS (``edx-platform.user_is_staff``);
- ``AUTHOR``: someone who may change the course's content, in Studio's editor
  (``studio_user_permissions.can_write(course_key)``). Course content is read-only in the LMS
  (``lms/djangoapps/lms_xblock/field_data.py`` wraps authored scopes in
  ``ReadOnlyFieldData``, whose ``set`` raises ``InvalidScopeError``) and in Studio's preview, so
  authoring handlers refuse those surfaces with a clear error instead of failing on save.

Studio's ``component_handler`` runs a handler for anyone logged in and only skips *saving*
when the user lacks write access (``cms/djangoapps/contentstore/views/component.py``: "fail
quietly if user is not course author"): without the check here a non-author would be told
"saved" and lose the edit.

``writes=True`` marks a learner handler that stores something for the caller: Studio's preview
binds every author to the shared anonymous id ``student`` (``preview.py``
``_prepare_runtime_for_preview``), so such handlers refuse the preview rather than mixing
authors' trials into the course's learner data.

The declared level is kept on the handler, so :func:`access_matrix` lists every handler of a
block with its level, and one test walks that matrix for every block and kind of user.
"""

import functools

from xblocks.common.runtime.errors import Forbidden, json_handler, plain_handler
from xblocks.common.runtime.i18n import gettext_noop as _
from xblocks.common.runtime.user import PREVIEW, STUDIO

LEARNER = "learner"
STAFF = "staff"
AUTHOR = "author"
LEVELS = (LEARNER, STAFF, AUTHOR)


def require(user, level=LEARNER, writes=False):
    """Raise 403 unless ``user`` (a :class:`~xblocks.common.runtime.user.UserContext`) may act at ``level``."""
    if level not in LEVELS:
        raise ValueError(f"unknown access level {level!r}")
    if user.is_anonymous:
        raise Forbidden("login_required", _("You need to sign in to do this."))
    if level == AUTHOR:
        if user.surface != STUDIO:
            raise Forbidden("studio_only", _("Course content can only be changed in Studio."))
        if not user.can_author:
            raise Forbidden("not_author", _("You do not have permission to change this course."))
        return user
    if not user.is_participant:
        raise Forbidden("course_only", _("This can only be done in the course, not in Studio."))
    if writes and user.surface == PREVIEW:
        raise Forbidden("preview_only", _("This is a preview in Studio: nothing is saved here. "
                                          "Try it in the course as a learner."))
    if level == STAFF and not user.is_staff:
        raise Forbidden("not_staff", _("Only course staff can do this."))
    return user


def _guarded(method, level, writes):
    @functools.wraps(method)
    def guarded(self, data_or_request, suffix=""):
        user = require(self.user(), level, writes)
        return method(self, data_or_request, suffix, user)

    return guarded


def _declare(wrapper, level, kind, writes):
    wrapper.wikilearn_access = (level, kind)
    wrapper.wikilearn_writes = writes
    return wrapper


def json_access(level, writes=False, studio_editor=False):
    """A JSON handler callable by users at ``level``: ``method(self, data, suffix, user)``.

    ``studio_editor``: errors also carry the ``error`` key XBlock's Studio editor displays.
    """

    def decorate(method):
        return _declare(json_handler(_guarded(method, level, writes), studio_editor), level, "json", writes)

    return decorate


def plain_access(level, writes=False):
    """A plain (GET, CSV, upload) handler at ``level``: ``method(self, request, suffix, user)``."""

    def decorate(method):
        return _declare(plain_handler(_guarded(method, level, writes)), level, "plain", writes)

    return decorate


def access_matrix(block_class):
    """``{handler name: (level, kind)}`` for every handler declared with these decorators."""
    matrix = {}
    for name in dir(block_class):
        declared = getattr(getattr(block_class, name, None), "wikilearn_access", None)
        if declared:
            matrix[name] = declared
    return matrix


def undeclared_handlers(block_class):
    """Handlers of ``block_class`` that declare no access level (should be none)."""
    return sorted(
        name for name in dir(block_class)
        if getattr(getattr(block_class, name, None), "_is_xblock_handler", False)
        and not getattr(getattr(block_class, name), "wikilearn_access", None)
    )
