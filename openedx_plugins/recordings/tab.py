"""The "Recordings" course tab (entry point ``openedx.course_tab``).

edx-platform's tab classes are imported lazily so this package imports without edx-platform.
"""

from django.utils.translation import gettext_lazy

try:  # pragma: no cover - only inside edx-platform
    from lms.djangoapps.courseware.tabs import EnrolledTab as _Base
except ImportError:  # the sandbox and tests have no edx-platform
    _Base = object


def course_has_recordings(course_key):
    """Whether a course has a recording source or any recording (the tab is shown only then)."""
    from openedx_plugins.recordings.models import Recording, RecordingSource  # noqa: PLC0415 - apps ready

    key = str(course_key)
    return (RecordingSource.objects.filter(course_key=key, enabled=True).exists()
            or Recording.objects.filter(course_key=key).exists())


class RecordingsTab(_Base):
    """Lists a course's lesson recordings for download."""

    type = "wikilearn_recordings"
    title = gettext_lazy("Recordings")
    priority = 60
    view_name = "wikilearn_recordings:course"
    is_dynamic = True

    @classmethod
    def is_enabled(cls, course, user=None):
        """Shown to enrolled learners and staff (the base class's rule) of courses with recordings."""
        base = getattr(super(), "is_enabled", None)
        if base is not None and not base(course, user=user):
            return False
        return course_has_recordings(course.id)
