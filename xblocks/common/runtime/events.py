"""Tracking events: what a learner or staff member did, for the platform's analytics.

In the LMS, ``runtime.publish`` with an event type other than ``grade`` / ``completion`` /
``progress`` goes to the tracking log with the course context
(``xmodule/services.py`` ``EventPublishingService.publish``). Scores and completion for a learner
go through :mod:`xblocks.common.runtime.grades`, never through ``publish``.
"""

import logging

log = logging.getLogger(__name__)


def track(block, name, data):
    """Emit a tracking event; a failing tracker is logged and never undoes the learner's action."""
    try:
        block.runtime.publish(block, name, data)
    except Exception:  # noqa: BLE001 - analytics must not break a saved submission
        log.exception("Tracking event %s was not emitted", name)
