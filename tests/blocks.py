"""Drive suite blocks through the sandbox runtime (the LMS-shaped services) as different users."""

import json
import uuid
from dataclasses import dataclass

from webob import Request
from workbench.runtime import ID_MANAGER

from sandbox.runtime import SandboxRuntime


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
        runtime = SandboxRuntime()
        runtime.id_generator.set_scenario(f"t{uuid.uuid4().hex[:12]}")
        return runtime.parse_xml_string(olx)

    def block(self, usage_id, user=None):
        """The block as ``user`` (None or AnonymousUser: a logged-out visitor) sees it."""
        return SandboxRuntime(user).get_block(usage_id)

    def render(self, usage_id, user=None, view="student_view"):
        """The HTML of ``view`` for ``user``."""
        block = self.block(usage_id, user)
        return block.render(view, {}).body_html()

    def call(self, usage_id, handler, data=None, user=None, method="POST", body=None, suffix="",
             content_type="application/json", query=""):
        """Call ``handler`` as ``user`` with ``data`` as JSON (or a raw ``body``)."""
        block = self.block(usage_id, user)
        request = Request.blank(f"/{handler}/{suffix}" + (f"?{query}" if query else ""))
        request.method = method
        if method != "GET":
            request.body = body if body is not None else json.dumps(data or {}).encode("utf-8")
            request.content_type = content_type
        response = block.runtime.handle(block, handler, request, suffix)
        parsed = None
        if response.content_type == "application/json":
            parsed = json.loads(response.body.decode("utf-8"))
        return HandlerResult(response.status_code, parsed, response)


__all__ = ["BlockDriver", "HandlerResult", "ID_MANAGER"]
