"""The pitch review's staff handlers: overview, allocation, dropouts, final grade, release, CSV.

A mixin of :class:`~xblocks.pitch_review.block.PitchReviewBlock` so the block module stays
small; every handler here is declared ``STAFF`` (learners get 403 ``not_staff``).
"""

import datetime
import zlib

from openedx_plugins.wikilearn.api import pitch_review as api
from openedx_plugins.wikilearn.errors import ConflictError
from xblocks.common import csvio
from xblocks.common.paging import page_from
from xblocks.common.runtime.access import STAFF, json_access, plain_access
from xblocks.common.runtime.errors import BadRequest, NotFound
from xblocks.common.runtime.events import track
from xblocks.common.runtime.i18n import gettext_noop as _
from xblocks.pitch_review import allocation, phases, present
from xblocks.pitch_review.csv_rows import export_header, export_rows

CHECK_MESSAGES = {
    "unknown_presenter": _("There is no pitch by this learner."),
    "unknown_reviewer": _("A reviewer has not submitted a pitch in this course."),
    "self_review": _("A learner cannot review their own pitch."),
    "duplicate_reviewer": _("The same reviewer is listed twice for one pitch."),
    "too_many_reviewers": _("A pitch has at most two peer reviewers."),
    "withdrawn_reviewer": _("A withdrawn learner cannot review."),
    "too_few_reviewers": _("A pitch has fewer than two peer reviewers."),
    "unbalanced_load": _("Some learners review more pitches than others (loads differ by more than one)."),
}


class StaffHandlersMixin:
    """Staff handlers of the pitch review block."""

    def _presenter_arg(self, data):
        presenter = data.get("presenter")
        if not isinstance(presenter, str) or not presenter:
            raise BadRequest("missing_learner", _("Say which learner."))
        return presenter

    def _version_arg(self, data):
        try:
            return int(data.get("version", 0))
        except (TypeError, ValueError):
            raise BadRequest("invalid_version", _("The version must be a number.")) from None

    def _check_list(self, items):
        return [{"code": code, "presenter": presenter, "reviewer": reviewer,
                 "message": self.gettext(CHECK_MESSAGES[code])} for code, presenter, reviewer in items]

    def _active(self):
        people = api.submitters(*self._key())
        return [p["presenter"] for p in people], [p["presenter"] for p in people if not p["withdrawn"]]

    @json_access(STAFF)
    def staff_overview(self, data, suffix, user):
        """One page of pitches with their reviewers, block-wide counts, late reviews, loads."""
        page = page_from(data, default_size=self.setting("STAFF_PAGE_SIZE"))
        late_before = phases.late_before(self.review_deadline)
        items, counts, late = api.overview(*self._key(), page, late_before)
        for item in items:
            item["slot_local"] = self._slot(item["slot"], user)
        answer = {"items": items, "counts": counts, "late": late, "allocation": api.allocation(*self._key()),
                  "review_deadline": self._iso(self.review_deadline), **page.describe(counts["total"])}
        if data.get("learners"):
            answer["learners"] = api.submitters(*self._key())  # for the group editor's choices
        return answer

    def _slot(self, iso, user):
        return present.slot_view(iso, user.time_zone)

    def _slots(self, data):
        slots = data.get("slots") or {}
        if not isinstance(slots, dict):
            raise BadRequest("invalid_slot", _("Slots must be an object keyed by presenter."))
        parsed = {}
        for presenter, text in slots.items():
            if text in (None, ""):
                parsed[presenter] = None
                continue
            try:
                moment = datetime.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
            except ValueError:
                raise BadRequest("invalid_slot", _("A slot must be a date and time such as 2026-12-03T15:00Z.")) \
                    from None
            parsed[presenter] = phases.aware(moment).astimezone(datetime.UTC)
        return parsed

    def _based_on(self, data):
        """The allocation the caller saw: its ``allocated_at``, or None (also when not sent) before the first."""
        based_on = data.get("based_on")
        if based_on is not None and not isinstance(based_on, str):
            raise BadRequest("invalid_based_on", _("'based_on' must be the allocation's 'allocated_at' or null."))
        return based_on

    def _apply_groups(self, groups, mode, seed, user, decide, replace_all, slots, based_on):
        """``api.apply_groups``; when another staff member changed the groups since ``based_on``, 409 with theirs."""
        try:
            api.apply_groups(*self._key(), groups, mode, seed, user.username, decide, replace_all=replace_all,
                             slots=slots, based_on=based_on)
        except ConflictError as error:
            conflict = self._conflict(error)
            stored = {}
            for item in api.peer_assignments(*self._key()):
                stored.setdefault(item["presenter"], []).append(item["reviewer"])
            conflict.extra = {"allocation": api.allocation(*self._key()), "groups": stored}
            raise conflict from None
        return api.allocation(*self._key())

    @json_access(STAFF)
    def assign_reviewers(self, data, suffix, user):
        """Allocate peers automatically (``mode: auto``, optional ``seed``) or set groups by hand (``manual``).

        ``based_on`` is the ``allocated_at`` of the allocation the caller saw (null before the first):
        if someone changed the groups since, nothing changes and the answer is 409 with the stored groups.
        """
        mode = data.get("mode")
        based_on = self._based_on(data)
        submitted, active = self._active()
        slots = self._slots(data)
        unknown = [p for p in slots if p not in submitted]
        if unknown:
            raise BadRequest("unknown_presenter", CHECK_MESSAGES["unknown_presenter"])
        if mode == "auto":
            seed = data.get("seed", zlib.crc32(self.item_id.encode()))
            if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2 ** 63:
                raise BadRequest("invalid_seed", _("The seed must be a whole number from 0."))
            groups = allocation.auto_allocate(active, seed)
            run_mode = "auto" if groups else "instructor_only"
            run = self._apply_groups(groups, run_mode, seed, user, phases.check_auto_allowed, True, slots, based_on)
            warnings = [] if groups else [{"code": "instructor_only", "message": self.gettext(
                _("Fewer than three learners submitted: their pitches are reviewed by the instructor only."))}]
            return {"mode": run_mode, "seed": seed, "groups": groups, "warnings": warnings, "allocation": run}
        if mode != "manual":
            raise BadRequest("invalid_mode", _("The mode must be 'auto' or 'manual'."))
        groups = data.get("groups")
        if not isinstance(groups, dict) or not all(
                isinstance(v, list) and all(isinstance(r, str) for r in v) for v in groups.values()):
            raise BadRequest("invalid_groups", _("Groups must map each presenter to a list of reviewers."))
        check = allocation.check_manual(groups, submitted, active)
        if check.errors:
            code, presenter, reviewer = check.errors[0]
            raise BadRequest(code, CHECK_MESSAGES[code])

        def decide(current):
            phases.check_manual_keeps_started(current, groups)

        run = self._apply_groups(groups, "manual", 0, user, decide, False, slots, based_on)
        load_warnings, loads = allocation.load_warnings(api.peer_assignments(*self._key()), active)
        return {"mode": "manual", "groups": groups, "loads": loads, "allocation": run,
                "warnings": self._check_list(check.warnings + load_warnings)}

    @json_access(STAFF)
    def set_withdrawn(self, data, suffix, user):
        """Mark a learner withdrawn from the course (or back); their pending reviews can then be reassigned."""
        presenter = self._presenter_arg(data)
        withdrawn = data.get("withdrawn", True)
        if not isinstance(withdrawn, bool):
            raise BadRequest("invalid_withdrawn", _("'withdrawn' must be true or false."))
        if not api.set_withdrawn(*self._key(), presenter, withdrawn):
            raise NotFound("no_pitch", _("This learner has not submitted a pitch."))
        return {"presenter": presenter, "withdrawn": withdrawn}

    @json_access(STAFF)
    def reassign(self, data, suffix, user):
        """Move pending reviews of withdrawn and late reviewers to active learners with the lowest load."""
        _submitted, active = self._active()
        late_before = phases.late_before(self.review_deadline)
        late = api.late_reviewers(*self._key(), late_before) if late_before else set()
        seed = zlib.crc32(self.item_id.encode())
        run = api.allocation(*self._key())
        # Once peers were allocated, pitches of active learners short of two peers get new ones too.
        pitches = active if run and run["mode"] != "instructor_only" and len(active) >= allocation.MIN_SUBMITTERS \
            else ()
        outcome = {}

        def plan_for(assignments):
            plan = allocation.reassign(assignments, active, late=late, seed=seed, pitches=pitches)
            outcome["plan"] = plan
            return plan.moves

        try:
            moves = api.apply_moves(*self._key(), plan_for)
        except ConflictError as error:
            raise self._conflict(error) from None
        plan = outcome["plan"]
        warnings = []
        if plan.unplaced:
            warnings.append({"code": "unplaced", "message": self.gettext(
                _("Some reviews could not be moved: not enough active learners."))})
        return {"moved": [{"id": key, "presenter": presenter, "reviewer": reviewer}
                          for key, presenter, reviewer in moves],
                "unplaced": plan.unplaced, "loads": plan.loads, "warnings": warnings}

    @json_access(STAFF)
    def assess(self, data, suffix, user):
        """Give (or change) the final grade of one pitch on the WikiLearn scale."""
        presenter = self._presenter_arg(data)
        values = phases.grade_values(self.scale, data.get("level"), data.get("comment"))
        values["graded_by"] = user.username or ""
        try:
            pitch = api.assess(*self._key(), presenter, self._version_arg(data), values,
                               on_released_grade=self._recorder(user.username))
        except ConflictError as error:
            raise self._conflict(error) from None
        if pitch is None:
            raise NotFound("no_pitch", _("This learner has not submitted a pitch."))
        return {"pitch": pitch}

    @json_access(STAFF)
    def release_feedback(self, data, suffix, user):
        """Show the presenter every review (both phases) and the grade, and record the grade."""
        presenter = self._presenter_arg(data)
        try:
            pitch = api.release(*self._key(), presenter, self._version_arg(data), phases.check_release,
                                on_release=self._recorder(user.username))
        except ConflictError as error:
            raise self._conflict(error) from None
        if pitch is None:
            raise NotFound("no_pitch", _("This learner has not submitted a pitch."))
        track(self, "wikilearn.pitch_review.released", {"presenter": pitch["presenter"],
                                                       "points": pitch["grade"]["points"]})
        return {"pitch": pitch}

    def _recorder(self, grader):
        """Record a released pitch grade in the gradebook, inside the release's transaction (runtime.grades).

        The final pitch is one graded item per presenter: every (re)grade is a new score of attempt 1.
        """
        gradebook = self.gradebook()
        return lambda pitch: gradebook.record(pitch["presenter"], pitch["grade"]["points"],
                                              pitch["grade"]["max_points"], 1, grader)

    @plain_access(STAFF)
    def export_csv(self, request, suffix, user):
        """Every pitch's latest version, each review (both phases) and the final grade, as CSV."""
        keys = [c["key"] for c in self.rubric()["criteria"]]
        return csvio.csv_response("pitch_reviews.csv", export_header(keys),
                                  export_rows(api.export_rows(*self._key()), keys))
