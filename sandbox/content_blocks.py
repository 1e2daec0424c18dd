"""The sandbox's suite blocks for ``WIKILEARN_CONTENT_BLOCKS``: the workbench scenarios of its one course."""

from django.conf import settings

from openedx_plugins.wikilearn.content_source import SUITE_BLOCK_TYPES, CourseBlocks
from sandbox.runtime import SandboxRuntime
from sandbox.services import STUDIO
from sandbox.views import loaded_scenarios


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
