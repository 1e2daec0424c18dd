"""Allocation and reassignment of pitch reviewers (pure), with hypothesis property tests."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xblocks.pitch_review import allocation
from xblocks.pitch_review.allocation import DONE, PENDING, STARTED


def learners(count):
    return [f"l{i:03d}" for i in range(count)]


def as_assignments(groups):
    return [{"id": f"{p}>{r}", "presenter": p, "reviewer": r, "state": PENDING}
            for p, reviewers in groups.items() for r in reviewers]


def apply(assignments, plan):
    moved = {key: reviewer for key, _, reviewer in plan.moves}
    return [dict(a, reviewer=moved.get(a["id"], a["reviewer"])) for a in assignments]


def assert_two_distinct_peers(assignments, presenters):
    per_pitch = allocation.peers_per_pitch(assignments)
    for presenter in presenters:
        reviewers = per_pitch[presenter]
        assert sum(reviewers.values()) == 2 and len(reviewers) == 2, (presenter, reviewers)
        assert presenter not in reviewers


@given(st.integers(min_value=3, max_value=60), st.integers(min_value=0, max_value=10**6))
@settings(max_examples=60, deadline=None)
def test_auto_allocation_two_distinct_peers_and_two_reviews_each(count, seed):
    people = learners(count)
    groups = allocation.auto_allocate(people, seed)
    assert set(groups) == set(people)
    assignments = as_assignments(groups)
    assert_two_distinct_peers(assignments, people)
    assert set(Counter(a["reviewer"] for a in assignments).values()) == {2}
    assert allocation.auto_allocate(list(reversed(people)), seed) == groups


@pytest.mark.parametrize("count", [0, 1, 2])
def test_fewer_than_three_submitters_fall_back_to_instructor_only(count):
    assert allocation.auto_allocate(learners(count), seed=1) == {}


def test_different_seeds_give_different_groups():
    people = learners(12)
    assert allocation.auto_allocate(people, 1) != allocation.auto_allocate(people, 2)


@given(st.integers(min_value=3, max_value=40), st.integers(min_value=0, max_value=999),
       st.lists(st.tuples(st.integers(min_value=0, max_value=39), st.sampled_from([PENDING, STARTED, DONE])),
                max_size=25))
@settings(max_examples=80, deadline=None)
def test_reassignment_after_any_withdrawals_keeps_two_peers_and_even_loads(count, seed, events):
    """Withdraw learners one by one (some reviews already started or done), reassign after each."""
    people = learners(count)
    assignments = as_assignments(allocation.auto_allocate(people, seed))
    active = set(people)
    for index, state in events:
        # Some reviews progress before the next dropout: those never move again.
        target = assignments[index % len(assignments)]
        if target["reviewer"] in active and target["state"] == PENDING:
            target["state"] = state
        withdrawn = people[index % count]
        if len(active) <= allocation.MIN_SUBMITTERS + 1:
            break
        active.discard(withdrawn)
        before = {a["id"]: (a["reviewer"], a["state"]) for a in assignments if a["state"] != PENDING}
        plan = allocation.reassign(assignments, active, seed=seed)
        assignments = apply(assignments, plan)
        # Completed and started reviews are never lost or moved.
        assert {a["id"]: (a["reviewer"], a["state"]) for a in assignments if a["state"] != PENDING} == before
        assert not plan.unplaced
        assert_two_distinct_peers(assignments, people)
        assert all(a["reviewer"] in active for a in assignments if a["state"] == PENDING)
        loads = allocation.loads_of(assignments, active)
        assert max(loads.values()) - min(loads.values()) <= 1, loads


def test_reassignment_is_repeatable_and_moves_only_pending_reviews_of_the_withdrawn():
    people = learners(8)
    assignments = as_assignments(allocation.auto_allocate(people, 5))
    assignments[0]["state"] = DONE
    gone = assignments[0]["reviewer"]
    active = set(people) - {gone}
    plan = allocation.reassign(assignments, active, seed=3)
    assert plan.moves == allocation.reassign(assignments, active, seed=3).moves
    moved_ids = {key for key, _, _ in plan.moves}
    assert moved_ids == {a["id"] for a in assignments if a["reviewer"] == gone and a["state"] == PENDING}
    assert assignments[0]["id"] not in moved_ids


def test_late_reviewers_lose_pending_reviews_and_take_none():
    people = learners(6)
    assignments = as_assignments(allocation.auto_allocate(people, 1))
    late = {people[0]}
    plan = allocation.reassign(assignments, set(people), late=late, seed=1)
    assert len(plan.moves) == 2
    assert all(reviewer != people[0] for _, _, reviewer in plan.moves)


def test_nobody_left_to_take_a_review_is_reported_unplaced():
    assignments = [{"id": 1, "presenter": "a", "reviewer": "b", "state": PENDING},
                   {"id": 2, "presenter": "a", "reviewer": "c", "state": DONE}]
    plan = allocation.reassign(assignments, {"a", "c"}, seed=0)
    assert plan.unplaced == [1] and not plan.moves


def test_manual_check_rejects_self_and_duplicates_and_warns():
    people = learners(4)
    check = allocation.check_manual({people[0]: [people[0], people[1]], people[1]: [people[2], people[2]],
                                     people[2]: [people[3]]}, people, people)
    codes = [code for code, _, _ in check.errors]
    assert codes == ["self_review", "duplicate_reviewer"]
    assert check.warnings == [("too_few_reviewers", people[2], None)]
    check = allocation.check_manual({"x": ["a"], people[0]: ["zz", people[1], people[2]]}, people, people[:2])
    assert [code for code, _, _ in check.errors] == ["unknown_presenter", "unknown_reviewer",
                                                    "withdrawn_reviewer", "too_many_reviewers"]


def test_load_warning_when_loads_differ_by_more_than_one():
    people = learners(4)
    unbalanced = as_assignments({people[0]: [people[1], people[2]], people[1]: [people[2], people[0]],
                                 people[2]: [people[1], people[0]], people[3]: [people[1], people[2]]})
    warnings, loads = allocation.load_warnings(unbalanced, people)
    assert warnings == [("unbalanced_load", None, None)] and loads[people[3]] == 0
    assert allocation.load_warnings(as_assignments(allocation.auto_allocate(people, 1)), people)[0] == []


def test_pitches_short_of_two_peers_get_new_reviewers_with_the_lowest_load():
    people = learners(7)
    assignments = as_assignments(allocation.auto_allocate(people[:6], 4))
    late_comer = people[6]
    plan = allocation.reassign(assignments, set(people), seed=2, pitches=people)
    new = [(key, presenter, reviewer) for key, presenter, reviewer in plan.moves if key is None]
    assert len(new) == 2 and {presenter for _, presenter, _ in new} == {late_comer}
    assert len({reviewer for _, _, reviewer in new}) == 2 and late_comer not in {r for _, _, r in new}
    assert not plan.unplaced
    loads = allocation.loads_of(apply(assignments, plan) + [{"reviewer": r} for _, _, r in new], people)
    assert max(loads.values()) - min(loads.values()) <= 1, loads
    assert allocation.reassign(assignments, set(people), seed=2).moves == []


@given(st.integers(min_value=3, max_value=30), st.integers(min_value=0, max_value=999),
       st.lists(st.sampled_from(["withdraw", "join", "late"]), max_size=15))
@settings(max_examples=60, deadline=None)
def test_withdrawals_late_joiners_and_late_reviewers_keep_every_pitch_reviewed(count, seed, events):
    """Learners withdraw, others submit after the allocation, some reviewers miss the deadline."""
    people = learners(count)
    assignments = as_assignments(allocation.auto_allocate(people, seed))
    active, presenters, joined, ever_late = set(people), list(people), count, set()
    for step, event in enumerate(events):
        late = set()
        if event == "withdraw" and len(active) > allocation.MIN_SUBMITTERS + 2:
            active.discard(sorted(active)[(seed + step) % len(active)])
        elif event == "join":
            newcomer = f"n{joined:03d}"
            joined += 1
            active.add(newcomer)
            presenters.append(newcomer)
        elif event == "late" and len(active) > allocation.MIN_SUBMITTERS + 2:
            late = {sorted(active)[(seed * 7 + step) % len(active)]}
            ever_late |= late
        plan = allocation.reassign(assignments, active, late=late, seed=seed,
                                   pitches=[p for p in presenters if p in active])
        added = [{"id": f"new{step}-{i}", "presenter": presenter, "reviewer": reviewer, "state": PENDING}
                 for i, (key, presenter, reviewer) in enumerate(plan.moves) if key is None]
        assignments = apply(assignments, plan) + added
        assert not plan.unplaced
        assert_two_distinct_peers(assignments, presenters)
        assert all(a["reviewer"] in active and a["reviewer"] not in late for a in assignments
                   if a["id"] in {key for key, _, _ in plan.moves})
        # Late reviewers lose their pending reviews on purpose; everyone else stays within one.
        loads = allocation.loads_of(assignments, active - ever_late)
        assert not loads or max(loads.values()) - min(loads.values()) <= 1, loads
