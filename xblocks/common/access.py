"""Handlers that declare who may call them: the permission matrix lives on the handlers.

``@json_access(STAFF)`` is :func:`~xblocks.common.errors.json_handler` plus the one permission
check (:func:`~xblocks.common.permissions.require`); the wrapped method receives the checked
:class:`~xblocks.common.context.UserContext`. The declared level is kept on the handler, so
:func:`access_matrix` lists every handler of a block with its level, and tests can walk that
matrix for anonymous visitors, learners and staff.
"""

import functools

from xblocks.common.errors import json_handler, plain_handler
from xblocks.common.permissions import require


def _guarded(method, level):
    @functools.wraps(method)
    def guarded(self, data_or_request, suffix=""):
        user = require(self.user(), level)
        return method(self, data_or_request, suffix, user)

    return guarded


def json_access(level):
    """A JSON handler callable by users at ``level`` (LEARNER or STAFF): method(self, data, suffix, user)."""

    def decorate(method):
        wrapper = json_handler(_guarded(method, level))
        wrapper.wikilearn_access = (level, "json")
        return wrapper

    return decorate


def plain_access(level):
    """A plain (GET, CSV, upload) handler at ``level``: method(self, request, suffix, user)."""

    def decorate(method):
        wrapper = plain_handler(_guarded(method, level))
        wrapper.wikilearn_access = (level, "plain")
        return wrapper

    return decorate


def access_matrix(block_class):
    """{handler name: (level, kind)} for every handler declared with these decorators."""
    matrix = {}
    for name in dir(block_class):
        declared = getattr(getattr(block_class, name, None), "wikilearn_access", None)
        if declared:
            matrix[name] = declared
    return matrix
