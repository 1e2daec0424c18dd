"""A learner's score and completion, recorded while course staff make the request.

The platform's supported way for a staff-given score (what ORA2 and edx-sga do):

- ``runtime.publish(block, 'grade', ...)`` cannot be used: the LMS's handler records the score
  for the user *of the request* and ignores any user in the event
  (``xmodule/services.py`` ``EventPublishingService._handle_grade_event`` sends
  ``SCORE_PUBLISHED`` with ``user=self.user``); rebinding the block to the learner is refused for
  any authenticated requester (``RebindUserService.rebind_noauth_module_to_user`` raises
  ``RebindUserServiceError``; it exists for LTI's anonymous callbacks).
- edx-submissions records it for the learner's *student item*
  (``submissions/api.py`` ``create_submission(student_item_dict, answer, attempt_number=...)``,
  then ``set_score(submission_uuid, points_earned, points_possible, annotation_creator=...)``,
  which sends the ``score_set`` signal). edx-platform turns that signal into the learner's score
  (``lms/djangoapps/grades/signals/handlers.py`` ``submissions_score_set_handler``: the user
  from ``user_by_anonymous_id``, ``PROBLEM_WEIGHTED_SCORE_CHANGED``), and the grade computation
  reads submissions scores first, as already weighted (``lms/djangoapps/grades/scores.py``
  ``_get_score_from_submissions``: points earned and possible as given, the block's ``weight``
  is not applied). The student item is ``{student_id: the learner's course anonymous id,
  course_id: str(course key), item_id: str(usage key), item_type}``, which is how
  ``get_scores(course_id, anonymous_id)`` finds it again. Points are whole numbers
  (``submissions/models.py`` ``Score.points_earned``/``points_possible``: PositiveIntegerField).
- Completion for another user goes through the completion service
  (``completion/services.py`` ``CompletionService.submit_group_completion(block_key, completion,
  user_ids=...)``), which writes the learner's ``BlockCompletion``.

:meth:`Gradebook.record` is called inside the suite's own release transaction, so a score that
cannot be written rolls the release back: the learner never sees feedback without its score.
"""

import logging

from submissions import api as submissions_api

from xblocks.common.runtime.errors import ServiceUnavailable
from xblocks.common.runtime.i18n import gettext_noop as _
from xblocks.common.runtime.user import course_key_of

log = logging.getLogger(__name__)
# Why a score changed, kept with it by edx-submissions (ScoreAnnotation: type and reason are required).
ANNOTATION_TYPE = "staff_defined"
ANNOTATION_REASON = "Graded by course staff on the WikiLearn scale"


class Gradebook:
    """Scores and completion of one block's learners (plain arguments; call it inside a transaction)."""

    def __init__(self, block, item_type):
        self.block = block
        self.item_type = item_type

    def student_item(self, learner):
        """The edx-submissions student item of ``learner`` (a course anonymous id) for this block."""
        return {"student_id": learner, "course_id": str(course_key_of(self.block)),
                "item_id": str(self.block.scope_ids.usage_id), "item_type": self.item_type}

    def _submission_uuid(self, learner, attempt):
        item = self.student_item(learner)
        for submission in submissions_api.get_submissions(item):
            if submission["attempt_number"] == attempt:
                return submission["uuid"]
        created = submissions_api.create_submission(
            item, {"wikilearn": self.item_type, "attempt": attempt}, attempt_number=attempt)
        return created["uuid"]

    def record(self, learner, earned, possible, attempt, grader=""):
        """Give ``learner`` ``earned`` of ``possible`` points for ``attempt``, and mark the block complete.

        Raises :class:`~xblocks.common.runtime.errors.ServiceUnavailable` when the score cannot be
        written (the caller's transaction then rolls back).
        """
        try:
            uuid = self._submission_uuid(learner, attempt)
            submissions_api.set_score(uuid, int(earned), int(possible), annotation_creator=grader or None,
                                      annotation_type=ANNOTATION_TYPE if grader else None,
                                      annotation_reason=ANNOTATION_REASON if grader else None)
            recorded = submissions_api.get_latest_score_for_submission(uuid)
        except (submissions_api.SubmissionError, ValueError, TypeError) as error:
            raise self._not_recorded(learner) from error
        # set_score swallows an IntegrityError and then records nothing: check what it kept.
        if not recorded or (recorded["points_earned"], recorded["points_possible"]) != (int(earned), int(possible)):
            raise self._not_recorded(learner)
        self.complete(learner)

    def _not_recorded(self, learner):
        log.error("Score of %s on %s was not recorded", learner, self.block.scope_ids.usage_id)
        return ServiceUnavailable("score_not_recorded", _("The grade could not be recorded in the gradebook, "
                                                          "so nothing was released. Try again."))

    def complete(self, learner):
        """Mark the block complete for ``learner`` through the completion service, where there is one."""
        completion = self._service("completion")
        users = self._service("user")
        if completion is None or users is None:
            return
        user = users.get_user_by_anonymous_id(learner)
        if user is not None:
            completion.submit_group_completion(self.block.scope_ids.usage_id, 1.0, user_ids=[user.id])

    def score_of(self, learner):
        """The learner's recorded score ``{"points_earned", "points_possible"}``, or None."""
        return submissions_api.get_score(self.student_item(learner))

    def _service(self, name):
        try:
            return self.block.runtime.service(self.block, name)
        except Exception:  # noqa: BLE001 - surfaces without the service
            return None
