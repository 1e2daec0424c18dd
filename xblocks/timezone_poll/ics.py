"""iCalendar (RFC 5545) output for the chosen weekly session.

The session is fixed in UTC, so the event is written with UTC instants (``DTSTART:...Z``) and a
weekly ``RRULE`` with a ``COUNT`` over the course dates: every calendar shows each occurrence at
the right local time for its own zone, before and after daylight-saving changes, without a
``VTIMEZONE``. Written by hand (a dozen lines) so the block needs no calendar library at runtime.
"""

import datetime

from xblocks.timezone_poll import schedule

LINE_OCTETS = 75


def escape(text):
    """Escape TEXT values (backslash, semicolon, comma, newlines)."""
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line):
    """Fold a content line to at most 75 octets per physical line (continuations start with a space)."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line
    parts, current, limit = [], b"", LINE_OCTETS
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", LINE_OCTETS - 1
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def utc_stamp(moment):
    """``YYYYMMDDTHHMMSSZ`` of an aware datetime."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def session_calendar(settings, candidate, uid, summary, description="", now=None):
    """The .ics text (CRLF line ends) of the weekly session ``candidate`` over the course range."""
    starts = schedule.instants(settings, candidate)
    if not starts:
        raise ValueError("the course range holds no date for this session")
    now = now or datetime.datetime.now(datetime.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Wikimedia WikiLearn//Timezone poll//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(starts[0])}",
        f"DTEND:{utc_stamp(starts[0] + datetime.timedelta(minutes=settings.length))}",
        f"RRULE:FREQ=WEEKLY;COUNT={len(starts)}",
        f"SUMMARY:{escape(summary)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
