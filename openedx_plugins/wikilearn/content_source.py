"""Where the suite's blocks of a course come from, for tools that work on course content.

``WIKILEARN_CONTENT_BLOCKS`` names (dotted path) a function ``f(course_key) -> CourseBlocks``: the
suite blocks of that course and a way to save one after changing its content. The default reads
the LMS/Studio modulestore; the sandbox points it at its workbench scenarios
(``sandbox.content_blocks.scenario_blocks``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

SUITE_BLOCK_TYPES = ("wikilearn_rubric", "wikilearn_pitch_review", "wikilearn_timezone_poll")
DEFAULT_SOURCE = "openedx_plugins.wikilearn.content_source.modulestore_blocks"


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
