"""Retrying a short write transaction that lost a lock race (MariaDB deadlock, SQLite lock).

Under concurrent writers, MariaDB may pick a transaction as a deadlock victim (error 1213) or
time it out on a lock (1205), and SQLite refuses a writer while another holds the lock. The
transaction was rolled back in full, so running it again is safe; Django's documentation
recommends exactly that. Anything else propagates unchanged.
"""

import random
import time

from django.db import OperationalError, transaction

RETRY_MYSQL_CODES = {1205, 1213}


def is_lock_error(error):
    """True for errors that mean "someone else held the lock, try again"."""
    code = error.args[0] if error.args else None
    return code in RETRY_MYSQL_CODES or "locked" in str(error).lower() or "deadlock" in str(error).lower()


def atomic_with_retry(fn, tries=12, pause=0.05):
    """Run ``fn()`` in ``transaction.atomic()``, again (after a short random pause) on lock errors."""
    for attempt in range(1, tries + 1):
        try:
            with transaction.atomic():
                return fn()
        except OperationalError as error:
            if attempt == tries or not is_lock_error(error) or transaction.get_connection().in_atomic_block:
                raise
            time.sleep(random.uniform(0, pause * attempt))  # noqa: S311 - jitter, not security
    raise AssertionError("unreachable")
