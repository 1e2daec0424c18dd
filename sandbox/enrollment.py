"""The sandbox's enrollment and course-staff checks for the recordings app.

The LMS answers these with ``CourseEnrollment`` and ``has_access``; the sandbox has one course and
keeps both facts on ``LearnerProfile``. Named by ``WIKILEARN_RECORDINGS_ENROLLMENT_CHECK`` and
``WIKILEARN_RECORDINGS_STAFF_CHECK`` in sandbox/settings.py.
"""

from django.conf import settings

from sandbox.models import LearnerProfile


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
