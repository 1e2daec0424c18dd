"""Defaults for every environment. Every setting is read at call time and can be overridden."""

from openedx_plugins.wikilearn.settings.auth import add_mediawiki_backends

SETTING_DEFAULTS = {
    # Largest answer a learner may submit, in characters.
    "WIKILEARN_MAX_ANSWER_LENGTH": 50_000,
    # Learner files in default_storage live under this prefix (rubric attachments, pitch materials).
    "WIKILEARN_UPLOAD_PREFIX": "wikilearn",
    # Rows per page of staff lists (the rubric grading queue).
    "WIKILEARN_STAFF_PAGE_SIZE": 25,
    # Timezone poll: how many ranked candidate sessions staff see (with names), best first.
    "WIKILEARN_TIMEZONE_POLL_RANKED": 20,
    # Course pages (inbox, progress, showcase): rows per page.
    "WIKILEARN_COURSE_PAGE_SIZE": 50,
    # Progress grid: a learner with no submission for this many days is highlighted.
    "WIKILEARN_IDLE_DAYS": 14,
    # The platform, as dotted paths of functions (openedx_plugins/wikilearn/platform.py). None: the LMS's
    # own (CourseEnrollment.is_enrolled, has_access(user, "staff", key), anonymous_id_for_user,
    # CourseEnrollment.objects.users_enrolled_in). The two checks fall back to the recordings app's
    # older names WIKILEARN_RECORDINGS_ENROLLMENT_CHECK / _STAFF_CHECK when set.
    "WIKILEARN_ENROLLMENT_CHECK": None,   # f(user, course_key: str) -> bool
    "WIKILEARN_STAFF_CHECK": None,        # f(user, course_key: str) -> bool
    "WIKILEARN_ANONYMOUS_ID": None,       # f(user, course_key: str) -> str
    "WIKILEARN_COURSE_LEARNERS": None,    # f(course_key: str) -> QuerySet of users
    # f(course_key: str, user) -> [SuiteBlock] | None (content_source.py); None: the LMS course structure.
    "WIKILEARN_COURSE_OUTLINE": None,
}


def add_outline_fields(settings):
    """Ask the LMS to collect the block settings the course pages read (``COURSE_BLOCKS_API_EXTRA_FIELDS``).

    edx-platform ``lms/envs/common.py`` defines the list (empty); ``ExtraFieldsTransformer`` collects
    each ``(block type, field)`` into the course block structure when a course is published.
    """
    from openedx_plugins.wikilearn.content_source import OUTLINE_FIELDS  # noqa: PLC0415 - no Django models

    current = list(getattr(settings, "COURSE_BLOCKS_API_EXTRA_FIELDS", None) or [])
    for block_type, names in OUTLINE_FIELDS.items():
        current += [(block_type, name) for name in names if (block_type, name) not in current]
    settings.COURSE_BLOCKS_API_EXTRA_FIELDS = current


def plugin_settings(settings):
    """Add the suite's defaults without overriding what the operator set."""
    add_mediawiki_backends(settings)
    add_outline_fields(settings)
    for name, value in SETTING_DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
