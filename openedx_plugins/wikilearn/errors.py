"""Errors the service functions raise; the blocks turn them into their JSON error shape."""


class ConflictError(Exception):
    """A write lost a race (another request changed or created the row first).

    ``code`` is the stable error code the block reports with 409 (``stale_version``,
    ``already_submitted``).
    """

    def __init__(self, code):
        super().__init__(code)
        self.code = code
