"""One access matrix for every handler of every suite block, for every kind of caller and surface.

Each handler declares its level (xblocks/common/ACCESS.md); here every handler is called by:
a visitor, a learner and course staff in the LMS, an author and a non-author in Studio's editor,
and an author in Studio's preview. An access refusal must be the declared 403, and never write.
"""

import pytest
from django.apps import apps

from xblocks.common.runtime.access import AUTHOR, LEARNER, STAFF, access_matrix, undeclared_handlers
from xblocks.pitch_review.block import PitchReviewBlock
from xblocks.rubric.block import RubricBlock
from xblocks.timezone_poll.block import TimezonePollBlock

pytestmark = pytest.mark.django_db

BLOCKS = {
    "wikilearn_rubric": RubricBlock,
    "wikilearn_pitch_review": PitchReviewBlock,
    "wikilearn_timezone_poll": TimezonePollBlock,
}
ACCESS_CODES = {"login_required", "not_staff", "course_only", "preview_only", "studio_only", "not_author"}
# (user, surface) -> the refusal each level gets (None: allowed past the access check).
CALLERS = {
    "visitor": (None, "lms", {LEARNER: "login_required", STAFF: "login_required", AUTHOR: "login_required"}),
    "learner": ("learner_1", "lms", {LEARNER: None, STAFF: "not_staff", AUTHOR: "studio_only"}),
    "staff": ("staff_1", "lms", {LEARNER: None, STAFF: None, AUTHOR: "studio_only"}),
    "author": ("staff_1", "studio", {LEARNER: "course_only", STAFF: "course_only", AUTHOR: None}),
    "non-author": ("learner_1", "studio", {LEARNER: "course_only", STAFF: "course_only", AUTHOR: "not_author"}),
    "preview": ("staff_1", "preview", {LEARNER: None, STAFF: "not_staff", AUTHOR: "studio_only"}),
}


def row_counts():
    """Rows of every suite table (what a refused call must not change)."""
    return {model.__name__: model.objects.count() for model in apps.get_app_config("wikilearn").get_models()}


@pytest.mark.parametrize("block_class", BLOCKS.values())
def test_every_handler_declares_a_level(block_class):
    assert undeclared_handlers(block_class) == []
    levels = {level for level, _kind in access_matrix(block_class).values()}
    assert levels == {LEARNER, STAFF, AUTHOR}
    assert access_matrix(block_class)["submit_studio_edits"] == (AUTHOR, "json")
    assert access_matrix(block_class)["save_translations"] == (AUTHOR, "json")


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize("block_type", sorted(BLOCKS))
def test_matrix(blocks, users, block_type, caller):
    username, surface, refusals = CALLERS[caller]
    user = users[username] if username else None
    usage = blocks.create(f"<{block_type}/>")
    for handler, (level, kind) in sorted(access_matrix(BLOCKS[block_type]).items()):
        writes = getattr(getattr(BLOCKS[block_type], handler), "wikilearn_writes", False)
        expected = refusals[level]
        if caller == "preview" and level == LEARNER and writes:
            expected = "preview_only"
        before = row_counts()
        method = "GET" if kind == "plain" and handler != "upload_attachment" else "POST"
        result = blocks.call(usage, handler, {}, user=user, method=method, surface=surface)
        code = (result.json or {}).get("error_code") if result.json else None
        if expected:
            assert (result.status, code) == (403, expected), (handler, caller)
            assert row_counts() == before, (handler, caller)
        else:
            assert not (result.status == 403 and code in ACCESS_CODES), (handler, caller, code)
            assert result.status < 500, (handler, caller)
