"""The sandbox's answers to what the suite's pages ask the platform (``openedx_plugins/wikilearn/platform.py``).

The LMS answers these with ``CourseEnrollment``, ``has_access`` and ``anonymous_id_for_user``; the
sandbox has one course and keeps enrollment and the course role on ``LearnerProfile``. Named by
``WIKILEARN_ENROLLMENT_CHECK``, ``WIKILEARN_STAFF_CHECK``, ``WIKILEARN_ANONYMOUS_ID`` and
``WIKILEARN_COURSE_LEARNERS`` in sandbox/settings.py.
"""

from django.conf import settings
from django.contrib.auth import get_user_model

from sandbox.models import LearnerProfile
from sandbox.services import anonymous_id_for


def _profile(user, course_key):
    if str(course_key) != settings.WIKILEARN_SANDBOX_COURSE:
        return None
    return LearnerProfile.objects.filter(user=user).first()


def is_enrolled(user, course_key):
    """Whether ``user`` is enrolled in the sandbox course ``course_key``."""
    profile = _profile(user, course_key)
    return bool(profile and profile.enrolled)


def is_course_staff(user, course_key):
    """Whether ``user`` is on the course team of ``course_key`` (global staff count, as in the LMS)."""
    if user.is_staff or user.is_superuser:
        return True
    profile = _profile(user, course_key)
    return bool(profile and profile.role in ("staff", "instructor"))


def anonymous_id(user, course_key):
    """The user's anonymous id in the course, as the sandbox's user service gives it to blocks."""
    return anonymous_id_for(user, str(course_key))


def course_learners(course_key):
    """Enrolled learners of the sandbox course (``users_enrolled_in`` without the course team)."""
    users = get_user_model().objects
    if str(course_key) != settings.WIKILEARN_SANDBOX_COURSE:
        return users.none()
    return users.filter(sandbox_profile__enrolled=True, sandbox_profile__role="student", is_staff=False,
                        is_superuser=False, is_active=True)
