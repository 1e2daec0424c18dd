"""Reading a learner's grade where the platform keeps it: edx-submissions and the gradebook.

edx-platform's grades read a learner's scores with ``submissions.api.get_scores(course_id,
anonymous_id)`` keyed by the block's usage key (``lms/djangoapps/grades/scores.py``
``_get_score_from_submissions``); the sandbox's gradebook is what its ``score_set`` receiver
recorded, as ``submissions_score_set_handler`` does in the LMS.
"""

from submissions import api as submissions_api

from sandbox.models import BlockCompletion, GradebookScore


def submissions_score(blocks, usage, user):
    """``(points_earned, points_possible)`` edx-submissions holds for ``user`` on ``usage``, or None."""
    block = blocks.block(usage, user)
    scores = submissions_api.get_scores(block.course_key, block.user().anonymous_id)
    score = scores.get(str(usage))
    return (score["points_earned"], score["points_possible"]) if score else None


def gradebook_score(user, usage):
    """``(earned, possible)`` in the sandbox's gradebook, or None."""
    row = GradebookScore.objects.filter(user=user, usage_id=str(usage)).first()
    return (row.earned, row.possible) if row else None


def completion(user, usage):
    """The user's completion of ``usage`` (0.0 when none)."""
    row = BlockCompletion.objects.filter(user=user, usage_id=str(usage)).first()
    return row.completion if row else 0.0
