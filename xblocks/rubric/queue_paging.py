"""The staff queue's page cursors: where the next page starts, carried opaquely by the staff page.

A cursor names the queue filter it was handed out for, the ``(state, submitted_at, id)`` of the last
row shown and the number of the page it opens; anything else is refused with 400 ``invalid_cursor``.
"""

import datetime

from xblocks.common.paging import MAX_PAGE, decode_cursor, encode_cursor, invalid_cursor, whole_number

MAX_ROW_ID = 2**63 - 1


def next_cursor(queue_filter, key, page_number):
    """The cursor of the page after ``page_number``, whose previous row has ``key``; None at the end."""
    if key is None or page_number >= MAX_PAGE:
        return None
    state, moment, row_id = key
    return encode_cursor(queue_filter, state, moment.isoformat(), row_id, page_number + 1)


def read_cursor(cursor, queue_filter, states):
    """``(after, page_number)`` from a cursor handed out for ``queue_filter`` (whose states are ``states``)."""
    made_for, state, moment, row_id, number = decode_cursor(cursor, 5)
    if made_for != queue_filter or whole_number(state, 0) not in states or not isinstance(moment, str):
        raise invalid_cursor()
    try:
        moment = datetime.datetime.fromisoformat(moment)
    except ValueError:
        raise invalid_cursor() from None
    if moment.tzinfo is None or None in (whole_number(row_id, 1, MAX_ROW_ID), whole_number(number, 2)):
        raise invalid_cursor()
    return (state, moment, row_id), number
