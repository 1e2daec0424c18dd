"""Pure rules of the rubric block and the shared grading pieces: no runtime, no database."""

import datetime

import pytest

from xblocks.common.csvio import ImportReport, csv_text, parse_csv, safe_cell
from xblocks.common.files.policy import UploadPolicy, check_file, clean_links, safe_filename
from xblocks.common.grading import rubrics
from xblocks.common.grading.scale import Scale
from xblocks.common.paging import page_from
from xblocks.common.runtime.errors import BadRequest
from xblocks.rubric import csv_rows, rules

CRITERIA = [{"name": "Judgement"}, {"name": "Reasoning", "feedback": "required"}]


def rubric(rule=None, scale=None):
    return rubrics.snapshot(CRITERIA, scale or Scale.default().to_data(), rule)


def levels(a, b):
    return {"judgement": a, "reasoning": b}


def test_snapshot_fills_keys_and_defaults():
    snap = rubric()
    assert [c["key"] for c in snap["criteria"]] == ["judgement", "reasoning"]
    assert snap["criteria"][0]["feedback"] == "optional"
    assert snap["passing_rule"] == {"mode": "every_criterion", "level": "good"}
    assert [lvl["points"] for lvl in snap["scale"]] == [0, 1, 2, 3]
    assert rubrics.max_points(snap) == 6


def test_duplicate_names_get_distinct_keys_and_bad_rubrics_are_refused():
    keys = [c["key"] for c in rubrics.clean_criteria([{"name": "Clarity"}, {"name": "clarity!"}])]
    assert keys == ["clarity", "clarity_2"]
    for bad in ([], [{"name": ""}], [{"name": "x", "feedback": "maybe"}], "nope"):
        with pytest.raises(rubrics.RubricError):
            rubrics.clean_criteria(bad)
    with pytest.raises(rubrics.RubricError):
        rubrics.snapshot(CRITERIA, None, {"mode": "every_criterion", "level": "stellar"})
    with pytest.raises(rubrics.RubricError):
        rubrics.snapshot(CRITERIA, [{"key": "a", "label": "A", "points": 2}, {"key": "b", "label": "B", "points": 1}])


@pytest.mark.parametrize(("a", "b", "passed"), [
    ("good", "good", True), ("excellent", "good", True), ("needs_improvement", "excellent", False),
    ("poor", "poor", False),
])
def test_default_passing_rule_is_every_criterion_good_or_better(a, b, passed):
    assert rubrics.passes(rubric(), levels(a, b)) is passed


def test_percent_passing_rule():
    snap = rubric({"mode": "min_percent", "percent": 50})
    assert rubrics.passes(snap, levels("needs_improvement", "good")) is True  # 3 of 6
    assert rubrics.passes(snap, levels("poor", "good")) is False
    with pytest.raises(rubrics.RubricError):
        rubric({"mode": "min_percent", "percent": 150})


def test_score_and_rescore_with_new_points():
    snap = rubric()
    assert rubrics.score(snap, levels("good", "excellent")) == (5, 6)
    doubled = [dict(lvl, points=lvl["points"] * 2) for lvl in snap["scale"]]
    assert rubrics.score(snap, levels("good", "excellent"), doubled) == (10, 12)
    assessment = {"rubric": snap, "levels": levels("good", "excellent")}
    assert rules.rescore(assessment, doubled) == (10, 12, True, doubled)


def test_validate_assessment_codes():
    snap = rubric()
    ok = rubrics.validate_assessment(snap, levels("good", "good"), {"reasoning": " fine "}, " well ")
    assert ok == (levels("good", "good"), {"reasoning": "fine"}, "well")
    cases = [
        (levels("good", "good") | {"other": "good"}, {"reasoning": "x"}, "unknown_criterion"),
        (levels("good", "stellar"), {"reasoning": "x"}, "unknown_level"),
        ({"judgement": "good"}, {"reasoning": "x"}, "missing_level"),
        (levels("good", "good"), {}, "feedback_required"),
        (levels("good", "good"), {"reasoning": "x" * 20_001}, "feedback_too_long"),
        ("good", {}, "invalid_levels"),
    ]
    for given, feedback, code in cases:
        with pytest.raises(BadRequest) as error:
            rubrics.validate_assessment(snap, given, feedback)
        assert error.value.error_code == code
    # A draft may be partial and lack required feedback.
    assert rubrics.validate_assessment(snap, {"judgement": "good"}, {}, complete=False)[0] == {"judgement": "good"}


def test_prepare_assessment_partial_draft_has_no_points():
    values = rules.prepare_assessment(rubric(), {"judgement": "good"}, {}, "", release=False)
    assert values["points"] is None and values["max_points"] == 6 and values["passed"] is False
    values = rules.prepare_assessment(rubric(), levels("good", "good"), {"reasoning": "x"}, "", release=True)
    assert (values["points"], values["passed"]) == (4, True)


def attempt(status=None, passed=False):
    assessment = None if status is None else {"status": status, "passed": passed, "rubric": rubric(), "levels": {},
                                              "feedback": {}, "overall_feedback": "", "points": 1, "max_points": 6,
                                              "released_at": None, "assessor": "staff_1", "version": 1}
    return {"attempt": 1, "answer": "a", "links": [], "attachments": [], "submitted_at": None,
            "assessment": assessment}


@pytest.mark.parametrize(("history", "max_attempts", "resubmit", "code"), [
    ([], 0, True, None),
    ([attempt()], 0, True, "awaiting_feedback"),
    ([attempt("draft")], 0, True, "awaiting_feedback"),
    ([attempt("released")], 0, True, None),
    ([attempt("released", passed=True)], 0, True, "already_passed"),
    ([attempt("released")], 0, False, "resubmission_not_allowed"),
    ([attempt("released"), attempt("released")], 2, True, "no_attempts_left"),
    ([attempt("released"), attempt("released")], 3, True, None),
])
def test_submit_refusals(history, max_attempts, resubmit, code):
    refusal = rules.submit_refusal(history, max_attempts, resubmit, None)
    assert (refusal.error_code if refusal else None) == code


def test_due_date_and_phases():
    now = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    due = datetime.datetime(2026, 4, 30, 23, 0)
    assert rules.submit_refusal([], 0, True, due, now).error_code == "past_due"
    assert rules.submit_refusal([], 0, True, due.replace(day=30, month=5), now) is None
    assert rules.phase([]) == rules.NOT_SUBMITTED
    assert rules.phase([attempt("draft")]) == rules.AWAITING
    assert rules.phase([attempt("released")]) == rules.RELEASED
    assert rules.attempts_left([attempt()], 0) is None and rules.attempts_left([attempt()], 3) == 2


def test_learner_never_sees_draft_assessment_or_assessor():
    assert rules.learner_attempt(attempt("draft"))["assessment"] is None
    shown = rules.learner_attempt(attempt("released"))["assessment"]
    assert "assessor" not in shown and "version" not in shown


def test_answer_cleaning():
    assert rules.clean_answer("  hi ", 10) == "hi"
    for value, code in (("   ", "empty_answer"), ("x" * 11, "answer_too_long"), (5, "invalid_answer")):
        with pytest.raises(BadRequest) as error:
            rules.clean_answer(value, 10)
        assert error.value.error_code == code
    assert rules.clean_answer("", 10, required=False) == ""


def test_links_and_files():
    assert clean_links([" https://meta.wikimedia.org/ ", "", "https://meta.wikimedia.org/"]) == [
        "https://meta.wikimedia.org/"]
    for bad in (["javascript:alert(1)"], ["ftp://x"], "https://x", ["https://x"] * 11):
        with pytest.raises(BadRequest):
            clean_links(bad)
    policy = UploadPolicy.from_fields("pdf, .ODP", 1)
    assert policy.extensions == ("pdf", "odp") and policy.max_bytes == 1024 * 1024
    assert check_file(policy, "../../etc/pitch deck.PDF", 10) == "pitch deck.PDF"
    for name, size, code in (("a.exe", 10, "file_type_not_allowed"), ("a.pdf", 0, "empty_file"),
                             ("a.pdf", 2 * 1024 * 1024, "file_too_large")):
        with pytest.raises(BadRequest) as error:
            check_file(policy, name, size)
        assert error.value.error_code == code
    assert safe_filename('<img onerror="x">.pdf') == "img onerror=x.pdf"


def test_csv_helpers():
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("-2") == "'-2" and safe_cell("ok") == "ok"
    assert csv_text(["a"], [["=x"]]) == "a\r\n'=x\r\n"
    rows = parse_csv("\ufeffUserName,Level:A\nx,good\n\n,\ny\n", required=["username"])
    assert rows == [(2, {"username": "x", "level:a": "good"}), (5, {"username": "y", "level:a": ""})]
    for text in ("", "name\nx", 'username\n"unterminated'):
        with pytest.raises(BadRequest) as error:
            parse_csv(text, required=["username"])
        assert error.value.error_code == "malformed_csv"
    report = ImportReport()
    report.accept(2, username="x")
    report.reject(3, "unknown_level", "No.", username="y")
    assert report.to_dict()["applied"] == 1 and report.to_dict()["rejected"][0]["line"] == 3


def test_rubric_csv_rows():
    values = csv_rows.import_values({"username": "u", "attempt": "2", "level:a": "good", "feedback:a": "fine",
                                     "level:b": "", "release": "Yes"})
    assert values == ("u", 2, {"a": "good"}, {"a": "fine"}, "", True)
    with pytest.raises(BadRequest):
        csv_rows.import_values({"username": "u", "attempt": "two"})
    with pytest.raises(BadRequest):
        csv_rows.import_values({"username": ""})
    assert csv_rows.header(["a"])[-2:] == ["level:a", "feedback:a"]


def test_paging_takes_whole_numbers_and_lowers_large_sizes():
    page = page_from({"page": "3", "page_size": "500"})
    assert (page.number, page.size, page.offset) == (3, 100, 200)
    assert page.describe(201) == {"page": 3, "page_size": 100, "total": 201, "pages": 3}
    assert page_from({}).describe(0)["pages"] == 1
    assert page_from({"page": 2.0}).number == 2
    for bad in ({"page": "x"}, {"page_size": 0}, {"page": 1e30}, {"page": True}, {"page": [1]}, {"page": 1.5},
                {"page": 1_000_001}, {"page": -1}):
        with pytest.raises(BadRequest) as error:
            page_from(bad)
        assert error.value.error_code == "invalid_page", bad
