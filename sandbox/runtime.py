"""The sandbox's XBlock runtime: the workbench runtime with the services of one platform surface.

``surface`` is where the request comes from, and decides what the platform would give the block:

- ``lms`` (learner and staff views, ``/handler/``): ``lms/djangoapps/courseware/block_render.py``
  gives the LMS user service, ``completion`` and ``rebind_user``; authored fields are read-only
  (``lms/djangoapps/lms_xblock/field_data.py`` ``LmsFieldData`` wraps them in ``ReadOnlyFieldData``).
- ``studio`` (``studio_view``, ``/studio/handler/``): ``cms/djangoapps/contentstore/utils.py``
  ``load_services_for_studio`` gives a user without anonymous id and ``studio_user_permissions``;
  authored fields are writable.
- ``preview`` (Studio's preview of ``student_view``, ``/preview/handler/``):
  ``cms/djangoapps/contentstore/views/preview.py`` ``_prepare_runtime_for_preview`` gives anonymous
  id ``student``, ``studio_user_permissions`` and ``is_author_mode``; authored fields are read-only
  (``LmsFieldData``: the suite's blocks have no ``author_view``).
"""

import logging

from django.conf import settings
from django.urls import reverse
from workbench.runtime import WORKBENCH_KVS, WorkbenchRuntime
from xblock.field_data import ReadOnlyFieldData, SplitFieldData
from xblock.fields import Scope
from xblock.runtime import KvsFieldData, Runtime

from sandbox import grades
from sandbox.i18n import SandboxI18nService
from sandbox.services import (
    LMS,
    PREVIEW,
    STUDIO,
    SandboxRebindUserService,
    SandboxUserService,
    StudioPermissionsService,
)

log = logging.getLogger(__name__)
HANDLER_URLS = {LMS: "sandbox:handler", STUDIO: "sandbox:studio_handler", PREVIEW: "sandbox:preview_handler"}


def lms_field_data(field_data):
    """``LmsFieldData``: authored scopes read-only, learner scopes as stored."""
    authored = ReadOnlyFieldData(field_data)
    return SplitFieldData({
        Scope.content: authored, Scope.settings: authored, Scope.parent: authored, Scope.children: authored,
        Scope.user_state_summary: field_data, Scope.user_state: field_data, Scope.user_info: field_data,
        Scope.preferences: field_data,
    })


class SandboxRuntime(WorkbenchRuntime):
    """Workbench runtime whose user is the logged-in Django user of one demo course, on one surface."""

    def __init__(self, django_user=None, surface=LMS):
        authenticated = django_user is not None and django_user.is_authenticated
        super().__init__(user_id=django_user.username if authenticated else "anonymous")
        self.django_user = django_user
        self.surface = surface
        self.course_id = settings.WIKILEARN_SANDBOX_COURSE
        self.is_author_mode = surface == PREVIEW
        stored = KvsFieldData(WORKBENCH_KVS)
        self._services.update({
            "field-data": stored if surface == STUDIO else lms_field_data(stored),
            "user": SandboxUserService(django_user, self.course_id, surface),
        })
        if surface == LMS:
            self._services["completion"] = grades.SandboxCompletionService(django_user, self.course_id)
            self._services["rebind_user"] = SandboxRebindUserService(django_user)
        else:
            self._services["studio_user_permissions"] = StudioPermissionsService(django_user)
        self._services.pop("i18n", None)

    def service(self, block, service_name):
        """Per-block i18n (each block's catalogue, found as the platform finds it)."""
        if service_name == "i18n":
            return SandboxI18nService(block) if block.service_declaration(service_name) else None
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
        """This surface's handler URL; no ``?student=``: the session says who is asking."""
        func = getattr(block, handler_name, None)
        if not func or not getattr(func, "_is_xblock_handler", False):
            raise ValueError(f"{handler_name!r} is not a handler name")
        url = reverse(HANDLER_URLS[self.surface], args=(block.scope_ids.usage_id, handler_name, suffix))
        return f"{url}?{query}" if query else url

    def publish(self, block, event_type, event_data):
        """Grades, completion and tracking as the LMS routes them (:func:`sandbox.grades.publish`)."""
        grades.publish(self, block, event_type, event_data)
