"""Where the suite's blocks of a course come from: the platform's course structure.

Two functions, each named by a setting (dotted path), so the sandbox names its own:

- ``WIKILEARN_CONTENT_BLOCKS``: ``f(course_key) -> CourseBlocks``, the suite blocks of a course as
  block objects and a way to save one after changing its content (the content-translation tools).
  The default reads the LMS/Studio modulestore; the sandbox uses its workbench scenarios
  (``sandbox.content_blocks.scenario_blocks``).
- ``WIKILEARN_COURSE_OUTLINE``: ``f(course_key, user) -> [SuiteBlock] | None``, the suite blocks in
  course order with the URL of the unit holding each, for the course pages (inbox, progress,
  showcase). It never loads the blocks: the default reads the LMS's course block structure
  (cached, collected at publish), the sandbox its scenarios in the order its course lists them
  (``sandbox.content_blocks.scenario_outline``). None means the platform knows no such course.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

SUITE_BLOCK_TYPES = ("wikilearn_rubric", "wikilearn_pitch_review", "wikilearn_timezone_poll")
DEFAULT_SOURCE = "openedx_plugins.wikilearn.content_source.modulestore_blocks"
DEFAULT_OUTLINE = "openedx_plugins.wikilearn.content_source.platform_outline"
# Block settings the course pages use, per block type. In the LMS they reach the block structure through
# COURSE_BLOCKS_API_EXTRA_FIELDS (lms/djangoapps/course_api/blocks/transformers/extra_fields.py
# ExtraFieldsTransformer.collect, run by BlocksAPITransformer.collect at every collection), which the
# suite's plugin settings extend (settings/common.py).
OUTLINE_FIELDS = {
    "wikilearn_rubric": ("allow_resubmission", "max_attempts"),
    "wikilearn_pitch_review": ("review_deadline", "scale"),
    "wikilearn_timezone_poll": (),
}


@dataclass(frozen=True)
class SuiteBlock:
    """One suite block of a course, where it sits (``position``, 0 first) and how to reach it.

    ``unit_url`` opens the unit that holds the block (LMS: ``jump_to``); ``block_url`` opens the block
    alone (LMS: ``render_xblock``), where its staff view can open one learner's work.
    """

    usage_id: str
    block_type: str
    title: str
    position: int
    unit_url: str
    block_url: str
    fields: dict = field(default_factory=dict)


def course_outline(course_key, user):
    """The course's suite blocks in course order as :class:`SuiteBlock` s, or None for an unknown course."""
    source = import_string(getattr(settings, "WIKILEARN_COURSE_OUTLINE", None) or DEFAULT_OUTLINE)
    return source(str(course_key), user)


def platform_outline(course_key, user):
    """The LMS's course structure, read as ``user`` sees it (course staff see every block).

    ``lms/djangoapps/course_blocks/api.py`` ``get_course_blocks(user, root usage key)`` returns the
    course's block structure, collected from the modulestore at publish and cached
    (``openedx/core/djangoapps/content/block_structure``), transformed for ``user``; the blocks are
    walked depth first in the children's order, which is the course order. ``display_name`` is
    collected by ``BlocksAPITransformer``. ``jump_to`` (``lms/urls.py``;
    ``courseware/views/views.py`` ``jump_to`` redirects to the unit holding a block) and
    ``render_xblock`` (``/xblock/<usage key>``, the block alone) are the LMS's own URLs.
    """
    from django.urls import reverse  # noqa: PLC0415
    from lms.djangoapps.course_blocks.api import get_course_blocks  # noqa: PLC0415 - edx-platform only
    from opaque_keys.edx.keys import CourseKey  # noqa: PLC0415
    from xmodule.modulestore.django import modulestore  # noqa: PLC0415

    key, store = CourseKey.from_string(str(course_key)), modulestore()
    if not store.has_course(key):
        return None
    structure = get_course_blocks(user, store.make_course_usage_key(key))
    found, stack = [], [structure.root_block_usage_key]
    while stack:
        usage = stack.pop()
        stack.extend(reversed(structure.get_children(usage)))
        if usage.block_type in SUITE_BLOCK_TYPES:
            found.append(SuiteBlock(
                usage_id=str(usage), block_type=usage.block_type, position=len(found),
                title=structure.get_xblock_field(usage, "display_name") or "",
                unit_url=reverse("jump_to", kwargs={"course_id": str(key), "location": str(usage)}),
                block_url=reverse("render_xblock", kwargs={"usage_key_string": str(usage)}),
                fields={name: structure.get_xblock_field(usage, name) for name in OUTLINE_FIELDS[usage.block_type]},
            ))
    return found


@dataclass
class CourseBlocks:
    """The suite blocks of one course, and ``save(block)`` to store one after a change."""

    blocks: list = field(default_factory=list)
    save: Callable = lambda block: block.save()


def course_blocks(course_key):
    """The :class:`CourseBlocks` of ``course_key`` from the function ``WIKILEARN_CONTENT_BLOCKS`` names."""
    source = import_string(getattr(settings, "WIKILEARN_CONTENT_BLOCKS", DEFAULT_SOURCE))
    found = source(str(course_key))
    if not isinstance(found, CourseBlocks):
        found = CourseBlocks(list(found))
    found.blocks = [block for block in found.blocks if hasattr(block, "translatable_content")]
    return found


def modulestore_blocks(course_key):
    """The course's suite blocks from the modulestore (draft branch), saved back as the command user.

    Saved changes land in the draft, as an edit in Studio does: publish the units to show them.
    """
    from opaque_keys.edx.keys import CourseKey
    from xmodule.modulestore import ModuleStoreEnum
    from xmodule.modulestore.django import modulestore

    store, key = modulestore(), CourseKey.from_string(str(course_key))
    blocks = []
    with store.branch_setting(ModuleStoreEnum.Branch.draft_preferred, key):
        for category in SUITE_BLOCK_TYPES:
            blocks.extend(store.get_items(key, qualifiers={"category": category}))

    def save(block):
        # branch_setting is a context manager (xmodule/modulestore/mixed.py MixedModuleStore.branch_setting):
        # outside it the store falls back to the service's MODULESTORE_BRANCH (xmodule/modulestore/django.py
        # _get_modulestore_branch_setting), "published-only" under `lms`, so a save there would write the
        # published copy and the next Studio publish would undo it. Each save enters the draft branch itself.
        with store.branch_setting(ModuleStoreEnum.Branch.draft_preferred, key):
            return store.update_item(block, ModuleStoreEnum.UserID.mgmt_command)

    return CourseBlocks(blocks, save)
