"""Who may see a course's recordings and who may download them: one place for the rule.

Course staff always; enrolled learners when downloads are allowed for the course and the
recording; nobody else. The enrollment and staff checks are the suite's
(:mod:`openedx_plugins.wikilearn.platform`, settings ``WIKILEARN_ENROLLMENT_CHECK`` /
``WIKILEARN_STAFF_CHECK``, with ``WIKILEARN_RECORDINGS_*_CHECK`` kept as aliases).
"""

from openedx_plugins.recordings.models import CourseRecordingSettings
from openedx_plugins.wikilearn import platform

# The LMS defaults under their old dotted paths (operators' settings may name these).
lms_is_enrolled = platform.lms_is_enrolled
lms_is_course_staff = platform.lms_is_course_staff
parse_course_key = platform.parse_course_key

# What a user may do on a course's recordings.
NONE = "none"
VIEW = "view"          # enrolled, downloads off: sees the list without links
DOWNLOAD = "download"  # enrolled, downloads on
STAFF = "staff"        # everything, including unavailable recordings


def course_level(user, course_key):
    """What ``user`` may do with the recordings of ``course_key`` (``NONE`` .. ``STAFF``)."""
    if not user.is_authenticated or not user.is_active:
        return NONE
    if platform.is_course_staff(user, course_key):
        return STAFF
    if not platform.is_enrolled(user, course_key):
        return NONE
    return DOWNLOAD if CourseRecordingSettings.downloads_allowed_for(str(course_key)) else VIEW


def may_download(level, recording):
    """Whether a user at ``level`` may download the files of ``recording``."""
    if level == STAFF:
        return True
    return level == DOWNLOAD and recording.available and recording.downloads_allowed
