"""Paging of staff lists (queues, overviews): one way to read page numbers and sizes."""

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
