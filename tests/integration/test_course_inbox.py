"""The course inbox: what waits for the course team across every suite block, in one list.

Data is written through the suite's service functions (what the blocks call); the outline is the
sandbox course's (its scenarios, in course order), so each row links to the scenario page that
holds the block, with the learner to open in the staff view.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openedx_plugins.wikilearn.api import pitch_review, timezone_poll
from openedx_plugins.wikilearn.models import Availability, ReviewAssignment, RubricSubmission
from sandbox.content_blocks import scenario_outline
from tests.integration.course_pages_support import (
    COURSE,
    PITCH,
    POLL,
    RUBRIC_1,
    RUBRIC_3,
    anonymous,
    assess,
    client_for,
    submit,
    two_courses,
)

pytestmark = pytest.mark.django_db
__all__ = ["two_courses"]

API = f"/wikilearn/api/v1/courses/{COURSE}/inbox"
PAGE = f"/wikilearn/courses/{COURSE}/inbox/"


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def outline_with_review_deadline(course_key, user=None):
    """The sandbox outline, its pitch review's deadline passed yesterday."""
    blocks = scenario_outline(course_key, user)
    for block in blocks:
        if block.block_type == "wikilearn_pitch_review":
            block.fields["review_deadline"] = ago(1)
    return blocks


def pitch(users, username, days_ago):
    presenter = anonymous(users, username)
    pitch_review.submit_pitch(COURSE, PITCH, presenter, username, "Museum", "A shared event.", ["https://x.org"], [])
    pitch_review.Pitch.objects.filter(presenter=presenter).update(submitted_at=ago(days_ago))
    return presenter


def review(users, presenter, reviewer, assigned_days_ago, done_days_ago=None):
    """An active peer review of ``presenter``'s pitch by ``reviewer`` (both phases sent when ``done_days_ago``)."""
    pitch_row = pitch_review.Pitch.objects.get(presenter=presenter)
    ReviewAssignment.objects.create(
        pitch=pitch_row, course_key=COURSE, item_id=PITCH, reviewer=anonymous(users, reviewer),
        reviewer_username=reviewer, assigned_at=ago(assigned_days_ago),
        phase_one_at=ago(done_days_ago) if done_days_ago is not None else None,
        phase_two_at=ago(done_days_ago) if done_days_ago is not None else None)


def answer_poll(users, username, days_ago):
    timezone_poll.save_availability(COURSE, POLL, anonymous(users, username), username, "UTC", "2" * 336, (0, 1440))
    Availability.objects.filter(username=username).update(created=ago(days_ago))


@pytest.fixture
def week(two_courses, settings):
    """A week of the course: submissions, a resubmission, reviews (one overdue), a pitch ready to grade,
    a poll with answers and no chosen session."""
    users = two_courses
    settings.WIKILEARN_COURSE_OUTLINE = "tests.integration.test_course_inbox.outline_with_review_deadline"
    submit(users, "learner_3", item=RUBRIC_3, days_ago=5)
    submit(users, "learner_1", days_ago=3)
    learner_2, _ = submit(users, "learner_2", days_ago=4)
    assess(learner_2, 1, "poor")
    submit(users, "learner_2", days_ago=1)
    ready = pitch(users, "learner_4", days_ago=9)
    late = pitch(users, "learner_5", days_ago=9)
    review(users, ready, "learner_6", assigned_days_ago=8, done_days_ago=2)
    review(users, late, "learner_7", assigned_days_ago=6)
    answer_poll(users, "learner_1", 7)
    answer_poll(users, "learner_8", 3)
    return users


def test_the_inbox_lists_what_waits_longest_first(week):
    body = client_for(week, "ta_1").get(API).json()
    rows = [(item["state"], item["username"], item["block"]) for item in body["items"]]
    assert rows == [
        ("no_session", None, POLL),
        ("review_overdue", "learner_7", PITCH),
        ("waiting", "learner_3", RUBRIC_3),
        ("waiting", "learner_1", RUBRIC_1),
        ("ready_to_grade", "learner_4", PITCH),
        ("resubmitted", "learner_2", RUBRIC_1),
    ]
    assert body["counts"] == {"waiting": 2, "resubmitted": 1, "review_pending": 0, "review_overdue": 1,
                              "ready_to_grade": 1, "no_session": 1}
    assert (body["total"], body["page"], body["pages"]) == (6, 1, 1)
    by_state = {item["state"]: item for item in body["items"]}
    assert by_state["resubmitted"]["attempt"] == 2 and by_state["waiting"]["attempt"] == 1
    assert by_state["no_session"]["answers"] == 2
    assert by_state["review_overdue"]["presenter_username"] == "learner_5"
    assert by_state["review_overdue"]["phase_one_sent"] is False
    assert 5 * 86400 <= by_state["review_overdue"]["waited_seconds"] < 7 * 86400
    # Each row opens the block's staff view on the learner (the pitch reviewed, for a review), and the unit.
    assert by_state["resubmitted"]["grading_url"] == (
        f"http://testserver/scenario/wikilearn_rubric.0/#wikilearn-learner={anonymous(week, 'learner_2')}")
    assert by_state["review_overdue"]["grading_url"].endswith(f"#wikilearn-learner={anonymous(week, 'learner_5')}")
    assert by_state["no_session"]["grading_url"] == "http://testserver/scenario/wikilearn_timezone_poll.0/"
    assert body["items"][2]["unit_url"] == "http://testserver/scenario/wikilearn_rubric.1/"
    assert [block["title"] for block in body["blocks"]] == [
        "Partnership Building: weekly live session", "Partnership or not?", "Theory of change",
        "Final partnership pitch"]


def test_a_review_before_the_deadline_is_pending(week, settings):
    settings.WIKILEARN_COURSE_OUTLINE = "tests.integration.course_pages_support.outline"  # no deadline
    body = client_for(week, "ta_1").get(f"{API}?state=review_pending").json()
    assert [(i["state"], i["username"]) for i in body["items"]] == [("review_pending", "learner_7")]


@pytest.mark.parametrize("query, expected", [
    (f"block={RUBRIC_1}", [("waiting", "learner_1"), ("resubmitted", "learner_2")]),
    ("state=resubmitted", [("resubmitted", "learner_2")]),
    ("learner=learner_7", [("review_overdue", "learner_7")]),
    ("learner=learner_4", [("ready_to_grade", "learner_4")]),
    (f"block={RUBRIC_1}&sort=newest", [("resubmitted", "learner_2"), ("waiting", "learner_1")]),
    (f"block={POLL}&learner=learner_1", []),
])
def test_filters(week, query, expected):
    body = client_for(week, "ta_1").get(f"{API}?{query}").json()
    assert [(item["state"], item["username"]) for item in body["items"]] == expected


def test_filter_by_anonymous_id_and_counts_follow_the_filter(week):
    learner = anonymous(week, "learner_2")
    body = client_for(week, "ta_1").get(f"{API}?learner={learner}").json()
    assert body["filters"]["learner_username"] == "learner_2"
    assert body["counts"]["resubmitted"] == 1 and body["counts"]["waiting"] == 0 and body["total"] == 1


def test_work_leaves_the_inbox_once_done(week):
    client = client_for(week, "ta_1")
    assess(anonymous(week, "learner_1"), 1, "good")
    timezone_poll.choose_slot(COURSE, POLL, 2, 900, 60, ago(0).date(), ago(-30).date(), "ta_1")
    pitch_review.assess(COURSE, PITCH, anonymous(week, "learner_4"), 0, {"grade_level": "good", "grade_points": 2,
                                                                          "grade_max": 3})
    ReviewAssignment.objects.filter(reviewer_username="learner_7").update(phase_one_at=ago(0), phase_two_at=ago(0))
    body = client.get(API).json()
    # learner_5's pitch now has every review in: it waits for its grade instead.
    assert [(i["state"], i["username"]) for i in body["items"]] == [
        ("waiting", "learner_3"), ("resubmitted", "learner_2"), ("ready_to_grade", "learner_5")]


def test_draft_assessments_keep_work_in_the_inbox(week):
    assess(anonymous(week, "learner_1"), 1, "good", release=False)
    body = client_for(week, "ta_1").get(f"{API}?learner=learner_1").json()
    assert [i["state"] for i in body["items"]] == ["waiting"]


def test_the_html_page_shows_rows_counts_links_and_pages(week, settings):
    settings.WIKILEARN_COURSE_PAGE_SIZE = 4
    client = client_for(week, "ta_1")
    html = client.get(PAGE).content.decode()
    assert "6 items wait" in html and "Page 1 of 2" in html and 'href="?page=2"' in html
    assert "Waiting for feedback: 2" in html and "Peer review overdue: 1" in html
    assert f'href="/scenario/wikilearn_rubric.0/#wikilearn-learner={anonymous(week, "learner_1")}"' in html
    assert "Review of the pitch by learner_5 is past the review deadline." in html
    assert "2 learners answered; no session is chosen yet." in html
    second = client.get(f"{PAGE}?page=2").content.decode()
    assert "learner_2" in second and "learner_3" not in second and "Previous page" in second
    filtered = client.get(f"{PAGE}?state=waiting&learner=learner_1").content.decode()
    assert "1 item waits" in filtered and 'value="learner_1"' in filtered


def test_the_inbox_is_translated(week):
    week["ta_1"].sandbox_profile.language = "fr"
    week["ta_1"].sandbox_profile.save()
    html = client_for(week, "ta_1").get(PAGE).content.decode()
    assert '<html lang="fr" dir="ltr">' in html and "Boîte de réception du cours" in html


def test_empty_inbox_says_so(two_courses):
    html = client_for(two_courses, "ta_1").get(PAGE).content.decode()
    assert "Nothing waits for the course team here." in html


def many_learners(count, start=0):
    """``count`` learners with a waiting rubric attempt, a resubmission, a pending review, poll answers."""
    now = timezone.now()
    RubricSubmission.objects.bulk_create([
        RubricSubmission(course_key=COURSE, item_id=RUBRIC_1 if n % 2 else RUBRIC_3, anonymous_user_id=f"a{n:031d}",
                         username=f"bulk_{n}", attempt=1, answer="x", submitted_at=now - datetime.timedelta(minutes=n))
        for n in range(start, start + count)])
    pitches = [pitch_review.Pitch(course_key=COURSE, item_id=PITCH, presenter=f"p{n:031d}", username=f"bulk_{n}",
                                  versions_count=1) for n in range(start, start + count)]
    pitch_review.Pitch.objects.bulk_create(pitches)
    ReviewAssignment.objects.bulk_create([
        ReviewAssignment(pitch=p, course_key=COURSE, item_id=PITCH, reviewer=f"r{n:031d}", reviewer_username="r")
        for n, p in enumerate(pitches, start=start)])
    Availability.objects.bulk_create([
        Availability(course_key=COURSE, item_id=POLL, anonymous_id=f"a{n:031d}", username=f"bulk_{n}",
                     time_zone="UTC", grid="0" * 336, hours_start=0, hours_end=1440)
        for n in range(start, start + count)])


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries)


def test_a_constant_number_of_queries_whatever_the_course_size(two_courses, settings):
    settings.WIKILEARN_COURSE_PAGE_SIZE = 20
    client = client_for(two_courses, "ta_1")
    many_learners(30)
    small = [queries(client, API), queries(client, f"{API}?page=3"), queries(client, PAGE),
             queries(client, f"{PAGE}?page=2&state=waiting")]
    many_learners(600, start=30)
    large = [queries(client, API), queries(client, f"{API}?page=60"), queries(client, PAGE),
             queries(client, f"{PAGE}?page=15&state=waiting")]
    assert small == large
    body = client.get(f"{API}?page=64&page_size=20").json()
    assert body["total"] == 630 * 2 + 1 and body["pages"] == 64 and len(body["items"]) == 1


@pytest.mark.parametrize("sort", ["oldest", "newest"])
def test_walking_every_page_gives_every_item_once_in_order(two_courses, sort):
    """Pages of 7 over the merged lists (each list cut at offset + limit where the database allows it)."""
    many_learners(40)
    client = client_for(two_courses, "ta_1")
    first = client.get(f"{API}?page_size=7&sort={sort}").json()
    seen = []
    for number in range(1, first["pages"] + 1):
        seen += client.get(f"{API}?page_size=7&sort={sort}&page={number}").json()["items"]
    keys = [(item["since"], item["kind"], item["state"], item["learner"] or "", item["block"]) for item in seen]
    assert len(seen) == first["total"] == 40 * 2 + 1 and len(set(keys)) == len(keys)
    times = [item["since"] for item in seen]
    assert times == sorted(times, reverse=sort == "newest")
