"""Who may see a course's recordings and who may download them: one place for the rule.

Course staff always; enrolled learners when downloads are allowed for the course and the
recording; nobody else. The enrollment and staff checks are functions named by settings: the LMS
defaults below import edx-platform lazily; the sandbox names its own.
"""

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from openedx_plugins.recordings.conf import function
from openedx_plugins.recordings.models import CourseRecordingSettings

# What a user may do on a course's recordings.
NONE = "none"
VIEW = "view"          # enrolled, downloads off: sees the list without links
DOWNLOAD = "download"  # enrolled, downloads on
STAFF = "staff"        # everything, including unavailable recordings


def parse_course_key(text):
    """The CourseKey in ``text``, or None when it is not one."""
    try:
        return CourseKey.from_string(text)
    except InvalidKeyError:
        return None


def lms_is_enrolled(user, course_key):
    """The LMS's enrollment check (``CourseEnrollment.is_enrolled``)."""
    from common.djangoapps.student.models import CourseEnrollment  # noqa: PLC0415 - edx-platform only

    return CourseEnrollment.is_enrolled(user, CourseKey.from_string(str(course_key)))


def lms_is_course_staff(user, course_key):
    """The LMS's course staff check (``has_access(user, "staff", course_key)``, global staff included)."""
    from lms.djangoapps.courseware.access import has_access  # noqa: PLC0415 - edx-platform only

    return bool(has_access(user, "staff", CourseKey.from_string(str(course_key))))


def course_level(user, course_key):
    """What ``user`` may do with the recordings of ``course_key`` (``NONE`` .. ``STAFF``)."""
    if not user.is_authenticated or not user.is_active:
        return NONE
    if function("WIKILEARN_RECORDINGS_STAFF_CHECK")(user, str(course_key)):
        return STAFF
    if not function("WIKILEARN_RECORDINGS_ENROLLMENT_CHECK")(user, str(course_key)):
        return NONE
    return DOWNLOAD if CourseRecordingSettings.downloads_allowed_for(str(course_key)) else VIEW


def may_download(level, recording):
    """Whether a user at ``level`` may download the files of ``recording``."""
    if level == STAFF:
        return True
    return level == DOWNLOAD and recording.available and recording.downloads_allowed
