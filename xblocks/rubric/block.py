"""Rubric block: an assignment graded by the instructor on the WikiLearn scale, with resubmission.

Fields, views and thin handlers only: decisions are in :mod:`xblocks.rubric.rules` and
:mod:`xblocks.common.grading.rubrics`, persistence in :mod:`openedx_plugins.wikilearn.api.rubric`.
The handlers' JSON API is documented in ``API.md`` beside this file.
"""

import datetime

from xblock.completable import XBlockCompletionMode
from xblock.fields import Boolean, DateTime, Dict, Float, Integer, List, Scope, String

from openedx_plugins.wikilearn import uploads as storage
from openedx_plugins.wikilearn.api import rubric as api
from openedx_plugins.wikilearn.api import showcase
from openedx_plugins.wikilearn.errors import ConflictError
from xblocks.common import csvio
from xblocks.common.block import WikiLearnBlock
from xblocks.common.content_translation.display import CriteriaContentMixin, localized_html
from xblocks.common.content_translation.studio import ContentTranslationsStudioMixin
from xblocks.common.files.attachments import AttachmentsMixin, clean_attachments
from xblocks.common.files.policy import UploadPolicy, clean_links
from xblocks.common.grading import rubrics
from xblocks.common.grading.scale import Scale
from xblocks.common.paging import Page, page_from
from xblocks.common.rendering import js_catalogue
from xblocks.common.runtime.access import LEARNER, STAFF, json_access, plain_access
from xblocks.common.runtime.errors import BadRequest, Conflict, NotFound, ServiceUnavailable
from xblocks.common.runtime.events import track
from xblocks.common.runtime.i18n import format_datetime
from xblocks.common.runtime.i18n import gettext_noop as _
from xblocks.rubric import authoring, csv_rows, queue_paging, rules

FEATURE = "rubric"
CONFLICT_MESSAGES = {
    "stale_version": _("Someone else changed this assessment. Reload it to see their changes."),
    "already_submitted": _("This attempt was already submitted."),
    "already_released": _("This feedback was already released; release it again to change it."),
}


class RubricBlock(AttachmentsMixin, CriteriaContentMixin, ContentTranslationsStudioMixin, WikiLearnBlock):
    """A weekly assignment graded by staff on the WikiLearn scale with written feedback."""

    display_name = String(display_name=_("Display name"), scope=Scope.settings, default=_("Assignment"))
    prompt = String(display_name=_("Prompt"), help=_("What learners are asked to do."
                               " Formatting: a blank line starts a paragraph; lines starting with - or 1. make a list;"
                               " **bold**, *italic*, [text](https://example.org) for a link."), scope=Scope.content,
                    default="", multiline_editor=True)
    criteria = List(display_name=_("Criteria"), help=_("What staff grade, each on the scale."),
                    scope=Scope.content, default=authoring.DEFAULT_CRITERIA)
    scale = List(display_name=_("Scale"), help=_("Levels, lowest first, with their points."),
                 scope=Scope.content, default=Scale.default().to_data())
    passing_rule = Dict(display_name=_("Passing rule"), scope=Scope.content, default=rubrics.DEFAULT_PASSING_RULE,
                        help=_('{"mode": "every_criterion", "level": "good"} or {"mode": "min_percent", '
                               '"percent": 67}.'))
    allow_resubmission = Boolean(display_name=_("Allow resubmission"), scope=Scope.settings, default=True,
                                 help=_("Learners below the passing rule may revise and resubmit."))
    max_attempts = Integer(display_name=_("Maximum attempts"), help=_("0 means unlimited."),
                           scope=Scope.settings, default=0)
    due = DateTime(display_name=_("Due date"), help=_("No submissions after this date (UTC)."),
                   scope=Scope.settings, default=None)
    accept_links = Boolean(display_name=_("Accept links"), scope=Scope.settings, default=True)
    accept_files = Boolean(display_name=_("Accept file attachments"), scope=Scope.settings, default=False)
    file_types = String(display_name=_("Accepted file types"), scope=Scope.settings,
                        default="pdf, odt, docx, odp, pptx, png, jpg", help=_("Extensions, separated by commas."))
    max_file_mb = Float(display_name=_("Largest file (MB)"), scope=Scope.settings, default=5.0)
    max_files = Integer(display_name=_("Most files per attempt"), scope=Scope.settings, default=3)

    editable_fields = ("display_name", "prompt", "criteria", "scale", "passing_rule", "allow_resubmission",
                       "max_attempts", "due", "accept_links", "accept_files", "file_types",
                       "max_file_mb", "max_files", "content_language")
    translatable_fields = ("prompt",)
    has_score = True
    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE
    icon_class = "problem"
    upload_feature = FEATURE
    links_learner_pages = True

    # -- settings as objects -------------------------------------------------------------
    def rubric(self):
        """The current rubric as a snapshot (criteria, scale, passing rule)."""
        return rubrics.snapshot(self.criteria, self.scale, self.passing_rule)

    def max_score(self):
        """Highest number of points: the top level on every criterion."""
        return rubrics.max_points(self.rubric())

    def upload_policy(self):
        """File types, size and count the author accepts."""
        return UploadPolicy.from_fields(self.file_types, self.max_file_mb, self.max_files)

    def max_answer_length(self):
        """Longest answer accepted, from ``WIKILEARN_MAX_ANSWER_LENGTH``."""
        return self.setting("MAX_ANSWER_LENGTH")

    def _key(self):
        return self.course_key, self.item_id


    @staticmethod
    def _when(moment, user):
        """A deadline in the reader's language and time zone (UTC when they set none), naming the zone."""
        if not moment:
            return ""
        aware = moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
        return f"{format_datetime(aware, user.language, user.time_zone)} ({user.time_zone or 'UTC'})"

    # -- views ------------------------------------------------------------------------------
    def student_view(self, context=None):
        """Learners get the assignment; staff get the grading queue."""
        user = self.user()
        staff = user.is_staff
        # The scripts read only these two; the learner form's limits are in the HTML (maxlength, accept).
        js_args = {"staff": staff, "signedIn": not user.is_anonymous}
        # Settings are read only where the page shows them: each field read is a storage read in a runtime
        # without preloaded field data.
        learner_form = not staff and not user.is_anonymous
        return self.fragment("templates/student.html", {
            "block": self, "user": user, "staff": staff, "rubric": self.rubric_for_display(),
            "prompt_html": localized_html(self, "prompt", user.language, css_class="wl-card wl-prompt"),
            "due": self._when(self.due, user),
            "max_length": self.max_answer_length() if learner_form else 0,
            "accept": ",".join("." + e for e in self.upload_policy().extensions)
            if learner_form and self.accept_files else "",
        }, css=["rubric.css"], js=["rubric_staff.js" if staff else "rubric.js"],
            js_init="RubricStaff" if staff else "RubricLearner", js_args=js_args)

    def studio_view(self, context=None):
        """The standard editable-fields form, with a criteria and scale editor on top of it."""
        fragment = super().studio_view(context)
        fragment.add_css_url(self.runtime.local_resource_url(self, "public/rubric_studio.css"))
        # Studio's global gettext knows Studio's strings, not the block's: load the block's own catalogue.
        catalogue = js_catalogue(self, self.user().language)
        if catalogue:
            fragment.add_javascript_url(self.runtime.local_resource_url(self, catalogue))
        fragment.add_javascript_url(self.runtime.local_resource_url(self, "public/rubric_studio.js"))
        fragment.initialize_js("RubricStudio")
        return self.add_translations_section(fragment)

    def clean_studio_edits(self, data):
        """Give new criteria stable keys."""
        authoring.clean(data)

    def validate_field_data(self, validation, data):
        """Refuse criteria, scales and limits that cannot be graded with."""
        authoring.validate(validation, data, self.gettext)

    # -- learner handlers -------------------------------------------------------------------
    def _history(self, learner):
        return api.attempts(*self._key(), learner)

    @json_access(LEARNER)
    def learner_state(self, data, suffix, user):
        """Everything the learner page shows: draft, attempts with released feedback, what they may do."""
        history = self._history(user.anonymous_id)
        refusal = rules.submit_refusal(history, self.max_attempts, self.allow_resubmission, self.due)
        return {
            "phase": rules.phase(history),
            "attempts": [rules.learner_attempt(a) for a in history],
            "draft": api.get_draft(*self._key(), user.anonymous_id),
            "can_submit": refusal is None,
            "refusal": refusal.to_dict(self.gettext) if refusal else None,
            "attempts_left": rules.attempts_left(history, self.max_attempts),
            "max_attempts": self.max_attempts,
            "rubric": self.rubric_for_display(),
            "showcase": showcase.consents(*self._key(), user.anonymous_id),
        }

    def _clean_extras(self, data, user):
        links = clean_links(data.get("links")) if self.accept_links else []
        if not self.accept_files:
            return links, []
        owns = lambda key: storage.owns(FEATURE, *self._key(), user.anonymous_id, key)  # noqa: E731
        return links, clean_attachments(data.get("attachments"), self.upload_policy(), owns)

    @json_access(LEARNER, writes=True)
    def save_draft(self, data, suffix, user):
        """Autosave the learner's unsent answer."""
        answer = rules.clean_answer(data.get("answer"), self.max_answer_length(), required=False)
        links, files = self._clean_extras(data, user)
        return {"saved_at": api.save_draft(*self._key(), user.anonymous_id, answer, links, files)}

    @json_access(LEARNER, writes=True)
    def submit(self, data, suffix, user):
        """Send a new attempt for grading."""
        answer = rules.clean_answer(data.get("answer"), self.max_answer_length())
        links, files = self._clean_extras(data, user)

        def decide(history):
            rules.check_submit(history, self.max_attempts, self.allow_resubmission, self.due)

        try:
            attempt = api.submit(*self._key(), user.anonymous_id, user.username, answer, links, files, decide)
        except ConflictError as error:
            raise Conflict(error.code, CONFLICT_MESSAGES[error.code]) from None
        track(self, "wikilearn.rubric.submitted", {"attempt": attempt["attempt"]})
        return {"attempt": attempt["attempt"], "submitted_at": attempt["submitted_at"]}

    @json_access(LEARNER, writes=True)
    def set_showcase_consent(self, data, suffix, user):
        """Allow (or withdraw) showing one of the caller's attempts to the cohort in the course showcase."""
        attempt, allowed = data.get("attempt"), data.get("allowed")
        if not isinstance(attempt, int) or isinstance(attempt, bool) or not isinstance(allowed, bool):
            raise BadRequest("invalid_consent", _("Say which attempt (a number) and whether you allow it (true or "
                                                  "false)."))
        result = showcase.set_consent(*self._key(), user.anonymous_id, attempt, allowed)
        if result is None:
            raise NotFound("no_submission", _("There is no such attempt."))
        track(self, "wikilearn.rubric.showcase_consent", {"attempt": attempt, "allowed": allowed})
        return result

    # -- staff handlers -----------------------------------------------------------------------
    @json_access(STAFF)
    def staff_queue(self, data, suffix, user):
        """One page of the grading queue: waiting first, then resubmitted, then graded (see API.md: ``cursor``)."""
        state = data.get("filter") or "all"
        if not isinstance(state, str) or state not in api.QUEUE_FILTERS:
            raise BadRequest("unknown_filter", _("Unknown queue filter."))
        page = page_from(data, default_size=self.setting("STAFF_PAGE_SIZE"))
        cursor, after = data.get("cursor"), None
        if cursor is not None:
            after, number = queue_paging.read_cursor(cursor, state, api.queue_states(state))
            page = Page(number, page.size)
        offset = page.offset if cursor is None and page.number > 1 else None
        found = api.queue(*self._key(), state, size=page.size, after=after, offset=offset)
        return {"items": found["items"], "filter": state, **page.describe(found["total"]),
                "next_cursor": queue_paging.next_cursor(state, found["next"], page.number)}

    def _learner_arg(self, data):
        learner = data.get("learner")
        if not isinstance(learner, str) or not learner:
            raise BadRequest("missing_learner", _("Say which learner."))
        return learner

    @json_access(STAFF)
    def staff_submission(self, data, suffix, user):
        """A learner's whole attempt history with every assessment, and the current rubric."""
        learner = self._learner_arg(data)
        history = self._history(learner)
        if not history:
            raise NotFound("no_submission", _("This learner has not submitted anything."))
        return {"learner": learner, "username": history[-1]["username"], "attempts": history,
                "rubric": self.rubric_for_display()}

    def _assess(self, learner, attempt, version, levels, feedback, overall, release, assessor):
        rubric = self.rubric()
        prepare = lambda snapshot: rules.prepare_assessment(snapshot, levels, feedback, overall, release)  # noqa: E731
        try:
            result = api.assess(*self._key(), learner, attempt, version, rubric, prepare, release, assessor,
                                on_release=self._recorder(assessor))
        except ConflictError as error:
            raise Conflict(error.code, CONFLICT_MESSAGES[error.code]) from None
        if result is None:
            raise NotFound("no_submission", _("There is no such attempt."))
        if release:
            track(self, "wikilearn.rubric.released", {
                "learner": learner, "attempt": attempt, "points": result["points"], "passed": result["passed"]})
        return result

    def _recorder(self, grader):
        """Record a released grade in the gradebook, inside the release's transaction (see runtime.grades)."""
        gradebook = self.gradebook()
        return lambda grade: gradebook.record(grade["learner"], grade["points"], grade["max_points"],
                                              grade["attempt"], grader)

    @json_access(STAFF)
    def assess(self, data, suffix, user):
        """Save levels and feedback for one attempt as a draft, or release them (and the grade) to the learner."""
        learner = self._learner_arg(data)
        try:
            attempt, version = int(data.get("attempt")), int(data.get("version", 0))
        except (TypeError, ValueError):
            raise BadRequest("invalid_attempt", _("Attempt and version must be numbers.")) from None
        result = self._assess(learner, attempt, version, data.get("levels") or {}, data.get("feedback") or {},
                              data.get("overall_feedback") or "", bool(data.get("release")), user.username)
        return {"assessment": result}

    @json_access(STAFF)
    def recompute_grades(self, data, suffix, user):
        """Rescore released grades with the current scale's points and record the changed ones."""
        scale = authoring.scale_of(self).to_data()
        changed = api.recompute(*self._key(), lambda assessment: rules.rescore(assessment, scale),
                                on_change=self._recorder(user.username))
        return {"changed": len(changed), "learners": [row["username"] for row in changed]}

    @plain_access(STAFF)
    def export_csv(self, request, suffix, user):
        """Every learner's attempts, levels, points and feedback as CSV."""
        rows = list(api.export_rows(*self._key()))
        keys = csv_rows.criterion_keys(self.rubric()["criteria"], rows)
        return csvio.csv_response("rubric-assessments.csv", csv_rows.header(keys),
                                  (csv_rows.export_row(row, keys) for row in rows))

    @json_access(STAFF)
    def import_csv(self, data, suffix, user):
        """Levels and feedback for many learners from CSV; each row applied or rejected on its own."""
        report = csvio.ImportReport()
        for line, row in csvio.parse_csv(data.get("csv"), required=["username"]):
            try:
                username, attempt, levels, feedback, overall, release = csv_rows.import_values(row)
                self._import_row(line, username, attempt, levels, feedback, overall, release, user, report)
            except (BadRequest, Conflict, NotFound, ServiceUnavailable) as error:
                report.reject(line, error.error_code, error.to_dict(self.gettext)["message"],
                              username=row.get("username", ""))
        return report.to_dict()

    def _import_row(self, line, username, attempt, levels, feedback, overall, release, user, report):
        learner = api.learner_by_username(*self._key(), username)
        history = self._history(learner) if learner else []
        if not history:
            raise NotFound("no_submission", _("This learner has not submitted anything."))
        chosen = history[-1] if attempt is None else next((a for a in history if a["attempt"] == attempt), None)
        if chosen is None:
            raise NotFound("no_submission", _("There is no such attempt."))
        version = chosen["assessment"]["version"] if chosen["assessment"] else 0
        result = self._assess(learner, chosen["attempt"], version, levels, feedback, overall, release, user.username)
        report.accept(line, username=username, attempt=chosen["attempt"], points=result["points"],
                      status=result["status"])

    @staticmethod
    def workbench_scenarios():
        """Sandbox scenarios from the Partnership Building course."""
        from xblocks.rubric.scenarios import SCENARIOS

        return SCENARIOS
