"""Publishing grade and completion events for a learner while staff make the request.

In the LMS, ``runtime.publish`` records a grade for the user of the current request. When staff
release a grade, the event must count for the learner: the LMS's ``rebind_user`` service binds
the block to the learner first (as staff-graded blocks and LTI do). Runtimes without it (the
sandbox, tests) get the learner named in the event data (``user_id``, ``anonymous_user_id``).
"""

import logging

log = logging.getLogger(__name__)


def learner_user(block, anonymous_id):
    """The Django user behind ``anonymous_id`` through the user service, or None."""
    service = block.runtime.service(block, "user")
    try:
        return service.get_user_by_anonymous_id(anonymous_id) if service else None
    except Exception:  # noqa: BLE001 - an unknown id must not stop the release
        log.warning("No user for anonymous id %s", anonymous_id)
        return None


def publish_for_learner(block, anonymous_id, events):
    """Publish ``events`` ([(event_type, data)]) on behalf of the learner ``anonymous_id``.

    Rebinding changes whom the block acts for, so call this last in a handler.
    """
    user = learner_user(block, anonymous_id)
    rebind = None
    try:
        rebind = block.runtime.service(block, "rebind_user")
    except Exception:  # noqa: BLE001 - the service is optional (``wants``)
        rebind = None
    if rebind is not None and user is not None:
        rebind.rebind_noauth_module_to_user(block, user)
    for event_type, data in events:
        data = dict(data, anonymous_user_id=anonymous_id)
        if user is not None:
            data["user_id"] = user.pk
        block.runtime.publish(block, event_type, data)


def track(block, name, data):
    """Emit a tracking event; a failing tracker is logged and never undoes the learner's action."""
    try:
        block.runtime.publish(block, name, data)
    except Exception:  # noqa: BLE001 - analytics must not break a saved submission
        log.exception("Tracking event %s was not emitted", name)
