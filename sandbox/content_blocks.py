"""The sandbox's course structure for ``WIKILEARN_CONTENT_BLOCKS`` and ``WIKILEARN_COURSE_OUTLINE``: the
workbench scenarios of its one course."""

from django.conf import settings
from django.urls import reverse

from openedx_plugins.wikilearn.content_source import OUTLINE_FIELDS, SUITE_BLOCK_TYPES, CourseBlocks, SuiteBlock
from sandbox.runtime import SandboxRuntime
from sandbox.services import LMS, STUDIO
from sandbox.views import loaded_scenarios, suite_scenarios

# The sandbox course in course order (the pilot's): the live-session poll first, then weeks 1, 3 and 8.
COURSE_ORDER = ("wikilearn_timezone_poll.0", "wikilearn_rubric.0", "wikilearn_rubric.1", "wikilearn_pitch_review.0")


def _walk(runtime, usage_id):
    block = runtime.get_block(usage_id)
    yield block
    for child in getattr(block, "children", None) or []:
        yield from _walk(runtime, child)


def scenario_blocks(course_key):
    """Every suite block of the sandbox scenarios when ``course_key`` is the sandbox course, saved in place."""
    if str(course_key) != settings.WIKILEARN_SANDBOX_COURSE:
        return CourseBlocks([])
    runtime = SandboxRuntime(surface=STUDIO)  # content is written where Studio writes it
    blocks = []
    for scenario_id, scenario in sorted(loaded_scenarios().items()):
        if scenario_id.startswith("wikilearn_"):
            blocks.extend(b for b in _walk(runtime, scenario.usage_id) if b.scope_ids.block_type in SUITE_BLOCK_TYPES)
    return CourseBlocks(blocks, lambda block: block.save())


def scenario_outline(course_key, user=None):
    """The sandbox course's suite blocks in course order; each scenario page is both the block's unit and
    the block alone. None for any other course (the sandbox knows no other)."""
    if str(course_key) != settings.WIKILEARN_SANDBOX_COURSE:
        return None
    runtime = SandboxRuntime(surface=LMS)
    scenarios = sorted(suite_scenarios(), key=lambda item: (
        COURSE_ORDER.index(item[0]) if item[0] in COURSE_ORDER else len(COURSE_ORDER), item[0]))
    outline = []
    for scenario_id, scenario in scenarios:
        block = runtime.get_block(scenario.usage_id)
        if block.scope_ids.block_type not in SUITE_BLOCK_TYPES:
            continue
        url = reverse("sandbox:scenario", kwargs={"scenario_id": scenario_id})
        outline.append(SuiteBlock(
            usage_id=str(block.scope_ids.usage_id), block_type=block.scope_ids.block_type,
            title=block.display_name, position=len(outline), unit_url=url, block_url=url,
            fields={name: getattr(block, name) for name in OUTLINE_FIELDS[block.scope_ids.block_type]}))
    return outline
