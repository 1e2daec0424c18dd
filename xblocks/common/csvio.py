"""CSV export and import helpers shared by the blocks' staff handlers.

Exports are UTF-8 with a BOM (spreadsheet programs then read non-Latin text correctly) and
neutralise cells a spreadsheet would run as a formula. Imports parse an uploaded text into
dict rows with required columns checked, and collect a row-by-row report of rejections.
"""

import csv
import io

from webob import Response

from xblocks.common.runtime.errors import BadRequest
from xblocks.common.runtime.i18n import gettext_noop as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000


def safe_cell(value):
    """``value`` as text a spreadsheet shows rather than evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header, rows):
    """CSV text for ``header`` and ``rows`` (lists of values), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def csv_response(filename, header, rows):
    """A downloadable CSV ``Response``."""
    body = ("\ufeff" + csv_text(header, rows)).encode("utf-8")
    response = Response(body=body, content_type="text/csv", charset="utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def parse_csv(text, required):
    """Rows of ``text`` as dicts (header names lower-cased and trimmed); 400 when malformed."""
    if not isinstance(text, str):
        raise BadRequest("malformed_csv", _("Send the CSV file's content as text."))
    if not text.strip():
        raise BadRequest("malformed_csv", _("The CSV file is empty."))
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise BadRequest("malformed_csv", _("The CSV file is too large."))
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    try:
        rows = list(reader)
    except csv.Error:
        raise BadRequest("malformed_csv", _("The file is not valid CSV.")) from None
    if not rows:
        raise BadRequest("malformed_csv", _("The CSV file is empty."))
    header = [name.strip().lower() for name in rows[0]]
    missing = [name for name in required if name not in header]
    if missing:
        raise BadRequest("malformed_csv", _("The CSV file lacks the columns: %(columns)s."), columns=", ".join(missing))
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        raise BadRequest("malformed_csv", _("The CSV file has too many rows."))
    parsed = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        padded = row + [""] * (len(header) - len(row))
        parsed.append((line, {name: padded[i].strip() for i, name in enumerate(header) if name}))
    return parsed


class ImportReport:
    """What an import did, row by row: applied and rejected rows with reasons."""

    def __init__(self):
        self.applied = []
        self.rejected = []

    def accept(self, line, **details):
        """Record an applied row."""
        self.applied.append({"line": line, **details})

    def reject(self, line, error_code, message, **details):
        """Record a rejected row with a stable code and a (translated) message."""
        self.rejected.append({"line": line, "error_code": error_code, "message": message, **details})

    def to_dict(self):
        """The JSON answer of an import handler."""
        return {"applied": len(self.applied), "rejected": self.rejected, "rows": self.applied}
