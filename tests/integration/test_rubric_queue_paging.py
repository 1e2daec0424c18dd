"""The rubric staff queue's pages: the same queries at any depth and size, cursors that walk every row once."""

import base64
import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openedx_plugins.wikilearn.api import rubric_counts
from openedx_plugins.wikilearn.models.rubric import RubricSubmission
from xblocks.common.paging import encode_cursor
from xblocks.rubric import queue_paging

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 9, 1, 8, tzinfo=datetime.UTC)


@pytest.fixture
def usage(blocks):
    return blocks.create("<wikilearn_rubric prompt='Partnership or not?'/>")


@pytest.fixture
def staff(users):
    return users["staff_1"]


def fill(blocks, usage, staff, count, prefix="q", same_moment_every=1):
    """``count`` learners' latest attempts in every state (some resubmitted beside an older attempt);
    ``same_moment_every`` learners in a row share one submission time (ties the id must break)."""
    block = blocks.block(usage, staff)
    rows = []
    for i in range(count):
        state = (0, 0, 1, 2, 2)[i % 5]
        at = START + datetime.timedelta(minutes=i // same_moment_every)
        common = {"course_key": block.course_key, "item_id": block.item_id, "anonymous_user_id": f"{prefix}{i:06d}",
                  "username": f"{prefix}_{i}", "answer": "x"}
        if state == 1:
            rows.append(RubricSubmission(**common, attempt=1, submitted_at=at, is_latest=False, queue_state=2))
        rows.append(RubricSubmission(**common, attempt=2 if state == 1 else 1, submitted_at=at, queue_state=state))
    RubricSubmission.objects.bulk_create(rows)
    rubric_counts.recount(block.course_key, block.item_id)  # rows written around the service: the totals follow
    return block


def queue(blocks, usage, staff, **data):
    reply = blocks.call(usage, "staff_queue", data, user=staff)
    assert reply.status == 200, reply.json
    return reply.json


def counted(blocks, usage, staff, **data):
    with CaptureQueriesContext(connection) as queries:
        body = queue(blocks, usage, staff, **data)
    return len(queries), body


def walk(blocks, usage, staff, between=None, **data):
    """Every page from the first, following ``next_cursor``; ``between(page_number)`` runs after each page."""
    body, pages = queue(blocks, usage, staff, **data), []
    while True:
        pages.append(body)
        if between:
            between(body["page"])
        if not body["next_cursor"]:
            return pages
        body = queue(blocks, usage, staff, cursor=body["next_cursor"], **data)


def expected_order(block, states=(0, 1, 2)):
    return list(RubricSubmission.objects.filter(course_key=block.course_key, item_id=block.item_id, is_latest=True,
                                                queue_state__in=states)
                .order_by("queue_state", "submitted_at", "id").values_list("anonymous_user_id", flat=True))


def test_first_deep_and_last_pages_cost_the_same_queries_as_a_small_queue(blocks, usage, staff):
    fill(blocks, usage, staff, 3, prefix="s")
    small, _ = counted(blocks, usage, staff)
    fill(blocks, usage, staff, 300)
    first, body = counted(blocks, usage, staff, page_size=10)
    assert body["total"] == 303 and body["pages"] == 31 and len(body["items"]) == 10
    pages = walk(blocks, usage, staff, page_size=10)
    deep_cursor = pages[15]["next_cursor"]
    deep, deep_body = counted(blocks, usage, staff, page_size=10, cursor=deep_cursor)
    last, last_body = counted(blocks, usage, staff, page_size=10, cursor=pages[-2]["next_cursor"])
    assert deep_body["page"] == 17 and last_body["page"] == 31 and last_body["next_cursor"] is None
    assert small == first == deep == last
    for queue_filter in ("to_grade", "graded", "waiting"):
        filtered, _ = counted(blocks, usage, staff, page_size=10, filter=queue_filter)
        assert filtered == first
    # Page numbers still work, with a constant number of queries too.
    numbered_first, _ = counted(blocks, usage, staff, page=2, page_size=10)
    numbered_deep, numbered = counted(blocks, usage, staff, page=25, page_size=10)
    assert numbered_first == numbered_deep
    assert [i["learner"] for i in numbered["items"]] == [i["learner"] for i in pages[24]["items"]]


@pytest.mark.parametrize("queue_filter, states", [("all", (0, 1, 2)), ("to_grade", (0, 1)), ("graded", (2,)),
                                                  ("resubmitted", (1,))])
def test_walking_the_pages_lists_every_learner_once_in_queue_order(blocks, usage, staff, queue_filter, states):
    block = fill(blocks, usage, staff, 64, same_moment_every=4)  # ties on submitted_at, broken by id
    pages = walk(blocks, usage, staff, filter=queue_filter, page_size=7)
    seen = [item["learner"] for page in pages for item in page["items"]]
    assert seen == expected_order(block, states)
    assert [page["page"] for page in pages] == list(range(1, len(pages) + 1))
    assert all(page["total"] == len(seen) and page["pages"] == len(pages) for page in pages)
    assert all(len(page["items"]) == 7 for page in pages[:-1]) and 1 <= len(pages[-1]["items"]) <= 7


def test_a_submission_arriving_between_pages_neither_repeats_nor_hides_a_learner(blocks, usage, staff, users):
    block = fill(blocks, usage, staff, 40)  # 16 waiting first, then 8 resubmitted, then 16 graded
    before = expected_order(block)

    def arrivals(first, deep):
        def arrive(page_number):  # a new waiting learner after page 1 (ahead) and after page 5 (behind us)
            name = {1: first, 5: deep}.get(page_number)
            if name:
                assert blocks.call(usage, "submit", {"answer": "late"}, user=users[name]).status == 200
        return arrive

    pages = walk(blocks, usage, staff, between=arrivals("learner_1", "learner_2"), page_size=6)
    seen = [item["learner"] for page in pages for item in page["items"]]
    assert len(seen) == len(set(seen)) == len(before) + 1  # learner_1 arrived ahead of the cursor
    assert [learner for learner in seen if learner in before] == before

    # The same walk by page number (OFFSET) shows a learner twice: the arrival behind shifts every row.
    arrive, numbered, number = arrivals("learner_3", "learner_4"), [], 1
    while True:
        body = queue(blocks, usage, staff, page=number, page_size=6)
        numbered += [item["learner"] for item in body["items"]]
        arrive(number)
        if number >= body["pages"]:
            break
        number += 1
    assert len(numbered) != len(set(numbered))


def bad_cursors(good):
    raw = json.loads(base64.urlsafe_b64decode(good + "=" * (-len(good) % 4)))

    def forged(*values):
        return encode_cursor(*values)

    return {
        "not base64": "%%%not-a-cursor%%%",
        "not JSON": base64.urlsafe_b64encode(b"\xff\xfe garbage").decode(),
        "a number": 12,
        "empty": "",
        "a list": ["all"],
        "too long": "A" * 600,
        "wrong arity": forged(*raw[1:-1]),
        "another filter's": forged("graded", *raw[2:]),
        "a state the filter lacks": forged("to_grade", 2, *raw[3:]),
        "a boolean state": forged("all", True, *raw[3:]),
        "not a date": forged("all", raw[2], "yesterday", *raw[4:]),
        "a date without zone": forged("all", raw[2], "2026-09-01T08:00:00", *raw[4:]),
        "a negative id": forged("all", raw[2], raw[3], -4, raw[5]),
        "page one": forged("all", raw[2], raw[3], raw[4], 1),
        "an old version": base64.urlsafe_b64encode(json.dumps([0, *raw[1:]]).encode()).decode(),
    }


def test_a_cursor_the_queue_did_not_hand_out_is_a_400_in_the_error_shape(blocks, usage, staff):
    fill(blocks, usage, staff, 20)
    good = queue(blocks, usage, staff, page_size=5)["next_cursor"]
    assert queue_paging.read_cursor(good, "all", [0, 1, 2])[1] == 2
    for name, cursor in bad_cursors(good).items():
        reply = blocks.call(usage, "staff_queue", {"cursor": cursor}, user=staff)
        assert reply.status == 400, name
        assert reply.json["error_code"] == "invalid_cursor", name
        assert reply.json["message"] == "This page link is not valid any more. Go back to the first page.", name
    assert blocks.call(usage, "staff_queue", {"cursor": good}, user=staff).status == 200


def test_learners_may_not_page_the_queue(blocks, usage, staff, users):
    fill(blocks, usage, staff, 12)
    good = queue(blocks, usage, staff, page_size=5)["next_cursor"]
    reply = blocks.call(usage, "staff_queue", {"cursor": good}, user=users["learner_1"])
    assert reply.status == 403 and reply.json["error_code"] == "not_staff"


def test_the_invalid_cursor_message_is_in_the_readers_language(blocks, usage, staff):
    from sandbox.models import LearnerProfile

    LearnerProfile.objects.filter(user=staff).update(language="fr")
    reply = blocks.call(usage, "staff_queue", {"cursor": "nope"}, user=staff)
    assert reply.status == 400 and reply.json["error_code"] == "invalid_cursor"
    assert reply.json["message"] == "Ce lien de page n'est plus valide. Revenez à la première page."
