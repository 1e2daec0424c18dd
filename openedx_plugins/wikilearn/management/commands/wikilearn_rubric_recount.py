"""``wikilearn_rubric_recount [--course KEY]``: recompute the rubric staff queues' totals from the attempts.

The totals are kept in the transaction of every change of state; this brings them back in line after
rows were written around the service (a bulk load, a restored backup) and says which blocks drifted.
"""

from django.core.management.base import BaseCommand

from openedx_plugins.wikilearn.api import rubric_counts
from openedx_plugins.wikilearn.models.rubric import QueueState


class Command(BaseCommand):
    """Recount every rubric block's queue totals (of one course, with ``--course``)."""

    help = "Recompute the rubric staff queues' learner counts per state from the attempts."

    def add_arguments(self, parser):
        """``--course`` limits the recount to one course."""
        parser.add_argument("--course", help="Only the blocks of this course key.")

    def handle(self, *args, **options):
        """Recount and print each corrected block's drift."""
        drifts = rubric_counts.recount_all(options["course"])
        for (course, item), drift in drifts.items():
            changes = ", ".join(f"{QueueState(state).label} {old}->{new}"
                                for state, (old, new) in sorted(drift.items()))
            self.stdout.write(f"{course} {item}: {changes}")
        self.stdout.write(f"{len(drifts)} block(s) had wrong totals; all recounted.")
