"""Paging of staff lists (queues, overviews): one way to read page numbers and sizes."""

from dataclasses import dataclass

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


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
    """A :class:`Page` from request data (``page``, ``page_size``), clamped to sane values."""

    def number(name, default):
        try:
            return int(data.get(name, default))
        except (TypeError, ValueError):
            return default

    return Page(max(1, number("page", 1)), min(max_size, max(1, number("page_size", default_size))))
