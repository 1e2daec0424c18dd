"""What the suite's course pages ask of the platform: who is enrolled, who is course staff, a learner's
per-course anonymous id, and the learners of a course. One place, each answer a function named by a
setting (read at call time), so the sandbox and tests name their own.

Defaults are edx-platform's own functions, imported lazily so this module imports without it:

- enrollment: ``common/djangoapps/student/models/course_enrollment.py`` ``CourseEnrollment.is_enrolled(user,
  course_key)`` (an active enrollment);
- course staff: ``lms/djangoapps/courseware/access.py`` ``has_access(user, "staff", course_key)``, which is
  true for the course's staff and instructors and for global staff (the LMS gives blocks
  ``user_is_staff`` from the same call, ``lms/djangoapps/courseware/block_render.py``);
- anonymous id: ``common/djangoapps/student/models/user.py`` ``anonymous_id_for_user(user, course_id)``, the id
  the LMS hands blocks as ``edx-platform.anonymous_user_id`` and that the suite's tables are keyed by;
- learners: ``CourseEnrollment.objects.users_enrolled_in(course_id)`` (active enrollments), without the
  course team (``student.CourseAccessRole`` rows of the course) and global staff.

``WIKILEARN_ENROLLMENT_CHECK`` / ``WIKILEARN_STAFF_CHECK`` are the suite-wide names of the checks the
recordings app introduced as ``WIKILEARN_RECORDINGS_ENROLLMENT_CHECK`` / ``_STAFF_CHECK``: those stay
as aliases (used when the suite-wide name is not set).
"""

from django.conf import settings
from django.utils.module_loading import import_string
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

# setting -> (older alias, LMS default)
FUNCTIONS = {
    "WIKILEARN_ENROLLMENT_CHECK": ("WIKILEARN_RECORDINGS_ENROLLMENT_CHECK",
                                   "openedx_plugins.wikilearn.platform.lms_is_enrolled"),
    "WIKILEARN_STAFF_CHECK": ("WIKILEARN_RECORDINGS_STAFF_CHECK",
                              "openedx_plugins.wikilearn.platform.lms_is_course_staff"),
    "WIKILEARN_ANONYMOUS_ID": (None, "openedx_plugins.wikilearn.platform.lms_anonymous_id"),
    "WIKILEARN_COURSE_LEARNERS": (None, "openedx_plugins.wikilearn.platform.lms_course_learners"),
}


def function(name):
    """The callable named by setting ``name`` (else its alias, else the LMS default)."""
    alias, default = FUNCTIONS[name]
    path = getattr(settings, name, None) or (getattr(settings, alias, None) if alias else None) or default
    return import_string(path)


def parse_course_key(text):
    """The CourseKey in ``text``, or None when it is not a course key."""
    try:
        return CourseKey.from_string(str(text))
    except InvalidKeyError:
        return None


def is_enrolled(user, course_key):
    """Whether ``user`` (logged in) has an active enrollment in ``course_key``."""
    return bool(user.is_authenticated and function("WIKILEARN_ENROLLMENT_CHECK")(user, str(course_key)))


def is_course_staff(user, course_key):
    """Whether ``user`` (logged in, active) is on the course team of ``course_key`` (global staff included)."""
    return bool(user.is_authenticated and user.is_active
                and function("WIKILEARN_STAFF_CHECK")(user, str(course_key)))


def anonymous_id(user, course_key):
    """The anonymous id the suite's tables know ``user`` by in ``course_key``."""
    return function("WIKILEARN_ANONYMOUS_ID")(user, str(course_key))


def course_learners(course_key):
    """A queryset of the course's enrolled learners (Django users), for paging and searching by username."""
    return function("WIKILEARN_COURSE_LEARNERS")(str(course_key))


# -- the LMS defaults (edx-platform only) -------------------------------------------------------
def lms_is_enrolled(user, course_key):
    """``CourseEnrollment.is_enrolled(user, course_key)``."""
    from common.djangoapps.student.models import CourseEnrollment  # noqa: PLC0415 - edx-platform only

    return CourseEnrollment.is_enrolled(user, CourseKey.from_string(str(course_key)))


def lms_is_course_staff(user, course_key):
    """``has_access(user, "staff", course_key)`` (course staff, instructors, global staff)."""
    from lms.djangoapps.courseware.access import has_access  # noqa: PLC0415 - edx-platform only

    return bool(has_access(user, "staff", CourseKey.from_string(str(course_key))))


def lms_anonymous_id(user, course_key):
    """``anonymous_id_for_user(user, course_key)``: stored in ``AnonymousUserId`` on first use."""
    from common.djangoapps.student.models import anonymous_id_for_user  # noqa: PLC0415 - edx-platform only

    return anonymous_id_for_user(user, CourseKey.from_string(str(course_key)))


def lms_course_learners(course_key):
    """Active enrollments of the course, without its course team and global staff."""
    from common.djangoapps.student.models import CourseEnrollment  # noqa: PLC0415 - edx-platform only

    key = CourseKey.from_string(str(course_key))
    return (CourseEnrollment.objects.users_enrolled_in(key)
            .exclude(courseaccessrole__course_id=key).exclude(is_staff=True))


def course_name(course_key):
    """The course's display name in the LMS (``CourseOverview``, imported lazily); '' elsewhere."""
    try:
        from openedx.core.djangoapps.content.course_overviews.models import CourseOverview  # noqa: PLC0415
    except ImportError:
        return ""
    overview = CourseOverview.objects.filter(id=CourseKey.from_string(str(course_key))).only("display_name").first()
    return overview.display_name if overview else ""


def course_home_url(course_key):
    """Where the course's home is (LMS: ``openedx/features/course_experience`` ``course_home_url``); the
    site's root elsewhere."""
    try:
        from openedx.features.course_experience import course_home_url as lms_course_home  # noqa: PLC0415
    except ImportError:
        return "/"
    return lms_course_home(CourseKey.from_string(str(course_key)))
