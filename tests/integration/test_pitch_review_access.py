"""Who may read and do what in the pitch review: anonymous, learner, other learner, reviewer, staff."""

import pytest

from openedx_plugins.wikilearn.models.pitch_review import Pitch, PitchAllocation, ReviewAssignment
from tests.integration.pitch_review_support import OLX, PHASE_ONE, aid, review, submit, upload
from xblocks.common.runtime.access import AUTHOR, LEARNER, STAFF, access_matrix
from xblocks.pitch_review.block import PitchReviewBlock

pytestmark = pytest.mark.django_db
EXPECTED = {
    "pitch_state": LEARNER, "submit_pitch": LEARNER, "submit_review": LEARNER, "upload_attachment": LEARNER,
    "attachment": LEARNER, "staff_overview": STAFF, "assign_reviewers": STAFF, "reassign": STAFF,
    "set_withdrawn": STAFF, "release_feedback": STAFF, "assess": STAFF, "export_csv": STAFF,
    "save_translations": AUTHOR,
    "submit_studio_edits": AUTHOR,
}
STAFF_HANDLERS = [name for name, level in EXPECTED.items() if level == STAFF]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def group(blocks, users):
    """learner_1..3 submitted (learner_1 with a file) and were allocated: each reviews the other two.

    learner_4 submitted nothing and reviews nothing.
    """
    usage = blocks.create(OLX)
    file = upload(blocks, usage, users["learner_1"]).json
    assert submit(blocks, usage, users["learner_1"], files=[file]).status == 200
    for name in ("learner_2", "learner_3"):
        submit(blocks, usage, users[name])
    assert blocks.call(usage, "assign_reviewers", {"mode": "auto"}, user=users["staff_1"]).status == 200
    ids = {name: aid(blocks, usage, users[name]) for name in ("learner_1", "learner_2", "learner_3", "learner_4")}
    return usage, ids, file


def call_all(blocks, usage, user, presenter):
    data = {"presenter": presenter, "mode": "auto", "level": "good", "version": 0, "phase": 1,
            "decision": "would_partner", "partner": "P", "ask": "A", "links": ["https://example.org"]}
    results = {}
    for handler in EXPECTED:
        if handler == "upload_attachment":
            result = upload(blocks, usage, user)
        elif handler in ("attachment", "export_csv"):
            result = blocks.call(usage, handler, method="GET", user=user, query="key=wikilearn/x")
        else:
            result = blocks.call(usage, handler, data, user=user)
        results[handler] = (result.status, result.json.get("error_code") if result.json else None)
    return results


def test_every_handler_declares_its_level():
    assert {name: level for name, (level, _kind) in access_matrix(PitchReviewBlock).items()} == EXPECTED


def test_anonymous_visitor_gets_login_required_everywhere(blocks, users, group):
    usage, ids, _file = group
    before = (Pitch.objects.count(), ReviewAssignment.objects.count())
    assert set(call_all(blocks, usage, None, ids["learner_1"]).values()) == {(403, "login_required")}
    assert (Pitch.objects.count(), ReviewAssignment.objects.count()) == before


@pytest.mark.parametrize("username", ["learner_1", "learner_2", "learner_4"])
def test_learners_get_not_staff_on_every_staff_handler(blocks, users, group, username):
    usage, ids, _file = group
    allocation_before = PitchAllocation.objects.values_list("allocated_at", flat=True).get()
    results = call_all(blocks, usage, users[username], ids["learner_1"])
    for handler in STAFF_HANDLERS:
        assert results[handler] == (403, "not_staff"), handler
    assert PitchAllocation.objects.values_list("allocated_at", flat=True).get() == allocation_before
    assert not Pitch.objects.filter(grade_level__gt="").exists()


def test_a_reviewer_reads_only_the_pitches_assigned_to_them(blocks, users, group):
    usage, ids, file = group
    reviewer = users["learner_2"]
    state = blocks.call(usage, "pitch_state", {}, user=reviewer).json
    assert {t["presenter_username"] for t in state["reviews"]} == {"learner_1", "learner_3"}
    one = blocks.call(usage, "pitch_state", {"presenter": ids["learner_1"]}, user=reviewer)
    assert one.status == 200 and one.json["task"]["pitch"]["files"][0]["name"] == "slides.pdf"
    # Only the reviewer's own review, never the other reviewer's.
    assert review(blocks, usage, users["learner_3"], ids["learner_1"], PHASE_ONE).status == 200
    one = blocks.call(usage, "pitch_state", {"presenter": ids["learner_1"]}, user=reviewer).json
    assert one["task"]["phase_one"] is None and "reviews" not in one["task"]
    download = blocks.call(usage, "attachment", method="GET", user=reviewer, query=f"key={file['key']}")
    assert download.status == 200 and download.response.body == b"%PDF-1.4 pitch"


def test_other_learners_read_nothing(blocks, users, group):
    usage, ids, file = group
    other = users["learner_4"]
    state = blocks.call(usage, "pitch_state", {}, user=other).json
    assert state["my_pitch"] is None and state["reviews"] == []
    refused = blocks.call(usage, "pitch_state", {"presenter": ids["learner_1"]}, user=other)
    assert (refused.status, refused.json["error_code"]) == (403, "not_assigned")
    download = blocks.call(usage, "attachment", method="GET", user=other, query=f"key={file['key']}")
    assert (download.status, download.json["error_code"]) == (403, "not_yours")
    sent = review(blocks, usage, other, ids["learner_1"], PHASE_ONE)
    assert (sent.status, sent.json["error_code"]) == (403, "not_assigned")
    assert not ReviewAssignment.objects.filter(reviewer=ids["learner_4"]).exists()


def test_a_presenter_reads_no_review_before_release(blocks, users, group):
    usage, ids, _file = group
    for name in ("learner_2", "learner_3"):
        review(blocks, usage, users[name], ids["learner_1"], PHASE_ONE)
    presenter = users["learner_1"]
    mine = blocks.call(usage, "pitch_state", {}, user=presenter).json["my_pitch"]
    assert mine["feedback"] is None and "would_need_more" not in str(mine)
    # Asking for another pitch they review gives only their own task, never their own feedback.
    other = blocks.call(usage, "pitch_state", {"presenter": ids["learner_2"]}, user=presenter).json
    assert set(other) == {"task", "rubric"} and other["task"]["presenter_username"] == "learner_2"
    self_review = review(blocks, usage, presenter, ids["learner_1"], PHASE_ONE)
    assert (self_review.status, self_review.json["error_code"]) == (400, "self_review")


def test_staff_read_any_pitch_and_every_review(blocks, users, group):
    usage, ids, _file = group
    review(blocks, usage, users["learner_2"], ids["learner_1"], PHASE_ONE)
    one = blocks.call(usage, "pitch_state", {"presenter": ids["learner_1"]}, user=users["staff_1"]).json["pitch"]
    assert len(one["reviews"]) == 2 and one["history"][0]["partner"] == "City Museum"
    assert sum(1 for r in one["reviews"] if r["phase_one"]) == 1
