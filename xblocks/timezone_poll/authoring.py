"""The author's fields turned into :class:`schedule.PollSettings`, and Studio validation of them."""

import datetime

from xblocks.common.runtime.i18n import gettext_noop as _
from xblocks.timezone_poll import schedule
from xblocks.timezone_poll.grid import parse_hours

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DEFAULT_HOURS = (8 * 60, 22 * 60)
DEFAULT_WEEKS = 8


def parse_days(text):
    """UTC weekdays (0 = Monday) from ``"Tue, Wed, Thu"`` (English abbreviations or 0-6), or None."""
    days = set()
    for part in str(text or "").replace(";", ",").replace(" ", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if part.isdigit() and int(part) < 7:
            days.add(int(part))
        elif part[:3].capitalize() in DAY_NAMES:
            days.add(DAY_NAMES.index(part[:3].capitalize()))
        else:
            return None
    return tuple(sorted(days)) or None


def parse_date(text):
    """A date from ``YYYY-MM-DD``, or None."""
    try:
        return datetime.date.fromisoformat(str(text).strip()) if text else None
    except ValueError:
        return None


def parse_settings(first, last, days, step, length, hours, today):
    """Settings from the author's fields, with safe fallbacks for empty or broken values.

    Empty dates mean: from ``today`` for eight weeks. Studio refuses broken values
    (:func:`settings_errors`); the fallbacks only keep a half-configured poll usable.
    """
    first_date = parse_date(first) or today
    last_date = parse_date(last) or first_date + datetime.timedelta(weeks=DEFAULT_WEEKS) - datetime.timedelta(days=1)
    if last_date < first_date:
        last_date = first_date + datetime.timedelta(days=6)
    step = step if step in (30, 60) else 60
    length = length if isinstance(length, int) and 30 <= length <= 8 * 60 and length % 30 == 0 else 120
    return schedule.PollSettings(first_date=first_date, last_date=last_date, days=parse_days(days) or (0, 1, 2, 3, 4),
                                 step=step, length=length, hours=parse_hours(hours) or DEFAULT_HOURS)


def settings_errors(first, last, days, step, length, hours, closes):
    """English source messages (marked for translation) for every unusable field value."""
    errors = []
    first_date, last_date = parse_date(first), parse_date(last)
    if (first and not first_date) or (last and not last_date) or (closes and not parse_date(closes)):
        errors.append(_("Dates must be written YYYY-MM-DD."))
    if first_date and last_date and last_date < first_date:
        errors.append(_("The last session date must not be before the first."))
    if first_date and last_date and (last_date - first_date).days > 366:
        errors.append(_("The course range can be at most one year."))
    if parse_days(days) is None:
        errors.append(_("Offer at least one day, e.g. \"Tue, Wed, Thu\"."))
    if step not in (30, 60):
        errors.append(_("The slot step must be 30 or 60 minutes."))
    if not isinstance(length, int) or not 30 <= length <= 8 * 60 or length % 30:
        errors.append(_("The session length must be a multiple of 30 minutes, from 30 to 480."))
    parsed = parse_hours(hours)
    if parsed is None or parsed[0] % 30 or parsed[1] % 30:
        errors.append(_("Acceptable hours must be written HH:MM-HH:MM in whole half hours, start before end."))
    return errors
