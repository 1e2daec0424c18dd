"""Progress across the course (staff): a grid of learners by suite assignments, and its CSV export.

Rows are the course's enrolled learners from the platform (``WIKILEARN_COURSE_LEARNERS``), by
username, one page at a time (``?search=`` keeps usernames starting with it); columns are the rubric
and pitch review blocks in course order. A learner is highlighted when nothing came from them for
``WIKILEARN_IDLE_DAYS`` days (or nothing at all yet), and a cell when its work waits on the learner.
"""

import csv

from django.http import StreamingHttpResponse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_safe

from openedx_plugins.wikilearn import platform
from openedx_plugins.wikilearn.api import progress as api
from openedx_plugins.wikilearn.pages.common import (
    STAFF,
    PageError,
    check_page,
    course_for,
    html_error,
    page_request,
    render_page,
    setting,
    text,
)
from openedx_plugins.wikilearn.pages.levels import level_label
from xblocks.common.csvio import safe_cell

CSV_CHUNK = 500


def cell_text(cell, block):
    """A grid cell in words (what a screen reader reads, and the CSV's state column)."""
    words = _pitch_words(cell, block) if block.block_type == "wikilearn_pitch_review" else _rubric_words(cell)
    if cell.get("reviews_to_write"):
        count = cell["reviews_to_write"]
        words += "; " + ngettext("%(count)s peer review to write", "%(count)s peer reviews to write",
                                 count) % {"count": count}
    return words


def _rubric_words(cell):
    state = cell["state"]
    if state in ("waiting", "resubmitted"):
        template = gettext("Attempt %(n)s, waiting for feedback") if state == "waiting" else gettext(
            "Attempt %(n)s, resubmitted, waiting for feedback")
        return template % {"n": cell["attempt"]}
    if state in ("passed", "revise", "below"):
        template = {"passed": gettext("%(points)s of %(max)s points, passed"),
                    "revise": gettext("%(points)s of %(max)s points: to revise and resubmit"),
                    "below": gettext("%(points)s of %(max)s points, below the passing rule")}[state]
        return template % {"points": cell["points"], "max": cell["max_points"]}
    return gettext("Graded") if state == "graded" else gettext("Nothing submitted")


def _pitch_words(cell, block):
    level = level_label(block, cell.get("level"))
    return {"submitted": gettext("Pitch submitted"), "withdrawn": gettext("Withdrawn"),
            "graded": gettext("Graded %(level)s, not released yet") % {"level": level},
            "released": gettext("Graded %(level)s") % {"level": level}}.get(cell["state"], gettext("Nothing submitted"))


def idle_text(row, days):
    """Why a learner is highlighted, or ''."""
    if row["idle"] == "never":
        return gettext("Nothing submitted yet")
    if row["idle"] == "idle":
        return ngettext("No submission for %(days)s day", "No submission for %(days)s days", days) % {"days": days}
    return ""


def learners(course, search):
    """The course's learners, by username (a queryset: the caller pages it)."""
    rows = platform.course_learners(course.key)
    if search:
        rows = rows.filter(username__istartswith=search)
    return rows.order_by("username").values_list("username", flat=True)


@require_safe
def progress_page(request, course_id):
    """The progress grid (course staff only)."""
    try:
        course = course_for(request, course_id, STAFF)
        search = text(request.GET, "search")
        number, size = page_request(request.GET, setting("COURSE_PAGE_SIZE"), sizes_allowed=False)
        people = learners(course, search)
        total = people.count()
        pages = check_page(number, size, total)
    except PageError as error:
        return html_error(request, error)
    columns, days = api.assignments(course.blocks), setting("IDLE_DAYS")
    rows = api.grid_rows(course.key, course.blocks, list(people[(number - 1) * size:number * size]), days)
    for row in rows:
        row["idle_text"] = idle_text(row, days)
        row["shown"] = [dict(cell, text=cell_text(cell, block)) for cell, block in zip(row["cells"], columns,
                                                                                       strict=True)]
    return render_page(request, "wikilearn/progress.html", course, "progress", columns=columns, rows=rows,
                       total=total, page=number, pages=pages, search=search or "", idle_days=days,
                       query_base=f"search={search}&" if search else "")


def csv_rows(course, days):
    """The CSV's header and rows for every learner (fetched 500 at a time)."""
    columns = api.assignments(course.blocks)
    header = [gettext("Learner"), gettext("Latest submission (UTC)"), gettext("Needs attention")]
    for block in columns:
        header += [gettext("%(assignment)s: state") % {"assignment": block.title},
                   gettext("%(assignment)s: result") % {"assignment": block.title}]
    yield header
    people = learners(course, None)
    for start in range(0, people.count(), CSV_CHUNK):
        for row in api.grid_rows(course.key, course.blocks, list(people[start:start + CSV_CHUNK]), days):
            line = [row["username"], row["last_submitted"].strftime("%Y-%m-%d %H:%M") if row["last_submitted"] else "",
                    idle_text(row, days)]
            for cell, block in zip(row["cells"], columns, strict=True):
                line += [cell_text(cell, block), _result(cell, block)]
            yield line


def _result(cell, block):
    if cell.get("points") is not None:
        return f"{cell['points']}/{cell['max_points']}"
    return level_label(block, cell.get("level")) if cell.get("level") else ""


class _Echo:
    """A file-like object whose ``write`` returns the line (for a streamed csv.writer)."""

    def write(self, value):
        """Hand the formatted line back."""
        return value


@require_safe
def progress_csv(request, course_id):
    """The whole grid as CSV (UTF-8 with a BOM; cells a spreadsheet would run are neutralised)."""
    try:
        course = course_for(request, course_id, STAFF)
    except PageError as error:
        return html_error(request, error)
    writer = csv.writer(_Echo(), lineterminator="\r\n")

    def lines():
        yield "\ufeff"
        for row in csv_rows(course, setting("IDLE_DAYS")):
            yield writer.writerow([safe_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="course-progress.csv"'
    response["Cache-Control"] = "private, no-store"
    return response

