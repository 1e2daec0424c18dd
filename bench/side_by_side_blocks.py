"""The blocks, data and operations that bench/side_by_side.py times (imported by it; runs nothing itself).

Both sides go through the same runtime, the sandbox's subclass of xblock-sdk's workbench runtime
(:class:`sandbox.runtime.SandboxRuntime`: same user service, same database-backed field data, same
Django users), so runtime overhead is paid alike. ORA2 also reads the LMS's runtime attributes
(``xmodule_runtime.anonymous_student_id``, ``user_is_staff``, ``course_id``: openassessment/xblock/
openassessmentblock.py ``get_student_item_dict``, ``is_course_staff``); edx-platform answers them
from the user service (xmodule/x_module.py ``ModuleSystemShim``), and :class:`PeerRuntime` does too.

Seeding is bulk and untimed: the rubric's rows with ``bulk_create`` (as bench/rubric.py); ORA2's by
cloning the rows one real submission (and one real staff grade) made, for N anonymous learners;
xblock-poll's per-learner state rows cloned from one real vote, and its tally set to N; the
timezone poll's answers through its storage API (``api.save_availability``, one transaction) so
that whatever the poll maintains beside the rows stays exact.
"""

import datetime
import json
import logging
import random
import sys
import types
import uuid

FORTY_ZONES = [
    "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Africa/Lagos", "America/Sao_Paulo", "Asia/Jakarta",
    "Africa/Cairo", "Australia/Sydney", "Asia/Kathmandu", "Europe/London", "America/Los_Angeles", "UTC",
    "America/Mexico_City", "America/Bogota", "America/Lima", "America/Santiago", "America/Argentina/Buenos_Aires",
    "America/Chicago", "America/Denver", "America/Halifax", "America/St_Johns", "Atlantic/Azores", "Europe/Madrid",
    "Europe/Kyiv", "Europe/Istanbul", "Africa/Nairobi", "Africa/Johannesburg", "Asia/Tehran", "Asia/Dubai",
    "Asia/Karachi", "Asia/Dhaka", "Asia/Yangon", "Asia/Bangkok", "Asia/Manila", "Asia/Tokyo", "Asia/Seoul",
    "Australia/Adelaide", "Pacific/Auckland", "Pacific/Honolulu", "Asia/Kabul",
]
ORA_SCALE = ("poor", "needs_improvement", "good", "excellent")
ORA_OLX = """<openassessment text_response="required" allow_file_upload="False"
    submission_due="2099-01-01T00:00:00+00:00">
  <title>Partnership or not?</title>
  <prompts><prompt><description>Partnership or not?</description></prompt></prompts>
  <assessments><assessment name="staff-assessment" required="True"/></assessments>
  <rubric>{criteria}<feedbackprompt>Overall feedback</feedbackprompt></rubric>
</openassessment>""".format(criteria="".join(
    f"<criterion feedback='{feedback}'><name>{name}</name><label>{name}</label><prompt>{name}</prompt>"
    + "".join(f"<option points='{p}'><name>{o}</name><label>{o}</label><explanation/></option>"
              for p, o in enumerate(ORA_SCALE)) + "</criterion>"
    for name, feedback in (("judgement", "optional"), ("reasoning", "required"))))
PEER_POLL_OLX = """<poll question="When can you attend the weekly live session?"
    answers='[["tue", {"label": "Tuesday 14:00 UTC", "img": ""}], ["wed", {"label": "Wednesday 16:00 UTC", "img": ""}],
              ["thu", {"label": "Thursday 18:00 UTC", "img": ""}]]'/>"""
# The learner page of ORA2's legacy UI loads these steps after student_view (openassessment-lms.js:
# BaseView.load -> responseView.load, loadAssessmentModules, messageView.load).
ORA_PAGE_CALLS = ["render_submission", "render_student_training", "render_peer_assessment", "render_staff_assessment",
                  "render_self_assessment", "render_grade", "render_leaderboard", "render_message"]


def rubric_olx():
    """The rubric of bench/rubric.py: two criteria on the WikiLearn scale."""
    from bench.rubric import CRITERIA

    return f"<wikilearn_rubric criteria='{CRITERIA}' prompt='Partnership or not?'/>"


def poll_olx():
    """The suite's poll: 8 weeks from next week, 3 days offered, 30-minute steps (the poll stays open)."""
    first = datetime.date.today() + datetime.timedelta(days=7)
    return (f'<wikilearn_timezone_poll offered_days="Tue, Wed, Thu" first_session="{first.isoformat()}" '
            f'last_session="{(first + datetime.timedelta(days=55)).isoformat()}" slot_step="30" '
            'acceptable_hours="07:00-23:00" show_heat_map="true"/>')


class LmsAttributes:
    """What edx-platform's runtime answers as ``block.xmodule_runtime`` (from the user service)."""

    def __init__(self, runtime):
        service = runtime._services["user"]  # noqa: SLF001 - the sandbox's user service for this request
        self.course_id = runtime.course_id
        self.anonymous_student_id = service.anonymous_user_id
        self.user_is_staff = service.user_is_staff
        self.user_is_admin = False
        self.user_is_beta_tester = False
        self.get_real_user = service.get_user_by_anonymous_id


class Location(str):
    """A workbench usage id that also answers ``course_key``, as the LMS's usage keys do."""

    def __new__(cls, usage_id, course_id):
        from opaque_keys.edx.keys import CourseKey

        made = super().__new__(cls, usage_id)
        made.course_key = CourseKey.from_string(course_id)
        return made

    def html_id(self):
        """An id usable in HTML (``UsageKey.html_id``)."""
        return self.replace(".", "_")


def install_platform_stand_ins():
    """edx-platform's ``CourseWaffleFlag``, which ORA2 imports at run time (openassessment/runtime_imports/
    classes.py ``import_course_waffle_flag``). Without course overrides (the bench has none) it is the
    waffle flag itself, as openedx/core/djangoapps/waffle_utils ``CourseWaffleFlag.is_enabled`` falls back to."""
    from edx_toggles.toggles import WaffleFlag

    class CourseWaffleFlag(WaffleFlag):
        def is_enabled(self, course_key=None):  # noqa: ARG002 - no course overrides in the bench
            return super().is_enabled()

    names = ["openedx", "openedx.core", "openedx.core.djangoapps", "openedx.core.djangoapps.waffle_utils"]
    for name in names:
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.modules[names[-1]].CourseWaffleFlag = CourseWaffleFlag
    logging.getLogger("edx_toggles").setLevel(logging.ERROR)  # "accessed without a request", once per flag read


def drivers():
    """(suite driver, peer driver): BlockDrivers on the sandbox runtime, the peer's with LMS attributes."""
    from django.core.serializers.json import DjangoJSONEncoder

    from sandbox.runtime import SandboxRuntime
    from sandbox.services import LMS
    from tests.blocks import BlockDriver

    class PeerRuntime(SandboxRuntime):
        def _patch_xblock(self, block):
            super()._patch_xblock(block)
            if self.surface == LMS:
                block.xmodule_runtime = LmsAttributes(self)
            if not hasattr(block, "location"):  # the LMS's blocks carry their usage key
                block.location = Location(block.scope_ids.usage_id, self.course_id)

        def publish(self, block, event_type, event_data):
            # ORA2's events carry datetimes, which the LMS's tracker encodes (eventtracking's
            # DateTimeJSONEncoder) and the sandbox's JSON column does not.
            super().publish(block, event_type, json.loads(json.dumps(event_data, cls=DjangoJSONEncoder)))

    class PeerDriver(BlockDriver):
        def block(self, usage_id, user=None, surface=LMS):
            return PeerRuntime(user, surface).get_block(usage_id)

    install_platform_stand_ins()
    return BlockDriver(), PeerDriver()


def clone(instance, **changes):
    """An unsaved copy of a model row with ``changes`` (pk cleared)."""
    values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if not f.primary_key}
    values.update(changes)
    return type(instance)(**values)


# -- rubric vs ORA2 -------------------------------------------------------------------------------------
def seed_rubric(driver, usage, staff, n):
    """``n`` learners' submissions, two thirds graded and released (as bench/rubric.py)."""
    from bench.rubric import LEVELS
    from openedx_plugins.wikilearn.models.rubric import RubricAssessment, RubricSubmission

    probe = driver.block(usage, staff)
    course, item = probe.course_key, probe.item_id
    RubricSubmission.objects.bulk_create([
        RubricSubmission(course_key=course, item_id=item, anonymous_user_id=f"bulk{i:08d}", username=f"bulk_{i}",
                         attempt=1, answer="A partnership is... " * 20, queue_state=2 if i % 3 else 0)
        for i in range(n)], batch_size=2000)
    snapshot = probe.rubric()
    graded = RubricSubmission.objects.filter(course_key=course, item_id=item, queue_state=2).values_list("id",
                                                                                                        flat=True)
    RubricAssessment.objects.bulk_create([
        RubricAssessment(submission_id=pk, rubric=snapshot, levels=LEVELS, points=3, max_points=6, status="released")
        for pk in graded], batch_size=2000)


def ora_uuid(usage, user):
    """The uuid of ``user``'s latest submission to the ORA block ``usage``."""
    from submissions.models import Submission

    from sandbox.services import anonymous_id_for

    anonymous = anonymous_id_for(user, _course())
    return str(Submission.objects.filter(student_item__item_id=str(usage), student_item__student_id=anonymous)
               .latest("id").uuid)


def _course():
    from django.conf import settings

    return settings.WIKILEARN_SANDBOX_COURSE


def ora_grade_data(submission_uuid):
    """The body of ORA2's ``staff_assess`` for a full grade with the same levels as the rubric's."""
    from bench.rubric import LEVELS

    return {"submission_uuid": submission_uuid, "options_selected": LEVELS, "assess_type": "full-grade",
            "criterion_feedback": {"reasoning": "Say more about shared goals."}, "overall_feedback": "Close."}


def seed_ora(driver, usage, staff, probes, n):
    """``n`` learners' ORA2 rows: a third waiting for staff, two thirds graded (cloned from real ones)."""
    from openassessment.assessment.models import Assessment, AssessmentPart, StaffWorkflow
    from openassessment.workflow.models import AssessmentWorkflow, AssessmentWorkflowStep
    from submissions.models import Score, ScoreSummary, StudentItem, Submission

    waiting_user, graded_user = probes
    for user in probes:
        result = driver.call(usage, "submit", {"submission": ["A partnership is... " * 20]}, user=user)
        assert result.status == 200 and result.json[0] is True, result.json
    graded_uuid = ora_uuid(usage, graded_user)
    result = driver.call(usage, "staff_assess", ora_grade_data(graded_uuid), user=staff)
    assert result.json["success"], result.json
    templates = {}
    for user in probes:
        sub = Submission.objects.get(uuid=ora_uuid(usage, user))
        workflow = AssessmentWorkflow.objects.get(submission_uuid=sub.uuid)
        assessments = list(Assessment.objects.filter(submission_uuid=sub.uuid))
        templates[user.pk] = {
            "item": sub.student_item, "sub": sub, "workflow": workflow, "steps": list(workflow.steps.all()),
            "staff": StaffWorkflow.objects.get(submission_uuid=sub.uuid), "assessments": assessments,
            "parts": list(AssessmentPart.objects.filter(assessment__in=assessments)),
            "scores": list(Score.objects.filter(submission=sub)),
            "summary": ScoreSummary.objects.filter(student_item=sub.student_item).first()}
    students = [(f"orabulk{i:08d}", templates[probes[0 if i % 3 == 0 else 1].pk]) for i in range(n)]
    StudentItem.objects.bulk_create([clone(t["item"], student_id=s) for s, t in students], batch_size=2000)
    items = dict(StudentItem.objects.filter(item_id=str(usage), student_id__startswith="orabulk")
                 .values_list("student_id", "pk"))
    uuids = {s: uuid.uuid4() for s, _t in students}
    Submission.objects.bulk_create([clone(t["sub"], uuid=uuids[s], student_item_id=items[s]) for s, t in students],
                                   batch_size=2000)
    subs = dict(Submission.objects.filter(student_item_id__in=items.values()).values_list("uuid", "pk"))
    AssessmentWorkflow.objects.bulk_create([clone(t["workflow"], submission_uuid=str(uuids[s]),
                                                  uuid=uuid.uuid4()) for s, t in students], batch_size=2000)
    flows = dict(AssessmentWorkflow.objects.filter(submission_uuid__in=[str(u) for u in uuids.values()])
                 .values_list("submission_uuid", "pk"))
    AssessmentWorkflowStep.objects.bulk_create([clone(step, workflow_id=flows[str(uuids[s])]) for s, t in students
                                                for step in t["steps"]], batch_size=2000)
    StaffWorkflow.objects.bulk_create([clone(t["staff"], submission_uuid=str(uuids[s])) for s, t in students],
                                      batch_size=2000)
    graded = [(s, t) for s, t in students if t["assessments"]]
    Assessment.objects.bulk_create([clone(a, submission_uuid=str(uuids[s])) for s, t in graded
                                    for a in t["assessments"]], batch_size=2000)
    made = dict(Assessment.objects.filter(submission_uuid__in=[str(uuids[s]) for s, _t in graded])
                .values_list("submission_uuid", "pk"))
    AssessmentPart.objects.bulk_create([clone(p, assessment_id=made[str(uuids[s])]) for s, t in graded
                                        for p in t["parts"]], batch_size=2000)
    Score.objects.bulk_create([clone(sc, student_item_id=items[s], submission_id=subs[uuids[s]]) for s, t in graded
                               for sc in t["scores"]], batch_size=2000)
    scores = dict(Score.objects.filter(student_item_id__in=items.values()).values_list("student_item_id", "pk"))
    ScoreSummary.objects.bulk_create([clone(t["summary"], student_item_id=items[s], highest_id=scores[items[s]],
                                            latest_id=scores[items[s]]) for s, t in graded if t["summary"]],
                                     batch_size=2000)


# -- timezone poll vs xblock-poll ---------------------------------------------------------------------------
def zone_grids(driver, usage, user, zones=40):
    """{zone: the 7 day strings of cells the poll offers in that zone} for the first ``zones`` of
    FORTY_ZONES, asked through ``poll_state``."""
    grids = {}
    for zone in FORTY_ZONES[:zones]:
        result = driver.call(usage, "poll_state", {"time_zone": zone}, user=user)
        assert result.status == 200, result.json
        grids[zone] = result.json["offered"]
    return grids


def answer(grids, rng, zone=None):
    """(zone, grid) of one learner: about 40 % of the cells offered in their zone marked available."""
    zone = zone or rng.choice(sorted(grids))
    return zone, ["".join("2" if ok == "1" and rng.random() < 0.4 else "0" for ok in day) for day in grids[zone]]


def seed_poll(driver, usage, staff, grids, n):
    """``n`` answers over the zones of ``grids`` through the poll's storage API, in one transaction."""
    from django.db import transaction

    from openedx_plugins.wikilearn.api import timezone_poll as api

    probe = driver.block(usage, staff)
    rng = random.Random(n)  # noqa: S311 - repeatable data
    with transaction.atomic():
        for i in range(n):
            zone, grid = answer(grids, rng)
            api.save_availability(probe.course_key, probe.item_id, f"pollbulk{i:08d}", f"pollbulk_{i}", zone,
                                  "".join(grid), (rng.choice([420, 480, 540]), rng.choice([1260, 1320, 1380])))


def seed_peer_poll(driver, usage, probe_user, n):
    """``n`` voters of xblock-poll: per-learner state rows cloned from one real vote, the tally set to ``n``."""
    from workbench.models import XBlockState

    result = driver.call(usage, "vote", {"choice": "tue"}, user=probe_user)
    assert result.json.get("success"), result.json
    row = XBlockState.objects.filter(scope="usage", scope_id=str(usage), user_id=probe_user.username).get()
    choices = ["tue", "wed", "thu"]
    XBlockState.objects.bulk_create([
        clone(row, user_id=f"pollbulk_{i}", state=row.state.replace('"tue"', f'"{choices[i % 3]}"'))
        for i in range(n)], batch_size=2000)
    block = driver.block(usage, probe_user)
    block.tally = {c: len(range(i, n, 3)) + (c == "tue") for i, c in enumerate(choices)}
    block.save()
