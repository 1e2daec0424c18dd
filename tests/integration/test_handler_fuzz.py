"""Every handler of every block, sent garbage: 2xx or a documented 4xx in the JSON error shape, never a 5xx,
and nothing stored when refused.

Generated bodies (hypothesis) mix the handlers' own keys with wrong types, deep nesting, lone surrogates,
NUL characters, huge and fractional numbers; hand-picked raw bodies cover what JSON cannot express.
Runs through the runtime on the test database (SQLite, and MariaDB in make test-mysql).
"""

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.pitch_review_support import OLX as PITCH_OLX
from tests.integration.pitch_review_support import submit as submit_pitch
from xblocks.common.runtime.access import access_matrix
from xblocks.pitch_review.block import PitchReviewBlock
from xblocks.rubric.block import RubricBlock
from xblocks.timezone_poll.block import TimezonePollBlock

pytestmark = pytest.mark.django_db
# Generated requests per block (FUZZ_EXAMPLES=2000 for a longer hunt).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))

ROOT = Path(__file__).resolve().parents[2]


def request_keys(package):
    """Every key the block's handlers read from a request (``data.get("x")``, ``data["x"]``) in its package
    and the shared modules, so generated bodies hit what the code looks at."""
    found = set()
    for folder in (ROOT / "xblocks" / package, ROOT / "xblocks" / "common"):
        for path in folder.rglob("*.py"):
            found |= set(re.findall(r'data(?:\.get\(|\[)"(\w+)"', path.read_text(encoding="utf-8")))
    return sorted(found)


TEXT = st.one_of(st.text(max_size=30), st.sampled_from(["\ud800", "a\x00b", "'; DROP TABLE x; --", "<script>",
                                                         "all", "auto", "manual", "fr", "Europe/Paris", "1-780",
                                                         "prompt", "criteria.reach.name"]))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2 ** 70, max_value=2 ** 70),
                    st.floats(allow_nan=False, allow_infinity=False), TEXT)
JSON = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)
RAW = [b"[" * 50_000, b'{"page": NaN}', b'{"page": Infinity}', b'{"a": 1e999}', b"\xff\xfe", b"[1, 2]", b"null",
       b"42", b'"text"', b'{"answer": "\\ud800"}', b'{"answer": "x\\u0000y"}', b'{' + b'"a": {' * 40 + b"}" * 41]
BLOCKS = {"rubric": RubricBlock, "pitch": PitchReviewBlock, "poll": TimezonePollBlock}
PACKAGES = {"rubric": "rubric", "pitch": "pitch_review", "poll": "timezone_poll"}


def digest():
    """A fingerprint of every row the suite, edx-submissions and the block field store keep."""
    labels = ("wikilearn", "submissions", "workbench")
    rows = [(model.__name__, list(model.objects.order_by("pk").values_list()))
            for label in labels for model in apps.get_app_config(label).get_models()]
    return hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()


@pytest.fixture
def course(blocks, users):
    """A rubric with a submission, a pitch review with three allocated pitches, a poll with an answer."""
    rubric = blocks.create("<wikilearn_rubric accept_files='true' file_types='pdf, txt'/>")
    blocks.call(rubric, "submit", {"answer": "first"}, user=users["learner_1"])
    pitch = blocks.create(PITCH_OLX)
    for name in ("learner_1", "learner_2", "learner_3"):
        submit_pitch(blocks, pitch, users[name])
    blocks.call(pitch, "assign_reviewers", {"mode": "auto"}, user=users["staff_1"])
    poll = blocks.create("<wikilearn_timezone_poll first_session='2027-01-05' last_session='2027-03-30'/>")
    return {"rubric": rubric, "pitch": pitch, "poll": poll}


def check(result, before):
    assert result.status < 500, (result.status, result.response.body[:300])
    if result.status >= 400:
        assert set(result.json) >= {"error_code", "message"} and isinstance(result.json["message"], str)
        assert digest() == before, result.json


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_generated_garbage_never_breaks_a_handler(blocks, users, course, name):
    handlers = sorted(h for h, (_level, kind) in access_matrix(BLOCKS[name]).items() if kind == "json")
    surfaces = {"submit_studio_edits": "studio", "save_translations": "studio"}
    bodies = st.dictionaries(st.sampled_from(request_keys(PACKAGES[name])), JSON, min_size=2, max_size=10)
    sent = {"count": 0}

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(handler=st.sampled_from(handlers), body=bodies, who=st.sampled_from(["learner_1", "staff_1"]))
    def run(handler, body, who):
        before = digest()
        result = blocks.call(course[name], handler, body, user=users[who],
                             surface=surfaces.get(handler, "lms") if who == "staff_1" else "lms")
        sent["count"] += 1
        check(result, before)

    run()
    assert sent["count"] >= EXAMPLES


NASTY = [None, True, -1, 2 ** 64, 1.5, "", "\ud800", "a\x00b", ["all"], [[[]]], {"a": {"b": []}}]


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_every_key_of_every_handler_with_every_wrong_type(blocks, users, course, name):
    """Systematic type confusion: each key a handler reads, alone, with each nasty value, as staff."""
    keys = request_keys(PACKAGES[name])
    for handler, (_level, kind) in sorted(access_matrix(BLOCKS[name]).items()):
        if kind != "json":
            continue
        surface = "studio" if handler in ("submit_studio_edits", "save_translations") else "lms"
        for key in keys:
            for value in NASTY:
                before = digest()
                result = blocks.call(course[name], handler, {key: value}, user=users["staff_1"], surface=surface)
                assert result.status < 500, (handler, key, value)
                check(result, before)


@pytest.mark.parametrize("raw", RAW, ids=lambda raw: raw[:20].decode("latin-1"))
@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_raw_bodies_are_refused_with_the_json_error_shape(blocks, users, course, name, raw):
    for handler, (_level, kind) in sorted(access_matrix(BLOCKS[name]).items()):
        if kind != "json":
            continue
        before = digest()
        surface = "studio" if handler in ("submit_studio_edits", "save_translations") else "lms"
        result = blocks.call(course[name], handler, body=raw, user=users["staff_1"], surface=surface)
        assert result.status == 400 and result.json["error_code"] in ("invalid_json", "invalid_text"), (handler, raw)
        assert digest() == before


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_state_changing_handlers_want_json(blocks, users, course, name):
    """A cross-site form cannot send application/json without a preflight: anything else is 415."""
    for handler, (_level, kind) in sorted(access_matrix(BLOCKS[name]).items()):
        if kind != "json" or handler == "submit_studio_edits":
            continue
        surface = "studio" if handler == "save_translations" else "lms"
        result = blocks.call(course[name], handler, body=b"answer=x", user=users["staff_1"], surface=surface,
                             content_type="application/x-www-form-urlencoded")
        assert (result.status, result.json["error_code"]) == (415, "unsupported_media_type"), handler
