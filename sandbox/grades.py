"""Where the sandbox's scores and completions go, as the LMS routes them.

- ``grade`` events from ``runtime.publish`` count for the user *of the request*, and only when
  logged in; any user named in the event is ignored
  (``xmodule/services.py`` ``EventPublishingService._handle_grade_event``).
- ``completion`` events go to the completion service for the request's user; the service can
  also complete a block for other users (``completion/services.py`` ``CompletionService``:
  ``submit_completion``, ``submit_group_completion(block_key, completion, users=None, user_ids=None)``,
  which raises ``User.DoesNotExist`` for an unknown id).
- edx-submissions' ``score_set`` signal becomes the learner's score
  (``lms/djangoapps/grades/signals/handlers.py`` ``submissions_score_set_handler``: the user from
  ``user_by_anonymous_id``, nothing for an unknown id or ``points_possible == 0``), and the
  gradebook takes submissions scores as already weighted
  (``lms/djangoapps/grades/scores.py`` ``_get_score_from_submissions``).
"""

from django.contrib.auth import get_user_model
from django.dispatch import receiver
from submissions.models import score_reset, score_set

from sandbox.models import BlockCompletion, GradebookScore, PublishedEvent
from sandbox.services import user_by_anonymous_id


class SandboxCompletionService:
    """``CompletionService(user, context_key)`` over the sandbox's ``BlockCompletion`` table."""

    def __init__(self, user, context_key):
        self._user = user
        self._context_key = context_key

    def completion_tracking_enabled(self):
        """Completion is always tracked (as the completion app answers)."""
        return True

    def submit_completion(self, block_key, completion):
        """Complete ``block_key`` for the service's own user."""
        return _submit(self._user, block_key, completion)

    def submit_group_completion(self, block_key, completion, users=None, user_ids=None):
        """Complete ``block_key`` for other users; ``User.DoesNotExist`` names ids that are unknown."""
        users = list(users or [])
        user_ids = list(user_ids or [])
        more = list(get_user_model().objects.filter(id__in=user_ids))
        if len(more) < len(user_ids):
            found = {user.id for user in more}
            raise get_user_model().DoesNotExist(f"User not found with id(s): {[i for i in user_ids if i not in found]}")
        return [_submit(user, block_key, completion) for user in users + more]

    def get_completions(self, candidates):
        """``{block key: completion}`` of the service's user (0.0 when none)."""
        rows = dict(BlockCompletion.objects.filter(user=self._user, usage_id__in=[str(c) for c in candidates])
                    .values_list("usage_id", "completion"))
        return {candidate: rows.get(str(candidate), 0.0) for candidate in candidates}


def _submit(user, block_key, completion):
    if not 0.0 <= float(completion) <= 1.0:
        raise ValueError(f"{completion} is not a completion between 0.0 and 1.0")
    return BlockCompletion.objects.update_or_create(user=user, usage_id=str(block_key),
                                                    defaults={"completion": float(completion)})


def publish(runtime, block, event_type, event_data):
    """``runtime.publish`` as the LMS handles it for the request's user (see the module docstring)."""
    user = runtime.django_user
    logged_in = user is not None and user.is_authenticated
    if event_type == "grade":
        if logged_in:  # for the request's user; a user_id in the event changes nothing
            PublishedEvent.objects.create(username=user.username, usage_id=str(block.scope_ids.usage_id),
                                          event_type=event_type, data=event_data)
        return
    if event_type == "completion":
        if logged_in:
            SandboxCompletionService(user, runtime.course_id).submit_completion(
                block.scope_ids.usage_id, event_data["completion"])
        return
    PublishedEvent.objects.create(username=user.username if logged_in else "",
                                  usage_id=str(block.scope_ids.usage_id), event_type=event_type, data=event_data)


@receiver(score_set)
def record_submissions_score(sender, **kwargs):  # noqa: ARG001 - signal signature
    """``submissions_score_set_handler``: the learner's weighted score from an edx-submissions score."""
    user = user_by_anonymous_id(kwargs["anonymous_user_id"])
    if user is None or kwargs["points_possible"] == 0:
        return
    GradebookScore.objects.update_or_create(
        user=user, usage_id=kwargs["item_id"],
        defaults={"course_id": kwargs["course_id"], "earned": kwargs["points_earned"],
                  "possible": kwargs["points_possible"], "modified": kwargs["created_at"]})


@receiver(score_reset)
def reset_submissions_score(sender, **kwargs):  # noqa: ARG001 - signal signature
    """``submissions_score_reset_handler``: a reset score is 0 of 0 (not counted)."""
    user = user_by_anonymous_id(kwargs["anonymous_user_id"])
    if user is not None:
        GradebookScore.objects.filter(user=user, usage_id=kwargs["item_id"]).delete()
