"""Turn scheduling results into what people read: local times, DST change notes, CSV rows, JSON.

Pure functions; ``gettext`` is passed in so the block translates for the current user.
"""

import datetime

from xblocks.common.runtime.i18n import format_day_month
from xblocks.common.runtime.i18n import gettext_noop as _
from xblocks.timezone_poll import schedule
from xblocks.timezone_poll.grid import format_time, split_grid
from xblocks.timezone_poll.weekview import convert_grid

WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))
CSV_HEADER = ["username", "anonymous_id", "time_zone", "acceptable_hours", "updated"] + [
    f"{day} {kind}" for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    for kind in ("available", "if need be")
]


def day_month(day, language):
    """``"28 March"``, ``"28 de marzo"``, ``"March 28"``: CLDR's day-and-month pattern of the reader's language
    (a translated month name after the number reads wrong in Spanish and English alike)."""
    return format_day_month(day, language or "en")


def clock(moment):
    """``"HH:MM"`` of a datetime."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def session_in_zone(settings, candidate, zone_name, gettext, language="en"):
    """How one weekly session reads in ``zone_name``: the first local time and every change."""
    first, found = schedule.changes(settings, candidate, zone_name)
    if first is None:
        return None
    notes = []
    for current, previous in found:
        values = {"date": day_month(current.date(), language), "new": clock(current), "old": clock(previous)}
        if current.weekday() != previous.weekday():
            values["new"] = f"{gettext(WEEKDAYS[current.weekday()])} {values['new']}"
            values["old"] = f"{gettext(WEEKDAYS[previous.weekday()])} {values['old']}"
        notes.append({"date": current.date().isoformat(), "time": clock(current), "previous": clock(previous),
                      "text": gettext(_("From %(date)s: %(new)s instead of %(old)s")) % values})
    end = first + datetime.timedelta(minutes=settings.length)
    return {
        "zone": zone_name,
        "weekday": first.weekday(),
        "weekday_name": gettext(WEEKDAYS[first.weekday()]),
        "start": clock(first),
        "end": clock(end),
        "first_date": first.date().isoformat(),
        "text": gettext(_("%(weekday)s %(start)s-%(end)s, starting %(date)s")) % {
            "weekday": gettext(WEEKDAYS[first.weekday()]), "start": clock(first), "end": clock(end),
            "date": day_month(first.date(), language)},
        "changes": notes,
    }


def candidate_json(settings, result, view_zone, gettext, respondents, language="en"):
    """One ranked candidate for the staff view: counts only (the names come one paged request away)."""
    candidate = result.candidate
    return {
        "slot_id": candidate.slot_id,
        "utc": {"weekday": candidate.weekday, "weekday_name": gettext(WEEKDAYS[candidate.weekday]),
                "start": format_time(candidate.start)},
        "local": session_in_zone(settings, candidate, view_zone, gettext, language),
        "attend_every_date": result.attend_every_date,
        "left_out": respondents - result.attend_every_date,
        "if_need_be": result.if_need_be,
        "outside_hours": result.outside_hours,
        "weeks": [{"date": day.isoformat(), "available": available, "if_need_be": if_need_be}
                  for day, available, if_need_be in zip(result.dates, result.weekly_available,
                                                        result.weekly_if_need_be, strict=True)],
    }


def answer_in_zone(answer, zone_name, settings, offered):
    """A saved answer as the learner sees it in ``zone_name`` (converted when they answered elsewhere).

    Cells not offered in ``zone_name`` are left out (and counted in ``dropped``); acceptable hours
    are the learner's own in their answer's zone, else the author's default.
    """
    converted = convert_grid(answer["grid"], answer["time_zone"], zone_name, settings.first_date)
    _available, painted = schedule.grid_bits(converted)
    kept = "".join(mark if offered >> index & 1 else schedule.EMPTY for index, mark in enumerate(converted))
    same = answer["time_zone"] == zone_name
    hours = answer["hours"] if same else settings.hours
    return {"time_zone": answer["time_zone"], "grid": split_grid(kept), "converted": not same,
            "dropped": bin(painted & ~offered).count("1"),
            "hours": {"start": format_time(hours[0]), "end": format_time(hours[1])},
            "updated": answer["updated"].isoformat() if answer.get("updated") else None}


def settings_json(settings, day_names):
    """The author's settings as the learner view needs them."""
    return {"step": settings.step, "length": settings.length, "first_date": settings.first_date.isoformat(),
            "last_date": settings.last_date.isoformat(), "days": [day_names[day] for day in settings.days],
            "hours": {"start": format_time(settings.hours[0]), "end": format_time(settings.hours[1])}}


def heat_json(counts, zone_name):
    """The heat map as 7 lists (Monday first) of 48 counts each, available and if need be."""
    available, if_need_be = counts
    size = schedule.CELLS_PER_DAY
    return {"zone": zone_name,
            "available": [available[day * size:(day + 1) * size] for day in range(7)],
            "if_need_be": [if_need_be[day * size:(day + 1) * size] for day in range(7)]}


def ranges(day, mark):
    """``"08:00-10:00 14:30-15:00"``: the spans of one day string marked ``mark``."""
    spans, start = [], None
    for index, value in enumerate(day + schedule.EMPTY):
        if value == mark and start is None:
            start = index
        elif value != mark and start is not None:
            spans.append(f"{format_time(start * 30)}-{format_time(index * 30)}")
            start = None
    return " ".join(spans)


def csv_row(answer):
    """One learner's answer as a CSV row (matching :data:`CSV_HEADER`)."""
    row = [answer["username"], answer["anonymous_id"], answer["time_zone"],
           f"{format_time(answer['hours'][0])}-{format_time(answer['hours'][1])}",
           answer["updated"].isoformat() if answer.get("updated") else ""]
    for day in split_grid(answer["grid"]):
        row += [ranges(day, schedule.AVAILABLE), ranges(day, schedule.IF_NEED_BE)]
    return row
