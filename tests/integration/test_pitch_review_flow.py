"""The pitch review block through the sandbox runtime: submit, allocate, review, grade, release."""

import datetime

import pytest

from openedx_plugins.wikilearn.models.pitch_review import Pitch, PitchVersion, ReviewAssignment
from sandbox.models import PublishedEvent
from tests.gradebook import gradebook_score, submissions_score
from tests.integration.pitch_review_support import OLX, PHASE_ONE, PHASE_TWO, aid, review, submit, upload

pytestmark = pytest.mark.django_db
LEARNERS = ["learner_1", "learner_2", "learner_3", "learner_4"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def usage(blocks):
    return blocks.create(OLX)


@pytest.fixture
def submitted(blocks, usage, users):
    """Four learners submitted; returns {username: anonymous id}."""
    for name in LEARNERS:
        assert submit(blocks, usage, users[name]).status == 200
    return {name: aid(blocks, usage, users[name]) for name in LEARNERS}


def state(blocks, usage, user, **data):
    return blocks.call(usage, "pitch_state", data, user=user)


def test_one_full_group_from_submission_to_released_feedback(blocks, usage, users, submitted):
    staff, presenter = users["staff_1"], users["learner_1"]
    result = blocks.call(usage, "assign_reviewers", {"mode": "auto", "seed": 7}, user=staff)
    assert result.status == 200 and result.json["mode"] == "auto"
    peers = result.json["groups"][submitted["learner_1"]]
    names = {v: k for k, v in submitted.items()}
    assert len(set(peers)) == 2 and submitted["learner_1"] not in peers

    for peer in peers:
        user = users[names[peer]]
        tasks = state(blocks, usage, user).json["reviews"]
        task = next(t for t in tasks if t["presenter"] == submitted["learner_1"])
        assert task["pitch"]["partner"] == "City Museum" and task["state"] == "pending"
        early = review(blocks, usage, user, submitted["learner_1"], PHASE_TWO)
        assert (early.status, early.json["error_code"]) == (400, "phase_one_first")
        assert review(blocks, usage, user, submitted["learner_1"], PHASE_ONE).status == 200
        assert review(blocks, usage, user, submitted["learner_1"], PHASE_TWO).json["review"]["state"] == "done"
    # The instructor fills both phases too.
    assert review(blocks, usage, staff, submitted["learner_1"], PHASE_ONE).status == 200
    assert review(blocks, usage, staff, submitted["learner_1"], PHASE_TWO).status == 200

    # Nothing reaches the presenter before the release.
    mine = state(blocks, usage, presenter).json["my_pitch"]
    assert mine["feedback"] is None and not mine["released"]
    refused = blocks.call(usage, "release_feedback", {"presenter": submitted["learner_1"], "version": 0}, user=staff)
    assert (refused.status, refused.json["error_code"]) == (400, "grade_missing")
    graded = blocks.call(usage, "assess", {"presenter": submitted["learner_1"], "level": "good",
                                           "comment": "A convincing ask.", "version": 0}, user=staff)
    assert graded.status == 200 and graded.json["pitch"]["grade"]["points"] == 2
    assert submissions_score(blocks, usage, presenter) is None  # graded, not released: nothing in the gradebook
    released = blocks.call(usage, "release_feedback", {"presenter": submitted["learner_1"], "version": 1}, user=staff)
    assert released.status == 200
    assert submissions_score(blocks, usage, presenter) == (2, 3) and gradebook_score(presenter, usage) == (2, 3)
    regraded = blocks.call(usage, "assess", {"presenter": submitted["learner_1"], "level": "excellent",
                                             "comment": "A convincing ask.", "version": 2}, user=staff)
    assert regraded.status == 200 and gradebook_score(presenter, usage) == (3, 3)
    assert not PublishedEvent.objects.filter(event_type="grade").exists()

    feedback = state(blocks, usage, presenter).json["my_pitch"]["feedback"]
    assert feedback["grade"]["comment"] == "A convincing ask."
    assert [r["role"] for r in feedback["reviews"]] == ["instructor", "peer", "peer"]
    assert feedback["reviews"][0]["reviewer"] == "Instructor: staff_1"
    assert {r["reviewer"].split(": ")[1] for r in feedback["reviews"][1:]} == {names[p] for p in peers}
    assert all(r["phase_one"]["decision"] == "would_need_more" and r["phase_two"]["levels"]["value"] == "good"
               for r in feedback["reviews"])


def test_reviewer_names_hidden_when_the_author_says_so(blocks, users, settings):
    usage = blocks.create(OLX.replace("<wikilearn_pitch_review", '<wikilearn_pitch_review show_reviewer_names="false"'))
    ids = {}
    for name in LEARNERS[:3]:
        submit(blocks, usage, users[name])
        ids[name] = aid(blocks, usage, users[name])
    groups = blocks.call(usage, "assign_reviewers", {"mode": "auto"}, user=users["staff_1"]).json["groups"]
    names = {v: k for k, v in ids.items()}
    for peer in groups[ids["learner_1"]]:
        review(blocks, usage, users[names[peer]], ids["learner_1"], PHASE_ONE)
    blocks.call(usage, "assess", {"presenter": ids["learner_1"], "level": "excellent"}, user=users["staff_1"])
    blocks.call(usage, "release_feedback", {"presenter": ids["learner_1"], "version": 1}, user=users["staff_1"])
    feedback = state(blocks, usage, users["learner_1"]).json["my_pitch"]["feedback"]
    assert [r["reviewer"] for r in feedback["reviews"]] == ["Peer 1", "Peer 2"]
    assert "learner_" not in str(feedback)


def test_every_version_is_kept_and_editing_stops_at_the_deadline(blocks, users):
    usage = blocks.create(OLX)
    learner = users["learner_1"]
    file = upload(blocks, usage, learner).json
    assert submit(blocks, usage, learner, files=[file], links=[]).json["version"] == 1
    assert submit(blocks, usage, learner, partner="National Library").json["version"] == 2
    versions = state(blocks, usage, learner).json["my_pitch"]["versions"]
    assert [(v["number"], v["partner"]) for v in versions] == [(2, "National Library"), (1, "City Museum")]
    assert versions[1]["files"][0]["name"] == "slides.pdf"
    assert PitchVersion.objects.count() == 2 and Pitch.objects.get().partner == "National Library"

    block = blocks.block(usage, users["staff_1"], surface="studio")  # the author moves the deadline
    block.submission_deadline = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    block.save()
    late = submit(blocks, usage, learner)
    assert (late.status, late.json["error_code"]) == (400, "past_deadline")
    assert PitchVersion.objects.count() == 2 and not state(blocks, usage, learner).json["can_edit"]


def test_fewer_than_three_submitters_means_instructor_only(blocks, usage, users):
    submit(blocks, usage, users["learner_1"])
    submit(blocks, usage, users["learner_2"])
    result = blocks.call(usage, "assign_reviewers", {"mode": "auto"}, user=users["staff_1"]).json
    assert result["mode"] == "instructor_only" and result["warnings"][0]["code"] == "instructor_only"
    assert state(blocks, usage, users["learner_1"]).json["instructor_only"] is True
    assert not ReviewAssignment.objects.exists()


def test_studio_edits_and_translated_instructions(blocks, users):
    usage = blocks.create(OLX)
    staff = users["staff_1"]
    studio = blocks.render(usage, staff, view="studio_view", surface="studio")
    for field in ("instructions", "criteria", "submission_deadline", "review_deadline", "max_file_mb",
                  "show_reviewer_names", "file_types"):
        assert f'data-field-name="{field}"' in studio, field
    block = blocks.block(usage, staff)
    from xblock.validation import Validation

    validation = Validation(block.scope_ids.usage_id)
    block.scale = [{"key": "only", "label": "Only", "points": 1}]
    block.max_file_mb = 0
    block.validate_field_data(validation, block)
    assert len(validation.messages) == 2
    block = blocks.block(usage, staff, surface="studio")
    block.set_translation("instructions", "es", "Presenta tu alianza.")
    block.save()
    assert "Presenta tu alianza." in blocks.render(usage, users["learner_2"])
    html = blocks.render(usage, users["learner_1"])
    assert "Pitch your partnership." in html and "data-pitch-form" in html and "data-staff" not in html
    assert "data-staff" in blocks.render(usage, staff)
