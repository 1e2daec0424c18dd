"""HTTP byte ranges (RFC 9110 section 14): what part of a file a request asks for.

Only a single range is served; a header the server cannot use is ignored (the whole file is
sent), as the RFC allows; a range starting past the end is unsatisfiable (416).
"""

import re
from email.utils import parsedate_to_datetime

RANGE_SPEC = re.compile(r"\s*([0-9]{0,19})\s*-\s*([0-9]{0,19})\s*")
MAX_HEADER = 200


class Unsatisfiable(Exception):
    """The range does not overlap the file: answer 416 with ``Content-Range: bytes */size``."""


def parse_range(header, size):
    """``(first, last)`` inclusive byte positions asked for, or None to send the whole file.

    Raises ``Unsatisfiable`` when the one range asked for lies outside the file.
    """
    if not header or len(header) > MAX_HEADER:
        return None
    unit, sep, specs = header.partition("=")
    if not sep or unit.strip().lower() != "bytes" or "," in specs:
        return None
    match = RANGE_SPEC.fullmatch(specs)
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # suffix range: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(size - length, 0), size - 1
    first = int(first)
    if last != "" and int(last) < first:
        return None  # invalid: ignore the header
    if first >= size:
        raise Unsatisfiable
    last = size - 1 if last == "" else min(int(last), size - 1)
    return first, last


def if_range_matches(if_range, etag, last_modified):
    """Whether an ``If-Range`` validator still names this file (strong comparison only)."""
    if if_range is None:
        return True
    value = if_range.strip()
    if value.startswith('"'):
        return bool(etag) and value == etag
    if value.startswith("W/"):
        return False  # weak tags never match for ranges
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return False
    return last_modified is not None and when is not None and int(when.timestamp()) == int(last_modified.timestamp())
