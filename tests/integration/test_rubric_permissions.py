"""Who may call what: every rubric handler for anonymous, learner, other learner and staff."""

import pytest
from webob import Request

from openedx_plugins.wikilearn.models.rubric import RubricAssessment, RubricSubmission
from xblocks.common.runtime.access import AUTHOR, LEARNER, STAFF, access_matrix
from xblocks.rubric.block import RubricBlock

pytestmark = pytest.mark.django_db

OLX = """<wikilearn_rubric accept_files="true" file_types="pdf, txt" max_file_mb="0.01"
  criteria='[{"key": "reasoning", "name": "Reasoning", "feedback": "optional"}]'/>"""
EXPECTED = {
    "learner_state": LEARNER, "save_draft": LEARNER, "submit": LEARNER, "upload_attachment": LEARNER,
    "attachment": LEARNER, "set_showcase_consent": LEARNER, "staff_queue": STAFF, "staff_submission": STAFF,
    "assess": STAFF, "export_csv": STAFF, "import_csv": STAFF, "recompute_grades": STAFF, "save_translations": AUTHOR,
    "submit_studio_edits": AUTHOR,
}


@pytest.fixture
def usage(blocks):
    return blocks.create(OLX)


def anonymous_id(blocks, usage, user):
    return blocks.block(usage, user).user().anonymous_id


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def upload(blocks, usage, user, name="notes.txt", content=b"partnership notes"):
    request = Request.blank("/", POST={"file": (name, content)})
    return blocks.call(usage, "upload_attachment", body=request.body, user=user,
                       content_type=request.headers["Content-Type"])


def call_every_handler(blocks, usage, user, learner):
    """Status and error code of every handler called by ``user`` about ``learner``'s work."""
    data = {"learner": learner, "attempt": 1, "version": 0, "levels": {"reasoning": "good"}, "release": True,
            "answer": "mine", "csv": "username,level:reasoning\nlearner_1,good\n",
            "language": "fr", "translations": {"criteria.reasoning.name": "Raisonnement"}}
    results = {}
    for handler in EXPECTED:
        if handler == "upload_attachment":
            result = upload(blocks, usage, user)
        elif handler in ("attachment", "export_csv"):
            result = blocks.call(usage, handler, method="GET", user=user, query="key=wikilearn/x")
        else:
            result = blocks.call(usage, handler, data, user=user)
        results[handler] = (result.status, (result.json or {}).get("error_code") if result.json else None)
    return results


def test_every_handler_declares_its_level():
    matrix = access_matrix(RubricBlock)
    assert {name: level for name, (level, _kind) in matrix.items()} == EXPECTED


def test_anonymous_visitor_gets_login_required_everywhere(blocks, usage, users):
    results = call_every_handler(blocks, usage, None, "whoever")
    assert set(results.values()) == {(403, "login_required")}
    assert not RubricSubmission.objects.exists()


def test_learner_gets_not_staff_on_every_staff_handler(blocks, usage, users):
    blocks.call(usage, "submit", {"answer": "first"}, user=users["learner_1"])
    own = anonymous_id(blocks, usage, users["learner_1"])
    results = call_every_handler(blocks, usage, users["learner_1"], own)
    for handler, level in EXPECTED.items():
        if level == STAFF:
            assert results[handler] == (403, "not_staff"), handler
        else:
            assert results[handler][1] not in ("not_staff", "login_required"), handler
    assert not RubricAssessment.objects.exists()


def test_staff_may_call_every_staff_handler(blocks, usage, users):
    blocks.call(usage, "submit", {"answer": "first"}, user=users["learner_1"])
    learner = anonymous_id(blocks, usage, users["learner_1"])
    results = call_every_handler(blocks, usage, users["staff_1"], learner)
    for handler, level in EXPECTED.items():
        if level == STAFF:
            assert results[handler][0] == 200, (handler, results[handler])


def test_other_learner_reads_nothing_of_anothers_work(blocks, usage, users):
    owner, other, staff = users["learner_1"], users["learner_2"], users["staff_1"]
    file = upload(blocks, usage, owner).json
    blocks.call(usage, "submit", {"answer": "secret answer", "attachments": [file]}, user=owner)
    owner_id = anonymous_id(blocks, usage, owner)
    blocks.call(usage, "assess", {"learner": owner_id, "attempt": 1, "version": 0, "levels": {"reasoning": "poor"},
                                  "feedback": {"reasoning": "private feedback"}, "release": True}, user=staff)

    state = blocks.call(usage, "learner_state", {"learner": owner_id}, user=other).json
    assert state["attempts"] == [] and state["draft"] is None
    for handler in ("staff_submission", "staff_queue", "export_csv", "assess", "import_csv"):
        result = blocks.call(usage, handler, {"learner": owner_id}, user=other)
        assert result.status == 403, handler
    stolen = blocks.call(usage, "attachment", method="GET", user=other, query=f"key={file['key']}")
    assert stolen.status == 403 and stolen.json["error_code"] == "not_yours"
    # Submitting someone else's file key is refused too.
    refused = blocks.call(usage, "submit", {"answer": "mine", "attachments": [file]}, user=other)
    assert refused.json["error_code"] == "unknown_attachment"
    every_body = b"".join(blocks.call(usage, h, {}, user=other).response.body
                          for h in ("learner_state", "save_draft", "staff_queue"))
    assert b"secret answer" not in every_body and b"private feedback" not in every_body

    own = blocks.call(usage, "attachment", method="GET", user=owner, query=f"key={file['key']}")
    assert own.status == 200 and own.response.body == b"partnership notes"
    assert own.response.headers["Content-Disposition"].startswith("attachment")
    assert blocks.call(usage, "attachment", method="GET", user=staff, query=f"key={file['key']}").status == 200


def test_upload_limits(blocks, usage, users):
    learner = users["learner_1"]
    assert upload(blocks, usage, learner, "deck.exe").json["error_code"] == "file_type_not_allowed"
    assert upload(blocks, usage, learner, "big.pdf", b"x" * 20_000).json["error_code"] == "file_too_large"
    no_files = blocks.create("<wikilearn_rubric/>")
    assert upload(blocks, no_files, learner).json["error_code"] == "files_not_accepted"
    assert blocks.call(usage, "upload_attachment", method="GET", user=learner).status == 405
    ok = upload(blocks, usage, learner, "notes.txt")
    assert ok.status == 200 and ok.json["name"] == "notes.txt" and ok.json["content_type"] == "text/plain"
    assert ok.json["key"].startswith("wikilearn/rubric/") and ok.json["key"].endswith("/notes.txt")


def test_only_authors_in_studio_edit_the_block_settings(blocks, usage, users):
    edit = {"values": {"display_name": "Hacked", "max_attempts": 99}, "defaults": []}
    for user, surface, code in ((None, "lms", "login_required"), (users["learner_1"], "lms", "studio_only"),
                                (users["staff_1"], "lms", "studio_only"), (users["staff_1"], "preview", "studio_only"),
                                (users["learner_1"], "studio", "not_author")):
        result = blocks.call(usage, "submit_studio_edits", edit, user=user, surface=surface)
        assert (result.status, result.json["error_code"]) == (403, code), (user, surface)
        assert result.json["error"] == result.json["message"]  # what XBlock's Studio editor shows
    assert blocks.block(usage, users["staff_1"]).max_attempts == 0
    assert blocks.call(usage, "submit_studio_edits", edit, user=users["staff_1"], surface="studio").status == 200
    assert blocks.block(usage, users["staff_1"]).max_attempts == 99
