"""Pitch review block: the final partnership pitch, reviewed by the instructor and two peers.

Fields, views and the learner handlers. Staff handlers are in :mod:`xblocks.pitch_review.staff`,
decisions in :mod:`~xblocks.pitch_review.allocation` and :mod:`~xblocks.pitch_review.phases`,
what each person sees in :mod:`~xblocks.pitch_review.present`, persistence in
:mod:`openedx_plugins.wikilearn.api.pitch_review`. The JSON API is documented in ``API.md``.
"""

from xblock.fields import Boolean, DateTime, Float, Integer, List, Scope, String

from openedx_plugins.wikilearn import uploads as storage
from openedx_plugins.wikilearn.api import pitch_review as api
from openedx_plugins.wikilearn.errors import ConflictError
from xblocks.common.block import WikiLearnBlock
from xblocks.common.content_translation.display import CriteriaContentMixin, localized_html
from xblocks.common.content_translation.studio import ContentTranslationsStudioMixin
from xblocks.common.files.attachments import AttachmentsMixin, clean_attachments
from xblocks.common.files.downloads import file_response
from xblocks.common.files.policy import UploadPolicy, clean_links
from xblocks.common.grading import rubrics
from xblocks.common.grading.scale import Scale
from xblocks.common.runtime.access import LEARNER, json_access, plain_access
from xblocks.common.runtime.errors import BadRequest, Conflict, Forbidden, NotFound
from xblocks.common.runtime.events import track
from xblocks.common.runtime.i18n import gettext_noop as _
from xblocks.pitch_review import authoring, phases, present
from xblocks.pitch_review.staff import StaffHandlersMixin

FEATURE = "pitch_review"
CONFLICT_MESSAGES = {
    "stale_version": _("Someone else changed this pitch. Reload it to see their changes."),
    "already_submitted": _("This version was already submitted."),
    "allocation_changed": _("Someone else changed the review groups meanwhile: their groups are shown now. "
                            "Make your change again if it is still needed."),
}


class PitchReviewBlock(StaffHandlersMixin, AttachmentsMixin, CriteriaContentMixin, ContentTranslationsStudioMixin,
                       WikiLearnBlock):
    """Final pitch with role-play and peer feedback, graded by the instructor on the WikiLearn scale."""

    display_name = String(display_name=_("Display name"), scope=Scope.settings, default=_("Final pitch"))
    instructions = String(display_name=_("Instructions"), help=_("What learners prepare and present."
                               " Formatting: a blank line starts a paragraph; lines starting with - or 1. make a list;"
                               " **bold**, *italic*, [text](https://example.org) for a link."),
                          scope=Scope.content, default="", multiline_editor=True)
    criteria = List(display_name=_("Pitch criteria"), help=_("What peers and the instructor rate in phase two."),
                    scope=Scope.content, default=authoring.DEFAULT_CRITERIA)
    scale = List(display_name=_("Scale"), help=_("Levels, lowest first, with their points."),
                 scope=Scope.content, default=Scale.default().to_data())
    submission_deadline = DateTime(display_name=_("Submission deadline"), scope=Scope.settings, default=None,
                                   help=_("Pitches can be edited until this moment (UTC)."))
    review_deadline = DateTime(display_name=_("Review deadline"), scope=Scope.settings, default=None,
                               help=_("Reviews still pending after this moment (UTC) are listed as late."))
    file_types = String(display_name=_("Accepted file types"), scope=Scope.settings,
                        default=authoring.DEFAULT_FILE_TYPES, help=_("Extensions, separated by commas."))
    max_file_mb = Float(display_name=_("Largest file (MB)"), scope=Scope.settings, default=20.0)
    max_files = Integer(display_name=_("Most files per version"), scope=Scope.settings, default=3)
    show_reviewer_names = Boolean(display_name=_("Show reviewer names"), scope=Scope.settings, default=True,
                                  help=_("Presenters see who wrote each review (the group met live)."))

    editable_fields = ("display_name", "instructions", "criteria", "scale", "submission_deadline",
                       "review_deadline", "file_types", "max_file_mb", "max_files", "show_reviewer_names",
                       "content_language")
    translatable_fields = ("instructions",)
    has_score = True
    icon_class = "problem"
    upload_feature = FEATURE
    accept_files = True
    links_learner_pages = True

    # -- settings as objects -------------------------------------------------------------
    def rubric(self):
        """Pitch criteria and scale as the snapshot phase-two reviews are made against."""
        return rubrics.snapshot(self.criteria, self.scale)

    def max_score(self):
        """The top level of the scale: the final grade is one level."""
        return authoring.scale_of(self).max_points

    def upload_policy(self):
        """File types, size and count the author accepts."""
        return UploadPolicy.from_fields(self.file_types, self.max_file_mb, self.max_files)

    def _key(self):
        return self.course_key, self.item_id


    def _iso(self, value):
        value = phases.aware(value)
        return value.isoformat() if value else None

    def _conflict(self, error):
        return Conflict(error.code, CONFLICT_MESSAGES[error.code])

    # -- views ------------------------------------------------------------------------------
    def student_view(self, context=None):
        """Learners: their pitch, their review tasks, their feedback; staff: the overview as well."""
        user = self.user()
        js_args = {"staff": user.is_staff, "signedIn": not user.is_anonymous, "maxFiles": self.max_files}
        js = ["pitch_review.js"] + (["pitch_review_staff.js"] if user.is_staff else [])
        return self.fragment("templates/student.html", {
            "block": self, "user": user, "staff": user.is_staff,
            "instructions_html": localized_html(self, "instructions", user.language,
                                                css_class="wl-card wl-instructions"),
            "rubric": self.rubric_for_display(),
            "accept": ",".join("." + e for e in self.upload_policy().extensions),
            "decisions": present.decision_choices(phases.DECISIONS, self.gettext),
        }, css=["pitch_review.css"], js=js, js_init="PitchReview", js_args=js_args)

    def studio_view(self, context=None):
        """The standard editable-fields form, and the Translations section."""
        return self.add_translations_section(super().studio_view(context))

    def clean_studio_edits(self, data):
        """Give new criteria stable keys."""
        authoring.clean(data)

    def validate_field_data(self, validation, data):
        """Refuse criteria, scales and limits that cannot be used."""
        authoring.validate(validation, data, self.gettext)

    # -- learner handlers -------------------------------------------------------------------
    @json_access(LEARNER)
    def pitch_state(self, data, suffix, user):
        """The caller's own pitch, review tasks and released feedback; or one pitch (staff, its reviewers)."""
        presenter = data.get("presenter")
        if presenter and presenter != user.anonymous_id:
            return self._one_pitch(presenter, user)
        detail = api.pitch_detail(*self._key(), user.anonymous_id)
        run = api.allocation(*self._key())
        return {
            "submission_deadline": self._iso(self.submission_deadline),
            "review_deadline": self._iso(self.review_deadline),
            "can_edit": not phases.past(self.submission_deadline),
            "instructor_only": bool(run and run["mode"] == "instructor_only"),
            "allocated": bool(run),
            "my_pitch": present.own_pitch(detail, self.show_reviewer_names, self.gettext, user.time_zone),
            "reviews": [present.reviewer_task(task, user.time_zone)
                        for task in api.assigned_to(*self._key(), user.anonymous_id)],
            "rubric": self.rubric_for_display(),
            "decisions": present.decision_choices(phases.DECISIONS, self.gettext),
        }

    def _one_pitch(self, presenter, user):
        if not isinstance(presenter, str):
            raise BadRequest("missing_learner", _("Say which learner."))
        if user.is_staff:
            detail = api.pitch_detail(*self._key(), presenter)
            if detail is None:
                raise NotFound("no_pitch", _("This learner has not submitted a pitch."))
            return {"pitch": present.staff_pitch(detail, user.time_zone), "rubric": self.rubric_for_display()}
        for task in api.assigned_to(*self._key(), user.anonymous_id):
            if task["pitch"]["presenter"] == presenter:
                return {"task": present.reviewer_task(task, user.time_zone), "rubric": self.rubric_for_display()}
        raise Forbidden("not_assigned", _("This pitch is not assigned to you for review."))

    def _files(self, data, user):
        owns = lambda key: storage.owns(FEATURE, *self._key(), user.anonymous_id, key)  # noqa: E731
        return clean_attachments(data.get("files"), self.upload_policy(), owns)

    @json_access(LEARNER, writes=True)
    def submit_pitch(self, data, suffix, user):
        """Send a new version of the caller's pitch (materials, links, partner and ask) before the deadline."""
        phases.check_submission_open(self.submission_deadline)
        partner, ask = phases.clean_pitch(data)
        links = clean_links(data.get("links"))
        files = self._files(data, user)
        if not (links or files):
            raise BadRequest("missing_materials", _("Upload your slides or add a link to them."))
        try:
            saved = api.submit_pitch(*self._key(), user.anonymous_id, user.username, partner, ask, links, files)
        except ConflictError as error:
            raise self._conflict(error) from None
        track(self, "wikilearn.pitch_review.submitted", {"version": saved["number"]})
        return {"version": saved["number"], "submitted_at": saved["submitted_at"]}

    @json_access(LEARNER, writes=True)
    def submit_review(self, data, suffix, user):
        """Send phase one (as the prospective partner) or phase two (as a peer) of a review."""
        presenter = data.get("presenter")
        if not isinstance(presenter, str) or not presenter:
            raise BadRequest("missing_learner", _("Say whose pitch you review."))
        if presenter == user.anonymous_id:
            raise BadRequest("self_review", _("You cannot review your own pitch."))
        phase = phases.phase_of(data)
        rubric = self.rubric()
        role = api.INSTRUCTOR if user.is_staff else api.PEER

        def prepare(review):
            if review is None and role == api.INSTRUCTOR:
                review = {"phase_one": None, "phase_two": None}
                if not api.pitch_detail(*self._key(), presenter, all_versions=False):
                    raise NotFound("no_pitch", _("This learner has not submitted a pitch."))
            return phases.review_values(phase, review, rubric, data)

        review = api.save_review(*self._key(), presenter, user.anonymous_id, user.username, role, prepare)
        track(self, "wikilearn.pitch_review.reviewed", {"presenter": presenter, "phase": phase,
                                                                       "role": role})
        return {"review": {"state": review["state"], "phase_one": review["phase_one"],
                           "phase_two": review["phase_two"]}}

    @plain_access(LEARNER)
    def attachment(self, request, suffix, user):
        """Download a pitch file: its presenter, course staff, or a reviewer the pitch is assigned to."""
        key = request.GET.get("key", "")
        owner = storage.owner_of(FEATURE, *self._key(), key)
        if owner is None:
            raise NotFound("no_file", _("There is no such file."))
        if owner != user.anonymous_id and not user.is_staff and not api.is_reviewer_of(
                *self._key(), user.anonymous_id, owner):
            raise Forbidden("not_yours", _("You cannot open this file."))
        return file_response(key)

    @staticmethod
    def workbench_scenarios():
        """Sandbox scenario from the Partnership Building course (week 8)."""
        from xblocks.pitch_review.scenarios import SCENARIOS

        return SCENARIOS
