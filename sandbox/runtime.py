"""The sandbox's XBlock runtime: the workbench runtime with the LMS-shaped services."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from workbench.runtime import WorkbenchRuntime
from xblock.runtime import Runtime

from sandbox.models import PublishedEvent
from sandbox.services import SandboxI18nService, SandboxUserService

log = logging.getLogger(__name__)


class SandboxRuntime(WorkbenchRuntime):
    """Workbench runtime whose user is the logged-in Django user of one demo course."""

    def __init__(self, django_user=None):
        authenticated = django_user is not None and django_user.is_authenticated
        super().__init__(user_id=django_user.username if authenticated else "anonymous")
        self.django_user = django_user
        self.course_id = settings.WIKILEARN_SANDBOX_COURSE
        self._services["user"] = SandboxUserService(django_user, self.course_id)

    def service(self, block, service_name):
        """Per-block i18n (each block has its own catalogue), as in the LMS."""
        if service_name == "i18n":
            declared = block.service_declaration(service_name)
            return SandboxI18nService(block) if declared else None
        return super().service(block, service_name)

    def _patch_xblock(self, block):
        """Give blocks the course id the LMS gives them, and nothing else.

        (The workbench also overwrites ``due`` and ``location`` with stand-ins, which would
        clobber a block's own ``due`` field.)
        """
        if "course_id" not in block.fields:
            try:
                block.course_id = self.course_id
            except AttributeError:
                log.debug("course_id is read-only on %r", block)

    def _wrap_ele(self, block, view, frag, extra_data=None):
        """Wrap like the LMS does, without the workbench's jQuery (learner pages stay light)."""
        return Runtime._wrap_ele(self, block, view, frag, extra_data)  # noqa: SLF001

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        """Handler URLs carry no ``?student=``: the session says who is asking."""
        func = getattr(block, handler_name, None)
        if not func or not getattr(func, "_is_xblock_handler", False):
            raise ValueError(f"{handler_name!r} is not a handler name")
        url = reverse("sandbox:handler", args=(block.scope_ids.usage_id, handler_name, suffix))
        return f"{url}?{query}" if query else url

    def publish(self, block, event_type, event_data):
        """Keep what the LMS would send to grades, completion and tracking.

        Like the LMS's grade handler, an event naming a ``user_id`` (staff releasing a learner's
        grade) is recorded for that user, not for whoever made the request.
        """
        username = self.django_user.username if self.django_user and self.django_user.is_authenticated else ""
        if isinstance(event_data, dict) and event_data.get("user_id"):
            target = get_user_model().objects.filter(pk=event_data["user_id"]).first()
            username = target.username if target else username
        PublishedEvent.objects.create(
            username=username, usage_id=str(block.scope_ids.usage_id),
            event_type=event_type, data=event_data,
        )
