"""Progress across the course: learners by assignments in course order, highlights, CSV, weight."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openedx_plugins.wikilearn.api import pitch_review
from openedx_plugins.wikilearn.models import ReviewAssignment, RubricSubmission
from sandbox.models import LearnerProfile
from tests.integration.course_pages_support import (
    COURSE,
    PITCH,
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

PAGE = f"/wikilearn/courses/{COURSE}/progress/"
CSV = f"/wikilearn/courses/{COURSE}/progress.csv"


def cells(html, username):
    """The text of each cell of ``username``'s row (header cell first)."""
    row = re.search(rf"<tr[^>]*>\s*<th scope=\"row\"[^>]*><a [^>]*>{username}</a>(.*?)</tr>", html, re.S)
    assert row, username
    return [re.sub(r"<[^>]+>", " ", cell).split() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row.group(0),
                                                                          re.S)]


@pytest.fixture
def course_state(two_courses):
    users = two_courses
    learner_1, _ = submit(users, "learner_1", days_ago=2)                    # waiting
    learner_2, _ = submit(users, "learner_2", days_ago=3)
    assess(learner_2, 1, "poor")                                              # to revise: waits on the learner
    learner_3, _ = submit(users, "learner_3", days_ago=20)
    assess(learner_3, 1, "excellent")                                         # passed, but idle for 20 days
    for attempt in range(3):                                                  # rubric 3 takes 3 attempts at most
        learner_4, _ = submit(users, "learner_4", item=RUBRIC_3, days_ago=5 - attempt)
        assess(learner_4, attempt + 1, "poor", item=RUBRIC_3)
    presenter = anonymous(users, "learner_5")
    pitch_review.submit_pitch(COURSE, PITCH, presenter, "learner_5", "Museum", "Ask", ["https://x.org"], [])
    pitch_review.assess(COURSE, PITCH, presenter, 0, {"grade_level": "good", "grade_points": 2, "grade_max": 3})
    pitch_row = pitch_review.Pitch.objects.get(presenter=presenter)
    for reviewer in ("learner_1", "learner_6"):
        ReviewAssignment.objects.create(pitch=pitch_row, course_key=COURSE, item_id=PITCH, reviewer_username=reviewer,
                                        reviewer=anonymous(users, reviewer))
    return users


def test_the_grid_shows_each_learners_latest_state_in_course_order(course_state):
    html = client_for(course_state, "ta_1").get(PAGE).content.decode()
    headers = re.findall(r'<th scope="col">(?:<a href="([^"]+)">)?([^<]+)', html)
    assert [text for _, text in headers] == ["Learner", "Latest submission", "Partnership or not?", "Theory of change",
                                             "Final partnership pitch"]
    assert [url for url, _ in headers][2:] == ["/scenario/wikilearn_rubric.0/", "/scenario/wikilearn_rubric.1/",
                                               "/scenario/wikilearn_pitch_review.0/"]
    learners = re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a>', html)
    assert learners == [f"learner_{n}" for n in range(1, 9)]  # the course team is not in the grid
    assert "8 learners" in html
    one = cells(html, "learner_1")
    assert one[2] == "Attempt 1, waiting for feedback".split() and one[3] == "Nothing submitted".split()
    assert "Waits on the learner Nothing submitted; 1 peer review to write" in " ".join(
        " ".join(cell) for cell in cells(html, "learner_1"))
    assert " ".join(cells(html, "learner_2")[2]) == "Waits on the learner 0 of 3 points: to revise and resubmit"
    assert " ".join(cells(html, "learner_3")[0]).endswith("No submission for 14 days")
    assert " ".join(cells(html, "learner_3")[2]) == "3 of 3 points, passed"
    assert " ".join(cells(html, "learner_4")[3]) == "0 of 3 points, below the passing rule"  # no attempt left
    assert " ".join(cells(html, "learner_5")[4]) == "Graded Good, not released yet"
    assert " ".join(cells(html, "learner_7")[0]).endswith("Nothing submitted yet")
    assert 'data-state="revise" class="wl-attention"' in html


def test_released_pitch_grades_and_withdrawals(course_state):
    presenter = anonymous(course_state, "learner_5")
    pitch_review.release(COURSE, PITCH, presenter, 1, lambda pitch: None)
    html = client_for(course_state, "ta_1").get(PAGE).content.decode()
    assert " ".join(cells(html, "learner_5")[4]) == "Graded Good"


def test_search_and_pages(course_state, settings):
    settings.WIKILEARN_COURSE_PAGE_SIZE = 3
    client = client_for(course_state, "ta_1")
    first = client.get(PAGE).content.decode()
    assert re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a>', first) == ["learner_1", "learner_2", "learner_3"]
    assert "Page 1 of 3" in first
    last = client.get(f"{PAGE}?page=3").content.decode()
    assert re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a>', last) == ["learner_7", "learner_8"]
    found = client.get(f"{PAGE}?search=LEARNER_4").content.decode()
    assert re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a>', found) == ["learner_4"]
    assert "No learner matches." in client.get(f"{PAGE}?search=nobody").content.decode()


def test_csv_export_has_every_learner_and_neutralises_formulas(course_state, settings):
    settings.WIKILEARN_COURSE_PAGE_SIZE = 2
    mallory = get_user_model().objects.create(username="=cmd|calc")
    LearnerProfile.objects.create(user=mallory, role="student", enrolled=True)
    submit({"=cmd|calc": mallory}, "=cmd|calc", days_ago=1)
    response = client_for(course_state, "ta_1").get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="course-progress.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:5] == ["Learner", "Latest submission (UTC)", "Needs attention", "Partnership or not?: state",
                           "Partnership or not?: result"]
    assert len(rows) == 1 + 9 and rows[1][0] == "'=cmd|calc"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["learner_2"][3:5] == ["0 of 3 points: to revise and resubmit", "0/3"]
    assert by_name["learner_5"][7:9] == ["Graded Good, not released yet", "Good"]
    assert by_name["learner_8"][2] == "Nothing submitted yet"


def test_the_page_stays_light(course_state):
    """No more than 40 KB of JS and CSS (the page has no script at all and no external file)."""
    html = client_for(course_state, "ta_1").get(PAGE).content.decode()
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert "<script" not in html and 'rel="stylesheet"' not in html
    assert 0 < sum(len(style.encode()) for style in styles) < 40 * 1024


def test_a_constant_number_of_queries_whatever_the_course_size(two_courses, settings):
    settings.WIKILEARN_COURSE_PAGE_SIZE = 5
    client = client_for(two_courses, "ta_1")

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    def learners(start, number):
        model = get_user_model()
        made = model.objects.bulk_create([model(username=f"bulk_{n:05d}") for n in range(start, start + number)])
        LearnerProfile.objects.bulk_create([LearnerProfile(user=user, role="student") for user in
                                            model.objects.filter(username__in=[u.username for u in made])])
        now = timezone.now()
        RubricSubmission.objects.bulk_create([
            RubricSubmission(course_key=COURSE, item_id=item, anonymous_user_id=f"a{n:031d}"[:32],
                             username=f"bulk_{n:05d}", attempt=1, answer="x", submitted_at=now)
            for n in range(start, start + number) for item in (RUBRIC_1, RUBRIC_3)])

    learners(0, 20)
    small = [count(PAGE), count(f"{PAGE}?page=3")]
    learners(20, 400)
    assert [count(PAGE), count(f"{PAGE}?page=80")] == small


def test_a_learners_row_links_to_their_feedback(course_state):
    html = client_for(course_state, "ta_1").get(PAGE).content.decode()
    assert f'href="/wikilearn/courses/{COURSE}/feedback/?learner=learner_2"' in html
    feedback = client_for(course_state, "ta_1").get(f"/wikilearn/courses/{COURSE}/feedback/?learner=learner_2")
    assert "Feedback of learner_2" in feedback.content.decode()


def test_idle_days_is_a_setting(course_state, settings):
    settings.WIKILEARN_IDLE_DAYS = 30
    html = client_for(course_state, "ta_1").get(PAGE).content.decode()
    assert "No submission for" not in " ".join(cells(html, "learner_3")[0])
    RubricSubmission.objects.filter(username="learner_3").update(submitted_at=timezone.now() - datetime.timedelta(40))
    html = client_for(course_state, "ta_1").get(PAGE).content.decode()
    assert " ".join(cells(html, "learner_3")[0]).endswith("No submission for 30 days")
