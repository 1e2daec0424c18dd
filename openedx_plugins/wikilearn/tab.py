"""Course tabs (entry point ``openedx.course_tab``): "Course inbox" for the course team, "My feedback"
for learners.

Both are dynamic tabs: edx-platform ``lms/djangoapps/courseware/tabs.py`` ``_get_dynamic_tabs`` builds
each registered tab type with ``tab_type({})`` and shows it when ``is_enabled(course, user=user)``;
the tab links to ``reverse(view_name, args=[course id])`` (``xmodule/tabs.py`` ``CourseTab.link_func``).
edx-platform's classes are imported lazily so this module imports without it.
"""

from django.utils.translation import gettext_lazy

from openedx_plugins.wikilearn import platform

try:  # pragma: no cover - only inside edx-platform
    from lms.djangoapps.courseware.tabs import EnrolledTab as _LearnerBase
    from xmodule.tabs import CourseTab as _StaffBase
except ImportError:  # the sandbox and tests have no edx-platform
    _LearnerBase = _StaffBase = object


def course_has_suite_blocks(course_key, user):
    """Whether the course's outline holds any suite block (as ``user`` sees it)."""
    from openedx_plugins.wikilearn.content_source import course_outline  # noqa: PLC0415 - apps ready

    return bool(course_outline(str(course_key), user))


def course_has_learner_work(course_key):
    """Whether any learner submitted to a suite assignment of the course (the learners' tab shows then)."""
    from openedx_plugins.wikilearn.models import Pitch, RubricSubmission  # noqa: PLC0415 - apps ready

    key = str(course_key)
    return RubricSubmission.objects.filter(course_key=key).exists() or Pitch.objects.filter(course_key=key).exists()


class CourseInboxTab(_StaffBase):
    """What waits for the course team across the course's suite blocks (staff only)."""

    type = "wikilearn_course_inbox"
    title = gettext_lazy("Course inbox")
    priority = 70
    view_name = "wikilearn:course_inbox"
    is_dynamic = True
    is_hideable = False

    @classmethod
    def is_enabled(cls, course, user=None):
        """Shown to the course team of courses that use suite blocks."""
        return bool(user is not None and platform.is_course_staff(user, course.id)
                    and course_has_suite_blocks(course.id, user))


class MyFeedbackTab(_LearnerBase):
    """A learner's own submissions across the course with the feedback released to them."""

    type = "wikilearn_my_feedback"
    title = gettext_lazy("My feedback")
    priority = 71
    view_name = "wikilearn:course_feedback"
    is_dynamic = True

    @classmethod
    def is_enabled(cls, course, user=None):
        """Shown to enrolled learners (the base class's rule), not the course team, once work was submitted."""
        base = getattr(super(), "is_enabled", None)
        if base is not None and not base(course, user=user):
            return False
        if user is None or not user.is_authenticated or platform.is_course_staff(user, course.id):
            return False
        return course_has_learner_work(course.id)
