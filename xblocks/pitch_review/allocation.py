"""Who reviews whose pitch (pure): automatic allocation, manual checks, reassignment after dropouts.

Everything works on plain data. A *pitch* is named by its presenter's anonymous id; an
*assignment* is a dict ``{"id", "presenter", "reviewer", "state"}`` where ``state`` is
``pending`` (nothing sent yet), ``started`` (phase one sent) or ``done`` (both phases sent).
Only pending assignments may ever move; started and done reviews stay where they are.
"""

import heapq
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

PEERS_PER_PITCH = 2
MIN_SUBMITTERS = PEERS_PER_PITCH + 1
PENDING, STARTED, DONE = "pending", "started", "done"


def auto_allocate(presenters, seed):
    """{presenter: [reviewer, reviewer]} for every presenter, or {} when fewer than three submitted.

    The presenters are shuffled with ``seed`` (same seed and same learners: same groups), then
    each learner reviews the next two in that circle. So every pitch gets two distinct
    reviewers other than its presenter and every learner reviews exactly two pitches.
    """
    order = sorted(set(presenters))
    if len(order) < MIN_SUBMITTERS:
        return {}
    random.Random(str(seed)).shuffle(order)  # noqa: S311 - repeatable groups, not secrets
    count = len(order)
    return {order[i]: [order[(i - step) % count] for step in range(1, PEERS_PER_PITCH + 1)] for i in range(count)}


@dataclass
class ManualCheck:
    """The verdict on a manual assignment: blocking errors (code, presenter, reviewer) and warnings."""

    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def check_manual(groups, submitters, active):
    """Check ``groups`` ({presenter: [reviewers]}) against the submitters and the active learners.

    Errors: ``unknown_presenter``, ``unknown_reviewer``, ``self_review``, ``duplicate_reviewer``,
    ``too_many_reviewers``, ``withdrawn_reviewer``. Warnings: ``too_few_reviewers`` (a pitch
    with fewer than two peers) and ``unbalanced_load`` (loads differ by more than one).
    """
    check = ManualCheck()
    submitters, active = set(submitters), set(active)
    for presenter, reviewers in groups.items():
        if presenter not in submitters:
            check.errors.append(("unknown_presenter", presenter, None))
            continue
        seen = set()
        for reviewer in reviewers:
            if reviewer == presenter:
                check.errors.append(("self_review", presenter, reviewer))
            elif reviewer in seen:
                check.errors.append(("duplicate_reviewer", presenter, reviewer))
            elif reviewer not in submitters:
                check.errors.append(("unknown_reviewer", presenter, reviewer))
            elif reviewer not in active:
                check.errors.append(("withdrawn_reviewer", presenter, reviewer))
            seen.add(reviewer)
        if len(reviewers) > PEERS_PER_PITCH:
            check.errors.append(("too_many_reviewers", presenter, None))
        elif len(reviewers) < PEERS_PER_PITCH:
            check.warnings.append(("too_few_reviewers", presenter, None))
    return check


def load_warnings(assignments, active):
    """('unbalanced_load', None, None) when active learners' review loads differ by more than one."""
    loads = loads_of(assignments, active)
    if loads and max(loads.values()) - min(loads.values()) > 1:
        return [("unbalanced_load", None, None)], loads
    return [], loads


def loads_of(assignments, active):
    """{active learner: number of reviews they hold} (zero for those with none)."""
    loads = dict.fromkeys(active, 0)
    for item in assignments:
        if item["reviewer"] in loads:
            loads[item["reviewer"]] += 1
    return loads


@dataclass
class Reassignment:
    """The plan: ``moves`` [(assignment id, presenter, new reviewer)], ``unplaced`` ids, final loads."""

    moves: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)
    loads: dict = field(default_factory=dict)


def reassign(assignments, active, late=(), seed=0, pitches=()):
    """Plan moving the pending reviews of withdrawn reviewers (not in ``active``) and of ``late`` ones.

    ``pitches`` (presenters) with fewer than two peer reviews, such as a pitch sent after the
    allocation, get new reviews the same way; those moves carry ``None`` as their id.

    Each such review goes to the active, not-late learner with the lowest load who is neither
    the presenter nor already reviewing that pitch (ties broken by a seeded order, so a plan is
    repeatable). Started and done reviews never move. A review that no one can take is left
    where it is and reported in ``unplaced``. When the constraints leave loads more than one
    apart, a final pass hands unstarted reviews along from the busiest learners to the least
    busy (nobody has written anything in those), so loads stay within one of each other.
    """
    active, late = set(active), set(late)
    candidates = sorted(active - late)
    random.Random(str(seed)).shuffle(candidates)  # noqa: S311 - repeatable ties, not secrets
    rank = {learner: i for i, learner in enumerate(candidates)}
    kept, orphans = [], []
    for item in assignments:
        movable = item["state"] == PENDING and (item["reviewer"] not in active or item["reviewer"] in late)
        (orphans if movable else kept).append(item)
    held = Counter(item["presenter"] for item in assignments)
    orphans += [{"id": ("new", presenter, n), "presenter": presenter, "reviewer": None, "state": PENDING}
                for presenter in sorted(set(pitches)) for n in range(PEERS_PER_PITCH - held[presenter])]
    loads = loads_of(kept, candidates)
    on_pitch = defaultdict(set)
    for item in kept:
        on_pitch[item["presenter"]].add(item["reviewer"])
    plan = Reassignment()
    placed = {}
    heap = [(loads[c], rank[c], c) for c in candidates]
    heapq.heapify(heap)
    for item in sorted(orphans, key=lambda a: (a["presenter"], str(a["id"]))):
        presenter = item["presenter"]
        chosen = _lowest_eligible(heap, presenter, on_pitch[presenter])
        if chosen is None:
            plan.unplaced.append(None if isinstance(item["id"], tuple) else item["id"])
            continue
        loads[chosen] += 1
        heapq.heappush(heap, (loads[chosen], rank[chosen], chosen))
        on_pitch[presenter].add(chosen)
        placed[item["id"]] = [presenter, chosen]
    if placed:
        # Unstarted reviews of active learners may pass one on, so loads stay within one.
        movable = dict(placed)
        movable.update({item["id"]: [item["presenter"], item["reviewer"]] for item in kept
                        if item["state"] == PENDING and item["reviewer"] in loads})
        original = {item["id"]: item["reviewer"] for item in kept}
        _even_out(movable, loads, on_pitch, candidates, rank)
        plan.moves = [(None if isinstance(key, tuple) else key, presenter, reviewer)
                      for key, (presenter, reviewer) in movable.items() if original.get(key) != reviewer]
    plan.loads = loads
    return plan


def _lowest_eligible(heap, presenter, reviewing):
    """Pop the lowest-load learner who may review ``presenter``'s pitch (others go back on the heap).

    At most the presenter and the pitch's current reviewers are skipped, so this is O(log n).
    """
    skipped, chosen = [], None
    while heap:
        entry = heapq.heappop(heap)
        if entry[2] == presenter or entry[2] in reviewing:
            skipped.append(entry)
            continue
        chosen = entry[2]
        break
    for entry in skipped:
        heapq.heappush(heap, entry)
    return chosen


def _even_out(placed, loads, on_pitch, candidates, rank):
    """Move unstarted reviews from the busiest learners towards the least busy.

    Each step follows a chain of movable reviews (A gives one to B, B gives one to C...) found
    breadth first, so a learner who may not take a given pitch can still be relieved; every
    learner on the chain but its two ends keeps their load.
    """
    for _round in range(len(placed) + 1):
        if not loads or max(loads.values()) - min(loads.values()) <= 1:
            return
        path = _relief_path(placed, loads, on_pitch, candidates, rank)
        if not path:
            return
        for key, giver, taker in reversed(path):
            presenter = placed[key][0]
            on_pitch[presenter].discard(giver)
            on_pitch[presenter].add(taker)
            placed[key] = [presenter, taker]
        loads[path[0][1]] -= 1
        loads[path[-1][2]] += 1


def _relief_path(placed, loads, on_pitch, candidates, rank):
    """[(review key, giver, taker), ...] from a learner at the top load to one at the lowest."""
    low, high = min(loads.values()), max(loads.values())
    held = defaultdict(list)
    for key, (presenter, reviewer) in sorted(placed.items(), key=lambda kv: str(kv[0])):
        held[reviewer].append((key, presenter))
    starts = sorted((c for c in candidates if loads[c] == high and held[c]), key=rank.__getitem__)
    previous = {start: None for start in starts}
    queue = list(starts)
    while queue:
        giver = queue.pop(0)
        for key, presenter in held[giver]:
            for taker in candidates:
                if taker in previous or taker == presenter or taker in on_pitch[presenter]:
                    continue
                previous[taker] = (key, giver)
                if loads[taker] == low:
                    path, node = [], taker
                    while previous[node] is not None:
                        step_key, step_giver = previous[node]
                        path.append((step_key, step_giver, node))
                        node = step_giver
                    return list(reversed(path))
                queue.append(taker)
    return []


def peers_per_pitch(assignments):
    """{presenter: Counter of reviewers}: for checks and summaries."""
    groups = defaultdict(Counter)
    for item in assignments:
        groups[item["presenter"]][item["reviewer"]] += 1
    return groups
