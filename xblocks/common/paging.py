"""Paging of staff lists (queues, overviews): one way to read page numbers, sizes and cursors."""

import base64
import binascii
import json
from dataclasses import dataclass

from xblocks.common.runtime.errors import BadRequest
from xblocks.common.runtime.i18n import gettext_noop as _

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Page:
    """A 1-based page request: ``offset`` and ``limit`` for the query."""

    number: int
    size: int

    @property
    def offset(self):
        """Rows to skip."""
        return (self.number - 1) * self.size

    @property
    def limit(self):
        """Rows to take."""
        return self.size

    def describe(self, total):
        """The paging part of a JSON answer."""
        pages = max(1, -(-total // self.size))
        return {"page": self.number, "page_size": self.size, "total": total, "pages": pages}


def page_from(data, default_size=DEFAULT_PAGE_SIZE, max_size=MAX_PAGE_SIZE):
    """A :class:`Page` from request data (``page``, ``page_size``); 400 ``invalid_page`` for anything but
    whole numbers from 1 (pages up to :data:`MAX_PAGE`; sizes above ``max_size`` are lowered to it)."""

    def number(name, default):
        value = data.get(name, default)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_PAGE:
            raise BadRequest("invalid_page", _("'%(name)s' must be a whole number from 1 to %(max)s."),
                             name=name, max=MAX_PAGE)
        return value

    return Page(number("page", 1), min(max_size, number("page_size", default_size)))


# -- keyset paging: a page starts after the last row of the previous one, whatever its depth --------------
CURSOR_VERSION = 1
MAX_CURSOR_LENGTH = 512


def encode_cursor(*values):
    """An opaque cursor carrying ``values`` (strings and whole numbers) to the next request."""
    text = json.dumps([CURSOR_VERSION, *values], separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(cursor, arity):
    """The ``arity`` values of a cursor made by :func:`encode_cursor`; 400 ``invalid_cursor`` for anything
    else (the caller checks each value's meaning and raises :func:`invalid_cursor` too)."""
    if not isinstance(cursor, str) or not 0 < len(cursor) <= MAX_CURSOR_LENGTH:
        raise invalid_cursor()
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii"))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise invalid_cursor() from None
    if not isinstance(values, list) or len(values) != arity + 1 or values[0] != CURSOR_VERSION:
        raise invalid_cursor()
    return values[1:]


def invalid_cursor():
    """The 400 answer to a cursor this list did not hand out (or handed out for another filter)."""
    return BadRequest("invalid_cursor", _("This page link is not valid any more. Go back to the first page."))


def whole_number(value, low=1, high=MAX_PAGE):
    """``value`` when it is an int (not a bool) in ``[low, high]``, else None."""
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None
