"""The "Recordings" course tab (entry point ``openedx.course_tab``).

edx-platform's tab classes are imported lazily so this package imports without edx-platform.
"""

try:  # pragma: no cover - only inside edx-platform
    from lms.djangoapps.courseware.tabs import EnrolledTab as _Base
except ImportError:  # the sandbox and tests have no edx-platform
    _Base = object


class RecordingsTab(_Base):
    """Lists a course's lesson recordings for download."""

    type = "wikilearn_recordings"
    title = "Recordings"
    priority = 60
    view_name = "wikilearn_recordings:course"
    is_dynamic = True
