"""Drive suite blocks through the sandbox runtime as different users, on any platform surface.

Blocks are created from OLX as Studio's import does (authored fields writable); they are then
rendered and called in the LMS by default (authored fields read-only), or in Studio's editor or
preview with ``surface="studio"`` / ``"preview"``.
"""

import contextlib
import json
import uuid
from dataclasses import dataclass

from django.utils import translation
from webob import Request
from workbench.runtime import ID_MANAGER

from sandbox.runtime import SandboxRuntime
from sandbox.services import LMS, STUDIO, profile_for


def request_language(user):
    """The language of a request of ``user``: their ``pref-lang``, activated as the LMS's
    ``openedx/core/djangoapps/lang_pref/middleware.py`` does (the sandbox's middleware does too);
    a visitor's request keeps whatever language is active."""
    language = profile_for(user).language if user is not None and user.is_authenticated else None
    return translation.override(language) if language else contextlib.nullcontext()


@dataclass
class HandlerResult:
    """A handler's answer: status code, parsed JSON (or None) and the raw response."""

    status: int
    json: object
    response: object


class BlockDriver:
    """Create a block from OLX once, then render it or call its handlers as any user."""

    def create(self, olx):
        """Parse ``olx`` into a fresh usage (unique per call) and return its usage id."""
        runtime = SandboxRuntime(surface=STUDIO)
        runtime.id_generator.set_scenario(f"t{uuid.uuid4().hex[:12]}")
        return runtime.parse_xml_string(olx)

    def block(self, usage_id, user=None, surface=LMS):
        """The block as ``user`` (None or AnonymousUser: a logged-out visitor) sees it on ``surface``."""
        return SandboxRuntime(user, surface).get_block(usage_id)

    def render(self, usage_id, user=None, view="student_view", surface=LMS):
        """The HTML of ``view`` for ``user``."""
        with request_language(user):
            block = self.block(usage_id, user, surface)
            return block.render(view, {}).body_html()

    def call(self, usage_id, handler, data=None, user=None, method="POST", body=None, suffix="",
             content_type="application/json", query="", surface=LMS):
        """Call ``handler`` as ``user`` with ``data`` as JSON (or a raw ``body``) on ``surface``."""
        block = self.block(usage_id, user, surface)
        request = Request.blank(f"/{handler}/{suffix}" + (f"?{query}" if query else ""))
        request.method = method
        if method != "GET":
            request.body = body if body is not None else json.dumps(data or {}).encode("utf-8")
            request.content_type = content_type
        with request_language(user):
            response = block.runtime.handle(block, handler, request, suffix)
        parsed = None
        if response.content_type == "application/json":
            parsed = json.loads(response.body.decode("utf-8"))
        return HandlerResult(response.status_code, parsed, response)


__all__ = ["BlockDriver", "HandlerResult", "ID_MANAGER"]
