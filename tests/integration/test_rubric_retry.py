"""Short write transactions are run again when they lose a lock race, and only then."""

import pytest
from django.db import OperationalError

from openedx_plugins.wikilearn.db import atomic_with_retry, is_lock_error

pytestmark = pytest.mark.django_db(transaction=True)


def flaky(errors):
    calls = []

    def fn():
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return "done"

    return fn, calls


def test_lock_errors_are_retried_until_success():
    fn, calls = flaky([OperationalError("database table is locked"), OperationalError(1213, "Deadlock found")])
    assert atomic_with_retry(fn, pause=0) == "done" and len(calls) == 3


def test_other_errors_and_exhausted_retries_propagate():
    fn, calls = flaky([OperationalError(1054, "Unknown column")])
    with pytest.raises(OperationalError):
        atomic_with_retry(fn, pause=0)
    assert len(calls) == 1
    fn, calls = flaky([OperationalError(1205, "Lock wait timeout")] * 5)
    with pytest.raises(OperationalError):
        atomic_with_retry(fn, tries=3, pause=0)
    assert len(calls) == 3
    assert is_lock_error(OperationalError("database is locked"))
    assert not is_lock_error(OperationalError("no such table"))
