"""What each person may see of the pitches and reviews (pure shaping of the api's plain dicts).

A presenter sees their own versions, their group and slot, and no review before the release;
a reviewer sees the latest version of each pitch assigned to them and their own review; staff
see everything. Reviewer names are shown to the presenter only when the author allows it.
"""

import datetime
import zoneinfo

from xblocks.common.runtime.i18n import gettext_noop as _

ROLE_LABELS = {"instructor": _("Instructor"), "peer": _("Peer %(number)s")}


def slot_view(iso, time_zone):
    """A slot as UTC ISO text plus its wall-clock time in the viewer's zone (UTC when unknown)."""
    if not iso:
        return None
    moment = datetime.datetime.fromisoformat(iso)
    try:
        zone = zoneinfo.ZoneInfo(time_zone) if time_zone else datetime.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = datetime.UTC
    local = moment.astimezone(zone)
    return {"utc": iso, "local": local.strftime("%Y-%m-%d %H:%M"), "time_zone": str(zone),
            "utc_offset": local.strftime("%z")}


def _phases(review):
    return {"state": review["state"], "phase_one": review["phase_one"], "phase_two": review["phase_two"]}


def reviewer_task(task, time_zone):
    """One review task as the assigned reviewer sees it: the pitch's latest version and their review."""
    pitch = task["pitch"]
    return {"presenter": pitch["presenter"], "presenter_username": pitch["username"],
            "slot": slot_view(pitch["slot"], time_zone), "pitch": task["latest"], **_phases(task["review"])}


def sent_reviews(reviews):
    """Reviews with at least one phase sent, instructor first, then peers in assignment order."""
    sent = [r for r in reviews if r["phase_one"]]
    return sorted(sent, key=lambda r: (r["role"] != "instructor", r["assigned_at"] or "", r["id"]))


def reviewer_labels(reviews, show_names, gettext):
    """{review id: what the presenter sees as the reviewer's name}."""
    labels, number = {}, 0
    for review in reviews:
        if review["role"] == "instructor":
            label = gettext(ROLE_LABELS["instructor"])
        else:
            number += 1
            label = gettext(ROLE_LABELS["peer"]) % {"number": number}
        if show_names and review["reviewer_username"]:
            label = f"{label}: {review['reviewer_username']}"
        labels[review["id"]] = label
    return labels


def presenter_feedback(detail, show_names, gettext):
    """Both phases from the instructor and each peer, plus the grade; None before the release."""
    if not detail["released_at"]:
        return None
    reviews = sent_reviews(detail["reviews"])
    labels = reviewer_labels(reviews, show_names, gettext)
    grade = detail["grade"]
    return {
        "released_at": detail["released_at"],
        "grade": None if not grade else {k: grade[k] for k in ("level", "points", "max_points", "comment")},
        "reviews": [{"role": r["role"], "reviewer": labels[r["id"]], **_phases(r)} for r in reviews],
    }


def group_view(detail, show_names, gettext, time_zone):
    """The presenter's group: slot in their zone and who reviews (names per the author's setting)."""
    peers = [r for r in detail["reviews"] if r["active"] and r["role"] == "peer"]
    labels = reviewer_labels(peers, show_names, gettext)
    return {"slot": slot_view(detail["slot"], time_zone), "reviewers": [labels[r["id"]] for r in peers]}


def own_pitch(detail, show_names, gettext, time_zone):
    """The presenter's view of their pitch: every version, the group, the feedback once released."""
    if detail is None:
        return None
    return {"versions": detail["history"], "withdrawn": detail["withdrawn"], "released": bool(detail["released_at"]),
            "group": group_view(detail, show_names, gettext, time_zone),
            "feedback": presenter_feedback(detail, show_names, gettext)}


def staff_pitch(detail, time_zone):
    """Everything about one pitch for staff, with the slot in the staff member's zone."""
    return dict(detail, slot_local=slot_view(detail["slot"], time_zone))


def decision_choices(decisions, gettext):
    """[{key, label}] of the phase-one decisions, translated."""
    return [{"key": key, "label": gettext(label)} for key, label in decisions.items()]
