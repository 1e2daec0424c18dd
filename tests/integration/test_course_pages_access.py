"""Who may open each course page, and what bad input gets: the permission matrix of every new view.

Callers: a visitor, a learner of the course, another learner of the course, staff of another course,
and the course's staff (``ta_1``: staff of this course only). Grades stay private: nobody but the
learner and the course team reaches a learner's feedback; the showcase never carries grades.
"""

import json

import pytest

from openedx_plugins.wikilearn.api import showcase
from tests.integration.course_pages_support import (
    COURSE,
    OTHER,
    OTHER_RUBRIC,
    RUBRIC_1,
    anonymous,
    assess,
    client_for,
    submit,
    two_courses,
)

pytestmark = pytest.mark.django_db
__all__ = ["two_courses"]

CALLERS = {"visitor": None, "learner": "learner_1", "other_learner": "learner_2", "other_course_staff": "staff_other",
           "staff": "ta_1"}
BASE = f"/wikilearn/courses/{COURSE}"
API = f"/wikilearn/api/v1/courses/{COURSE}/inbox"
# view -> expected status per caller (302: to the login page)
MATRIX = {
    f"{BASE}/inbox/": {"visitor": 302, "learner": 403, "other_learner": 403, "other_course_staff": 403, "staff": 200},
    API: {"visitor": 403, "learner": 403, "other_learner": 403, "other_course_staff": 403, "staff": 200},
    f"{BASE}/progress/": {"visitor": 302, "learner": 403, "other_learner": 403, "other_course_staff": 403,
                          "staff": 200},
    f"{BASE}/progress.csv": {"visitor": 302, "learner": 403, "other_learner": 403, "other_course_staff": 403,
                             "staff": 200},
    f"{BASE}/feedback/": {"visitor": 302, "learner": 200, "other_learner": 200, "other_course_staff": 403,
                          "staff": 200},
    f"{BASE}/feedback/?learner=learner_1": {"visitor": 302, "learner": 200, "other_learner": 403,
                                            "other_course_staff": 403, "staff": 200},
    f"{BASE}/showcase/": {"visitor": 302, "learner": 200, "other_learner": 200, "other_course_staff": 403,
                          "staff": 200},
}


@pytest.fixture
def graded(two_courses):
    """learner_1: attempt 1 released (excellent), attempt 2 waiting with a draft assessment; consented to
    show attempt 1, which staff showcased."""
    users = two_courses
    learner, _ = submit(users, "learner_1", answer="The museum example is a partnership.")
    assess(learner, 1, "poor", feedback="SECRET-RELEASED-FEEDBACK")
    submit(users, "learner_1", answer="Revised answer.")
    assess(learner, 2, "excellent", release=False, feedback="SECRET-DRAFT-FEEDBACK")
    consent = showcase.set_consent(COURSE, RUBRIC_1, learner, 1, True)
    assert consent["consented"]
    (piece,) = showcase.entries(COURSE, [RUBRIC_1], 0, 10, showcased_only=False)[1]
    showcase.set_showcased(COURSE, piece["id"], True, "ta_1")
    return users


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize("view", sorted(MATRIX))
def test_permission_matrix(graded, view, caller):
    response = client_for(graded, CALLERS[caller]).get(view)
    expected = MATRIX[view][caller]
    assert response.status_code == expected, (view, caller)
    if expected == 302:
        assert response["Location"].startswith("/?next=")
    if view == API and expected == 403:
        body = response.json()
        assert body["error_code"] == ("login_required" if caller == "visitor" else "not_staff")
        assert body["message"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode()
    if "/feedback/" in view and expected == 200:
        assert "SECRET-DRAFT-FEEDBACK" not in text  # a draft assessment never leaves the course team
        shows_learner_1 = caller == "learner" or (caller == "staff" and "learner=" in view)
        assert ("SECRET-RELEASED-FEEDBACK" in text) == shows_learner_1
    if "/showcase/" in view and expected == 200:
        assert "The museum example is a partnership." in text
        assert "SECRET" not in text and "0 of 3" not in text  # no feedback, no points
    if expected != 200:
        assert "learner_1" not in text and "SECRET" not in text


def test_showcase_pick_and_files_matrix(graded, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from openedx_plugins.wikilearn.models import RubricSubmission

    key = default_storage.save("wikilearn/rubric/x/plan.pdf", ContentFile(b"%PDF-1.4 plan"))
    RubricSubmission.objects.filter(attempt=1).update(attachments=[{"key": key, "name": "plan.pdf", "size": 13,
                                                                    "content_type": "application/pdf"}])
    (piece,) = showcase.entries(COURSE, [RUBRIC_1], 0, 10)[1]
    file_url = f"{BASE}/showcase/{piece['id']}/files/0/plan.pdf"
    expected_file = {"visitor": 302, "learner": 200, "other_learner": 200, "other_course_staff": 403, "staff": 200}
    expected_pick = {"visitor": 302, "learner": 403, "other_learner": 403, "other_course_staff": 403, "staff": 302}
    for caller, username in CALLERS.items():
        response = client_for(graded, username).get(file_url)
        assert response.status_code == expected_file[caller], caller
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"
            assert response["Content-Disposition"].startswith("attachment")
        pick = client_for(graded, username).post(f"{BASE}/showcase/pick", {"piece": piece["id"], "show": "0"})
        assert pick.status_code == expected_pick[caller], caller
    # Staff unpicked it: learners' file links are gone with it, staff still reach the consented piece.
    assert client_for(graded, "learner_2").get(file_url).status_code == 404
    assert client_for(graded, "ta_1").get(file_url).status_code == 200
    assert client_for(graded, "learner_2").get(f"{BASE}/showcase/{piece['id']}/files/7/x").status_code == 404


@pytest.mark.parametrize("username, status", [("learner_2", 403), ("staff_other", 403), ("ta_1", 403),
                                              ("staff_1", 404)])
def test_unknown_course_reveals_nothing(graded, username, status):
    """A well-formed course id nobody knows: 403 for anyone who is not staff everywhere, like a real
    course they cannot see; only global staff learn that it does not exist."""
    client = client_for(graded, username)
    for view in ("inbox/", "progress/", "feedback/", "showcase/"):
        assert client.get(f"/wikilearn/courses/course-v1:Nope+N1+2026/{view}").status_code == status
    response = client.get("/wikilearn/api/v1/courses/course-v1:Nope+N1+2026/inbox")
    assert response.status_code == status
    assert response.json()["error_code"] == {403: "not_staff", 404: "unknown_course"}[status]


def test_malformed_course_id_is_404_for_everyone(graded):
    for username in (None, "learner_1", "staff_1"):
        client = client_for(graded, username)
        assert client.get("/wikilearn/courses/not-a-course/inbox/").status_code == 404
        response = client.get("/wikilearn/api/v1/courses/not-a-course/inbox")
        assert (response.status_code, response.json()["error_code"]) == (404, "unknown_course")


def test_staff_of_another_course_sees_only_their_course(graded):
    submit(graded, "learner_other", item=OTHER_RUBRIC, course=OTHER, answer="Other course's answer")
    client = client_for(graded, "staff_other")
    other = client.get(f"/wikilearn/api/v1/courses/{OTHER}/inbox").json()
    assert [item["username"] for item in other["items"]] == ["learner_other"]
    assert client.get(API).status_code == 403
    mine = client_for(graded, "ta_1").get(API).json()
    assert "learner_other" not in json.dumps(mine) and "Other course" not in json.dumps(mine)


BAD_API_QUERIES = {
    "page=0": (400, "invalid_page"), "page=abc": (400, "invalid_page"), "page=-1": (400, "invalid_page"),
    "page=99999999999": (400, "invalid_page"), "page=%EF%BC%91": (400, "invalid_page"),  # a full-width digit
    "page=9": (404, "page_not_found"), "page_size=0": (400, "invalid_page"), "page_size=101": (400, "invalid_page"),
    "state=everything": (400, "invalid_filter"), "sort=random": (400, "invalid_filter"),
    "block=nope": (400, "unknown_block"), f"block={OTHER_RUBRIC}": (400, "unknown_block"),
    "learner=nobody": (404, "unknown_learner"), "learner=%00": (400, "invalid_filter"),
    "learner=" + "x" * 151: (400, "invalid_filter"), "learner=%ED%A0%80": (404, "unknown_learner"),
}


@pytest.mark.parametrize("query", sorted(BAD_API_QUERIES))
def test_bad_api_queries_get_clear_json_errors(graded, query):
    response = client_for(graded, "ta_1").get(f"{API}?{query}")
    status, code = BAD_API_QUERIES[query]
    assert response.status_code == status
    body = response.json()
    assert body["error_code"] == code and body["message"]


def test_a_learner_id_from_another_course_is_unknown_here(graded):
    other_id, _ = submit(graded, "learner_other", item=OTHER_RUBRIC, course=OTHER)
    client = client_for(graded, "ta_1")
    response = client.get(f"{API}?learner={other_id}")
    assert (response.status_code, response.json()["error_code"]) == (404, "unknown_learner")
    assert client.get(f"{BASE}/inbox/?learner={other_id}").status_code == 404
    assert client.get(f"{BASE}/feedback/?learner={other_id}").status_code == 404
    assert client.get(f"{BASE}/feedback/?learner=learner_other").status_code == 404
    # The same learner's id in this course works.
    own = anonymous(graded, "learner_1")
    assert client.get(f"{API}?learner={own}").status_code == 200


@pytest.mark.parametrize("query", ["page=0", "page=9", "state=x", "block=x", "learner=nobody", "sort=x",
                                   "page=1%00"])
def test_bad_html_queries_get_a_404_page(graded, query):
    client = client_for(graded, "ta_1")
    assert client.get(f"{BASE}/inbox/?{query}").status_code == 404


@pytest.mark.parametrize("query", ["page=0", "page=5", "search=%00", "page=zz"])
def test_bad_progress_queries_get_a_404_page(graded, query):
    assert client_for(graded, "ta_1").get(f"{BASE}/progress/?{query}").status_code == 404


@pytest.mark.parametrize("body", [{}, {"piece": "x", "show": "1"}, {"piece": "1", "show": "maybe"},
                                  {"piece": "99999", "show": "1"}, {"piece": "-1", "show": "0"}])
def test_bad_showcase_picks_change_nothing(graded, body):
    before = showcase.entries(COURSE, [RUBRIC_1], 0, 10, showcased_only=False)
    response = client_for(graded, "ta_1").post(f"{BASE}/showcase/pick", body)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"].endswith("?gone=1")
    assert showcase.entries(COURSE, [RUBRIC_1], 0, 10, showcased_only=False) == before


def test_api_refuses_other_methods_in_json(graded):
    response = client_for(graded, "ta_1").post(API, {})
    assert (response.status_code, response.json()["error_code"]) == (405, "method_not_allowed")


def test_garbage_queries_never_fail(graded):
    """Random junk in every parameter: always a clear answer, never a 500."""
    import random

    rng = random.Random(20)
    alphabet = "0123456789abc%&=+;/?#\u00e9\u0661 -_."
    client = client_for(graded, "ta_1")
    for _ in range(150):
        query = "&".join(f"{rng.choice(['page', 'page_size', 'state', 'block', 'learner', 'sort', 'x'])}="
                         + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3))
        response = client.get(f"{API}?{query}")
        assert response.status_code in (200, 400, 404), query
        assert set(response.json()) >= ({"items"} if response.status_code == 200 else {"error_code", "message"})
        for page in ("inbox/", "progress/", "showcase/", "feedback/"):
            assert client.get(f"{BASE}/{page}?{query}").status_code in (200, 404), (page, query)
