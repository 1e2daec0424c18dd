"""Resumable, verified HTTP downloads in fixed-size chunks (memory stays flat whatever the file size).

A download writes ``<dest>.part`` beside a sidecar ``<dest>.part.json`` (URL, validator, total) and
renames the part to ``dest`` only once its length is verified, so a half-downloaded file is never
under the final name. A later run (or a retry after a dropped connection) resumes with ``Range``
and ``If-Range`` when the server gave a strong validator; if the file changed on the server
meanwhile, or there is no validator to prove it did not, it starts again from zero.

The body is read in large chunks into reused buffers and hashed (sha256) in the same pass by a
second thread; a failed write (disk full) leaves the part file cut back to whole chunks, and the
``OSError`` is raised as is for the caller to report.
"""

import errno
import hashlib
import http.client
import json
import logging
import os
import queue
import random
import re
import select
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests
import urllib3

log = logging.getLogger(__name__)

CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
UNSATISFIED_RANGE = re.compile(r"bytes \*/(\d+)")
RETRY_STATUSES = {408, 429, 500, 502, 503, 504}
WRITE_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)  # disk full, quota reached, file size limit
IN_FLIGHT = 2  # buffers being hashed while the next one is read


class DownloadError(Exception):
    """A download that cannot succeed (4xx, size mismatch, too many failures)."""


class DownloadTooLarge(DownloadError):
    """The file is larger than the allowed maximum size."""


class _Retry(Exception):
    """A transient failure: wait (at least ``retry_after`` seconds), then resume from what is on disk."""

    def __init__(self, message, retry_after=0.0):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class DownloadResult:
    """A complete, verified file."""

    path: Path
    size: int
    sha256: str
    resumed: bool
    attempts: int


@dataclass
class _Partial:
    """What has been written so far: the part file, its length and the running hash."""

    path: Path
    offset: int
    hasher: object
    validator: str | None = None
    total: int | None = None

    def restart(self):
        self.path.write_bytes(b"")
        self.offset, self.hasher, self.validator, self.total = 0, hashlib.sha256(), None, None


class Downloader:
    """Streams one URL to a file with resume, retries (exponential backoff + jitter) and verification."""

    def __init__(self, session=None, chunk_size=4 * 1024 * 1024, timeout=(5, 30), max_retries=8, backoff=0.5,
                 max_backoff=30.0, max_size=None, sleep=time.sleep, jitter=random.random):
        self.session = session or requests.Session()
        self.chunk_size = chunk_size
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_size = max_size
        self.sleep = sleep
        self.jitter = jitter

    def download(self, url, dest, expected_size=None, progress=None, max_size=None) -> DownloadResult:
        """Download ``url`` to ``dest``; ``progress(done, total)`` is called after every chunk."""
        dest = Path(dest)
        max_size = max_size if max_size is not None else self.max_size
        if expected_size is not None and max_size is not None and expected_size > max_size:
            raise DownloadTooLarge(f"{url}: {expected_size} bytes is more than the maximum {max_size}")
        partial = self._open_partial(url, dest)
        resumed, failures, attempts = partial.offset > 0, 0, 0
        while True:
            attempts += 1
            before = partial.offset
            try:
                self._attempt(url, partial, expected_size, max_size, progress)
                break
            except _Retry as error:
                failures = 1 if partial.offset > before else failures + 1  # progress resets the count
                if failures > self.max_retries:
                    raise DownloadError(f"{url}: giving up after {attempts} attempts: {error}") from error
                delay = max(self.delay(failures), min(error.retry_after, self.max_backoff))
                log.info("%s: %s; resuming at byte %d in %.2fs", url, error, partial.offset, delay)
                self.sleep(delay)
                resumed = resumed or partial.offset > 0
        os.replace(partial.path, dest)
        _sidecar(dest).unlink(missing_ok=True)
        return DownloadResult(dest, partial.offset, partial.hasher.hexdigest(), resumed, attempts)

    def delay(self, failures):
        """Exponential backoff with jitter: half fixed, half random, capped."""
        ceiling = min(self.max_backoff, self.backoff * 2 ** (failures - 1))
        return ceiling / 2 + self.jitter() * ceiling / 2

    def _open_partial(self, url, dest):
        part, sidecar = _part(dest), _sidecar(dest)
        state = _read_state(sidecar)
        if part.exists() and state.get("url") == url and state.get("validator"):
            hasher = hashlib.sha256()
            with part.open("rb") as handle:  # hash what is already there before appending to it
                while chunk := handle.read(self.chunk_size):
                    hasher.update(chunk)
            return _Partial(part, part.stat().st_size, hasher, state.get("validator"), state.get("total"))
        part.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(b"")
        _write_state(sidecar, {"url": url})
        return _Partial(part, 0, hashlib.sha256())

    def _attempt(self, url, partial, expected_size, max_size, progress):
        headers = {"Accept-Encoding": "identity"}
        if partial.offset and not partial.validator:
            # Without a strong validator nothing proves the bytes on disk belong to the file the server has
            # now: resuming could join an old prefix to a new suffix. Start again instead.
            log.info("%s: no strong validator (ETag or Last-Modified) to resume against; starting again", url)
            partial.restart()
        if partial.offset:
            headers["Range"] = f"bytes={partial.offset}-"
            headers["If-Range"] = partial.validator
        try:
            with self.session.get(url, headers=headers, stream=True, timeout=self.timeout) as response:
                total = self._accept(url, response, partial, expected_size, max_size)
                if total is None or partial.offset < total:
                    self._stream(response, partial, total, max_size, progress)
        except (requests.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException, ConnectionError,
                TimeoutError) as error:
            raise _Retry(repr(error)) from error
        self._check_complete(url, partial, total, expected_size)

    def _accept(self, url, response, partial, expected_size, max_size):
        """Check status and headers; returns the full size if known. Restarts the part if needed."""
        status = response.status_code
        if status == 416 and partial.offset:
            match = UNSATISFIED_RANGE.fullmatch(response.headers.get("Content-Range", ""))
            if match and int(match.group(1)) == partial.offset:
                return partial.offset  # everything was already there
            partial.restart()
            raise _Retry("416 for a range that should exist; starting again")
        if status in RETRY_STATUSES:
            after = response.headers.get("Retry-After", "")
            raise _Retry(f"HTTP {status}", float(after) if after.isdigit() else 0.0)
        if status not in (200, 206):
            raise DownloadError(f"{url}: HTTP {status}")
        validator = strong_validator(response.headers)
        if status == 206 and partial.validator and validator != partial.validator:
            partial.restart()  # a server that ignored If-Range: these bytes belong to another version
            raise _Retry("the file changed on the server; starting again")
        if status == 206:
            match = CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", ""))
            if not match or int(match.group(1)) != partial.offset:
                partial.restart()
                raise _Retry("unexpected Content-Range; starting again")
            total = int(match.group(3)) if match.group(3) != "*" else expected_size
        else:
            if partial.offset:
                log.info("%s: server sent the whole file (changed, or no range support); starting again", url)
                partial.restart()
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
        if expected_size is not None:
            if status == 206 and total != expected_size:
                raise DownloadError(f"{url}: size is {total}, expected {expected_size}")
            total = expected_size  # HEAD's size wins over a Content-Length that may lie
        if total is not None and max_size is not None and total > max_size:
            raise DownloadTooLarge(f"{url}: {total} bytes is more than the maximum {max_size}")
        if validator != partial.validator or total != partial.total:
            partial.validator, partial.total = validator, total
            _write_state(_sidecar_of_part(partial.path), {"url": url, "validator": validator, "total": total})
        return total

    def _stream(self, response, partial, total, max_size, progress):
        """Copy the body to the part file: one read into a reused buffer, one write, per chunk.

        The socket is read straight into the buffer (no bytes object per chunk) and written with a single
        ``write``; a hasher thread hashes each written buffer (hashlib releases the GIL) while the next one
        is read, so sha256 costs no extra pass over the file. ``IN_FLIGHT + 1`` buffers exist in all.
        Bytes count (``partial.offset``) only once written; if anything fails, the part file is cut back to
        them and the hasher has seen exactly them, so a retry resumes from a consistent state.
        """
        body = _body_reader(response)
        with partial.path.open("ab", buffering=0) as handle, _Hasher(partial.hasher, self.chunk_size) as hasher:
            try:
                while True:
                    view = hasher.buffer()
                    count = body(view)
                    if not count:
                        return
                    if total is not None and partial.offset + count > total:
                        hasher.wait()
                        partial.restart()
                        raise _Retry("server sent more bytes than the file has; starting again")
                    _write_all(handle, view[:count])
                    hasher.submit(view, count)
                    partial.offset += count
                    if max_size is not None and partial.offset > max_size:
                        raise DownloadTooLarge(f"{response.url}: more than the maximum {max_size} bytes")
                    if progress:
                        progress(partial.offset, total)
            except BaseException as error:
                hasher.wait()
                if handle.tell() != partial.offset:
                    handle.truncate(partial.offset)  # a write cut short (disk full): keep whole chunks only
                if isinstance(error, OSError) and error.filename is None and error.errno in WRITE_FULL:
                    raise OSError(error.errno, error.strerror, str(partial.path)) from error
                raise

    @staticmethod
    def _check_complete(url, partial, total, expected_size):
        if total is not None and partial.offset < total:
            raise _Retry(f"connection ended at byte {partial.offset} of {total}")
        if expected_size is not None and partial.offset != expected_size:
            raise DownloadError(f"{url}: got {partial.offset} bytes, expected {expected_size}")


def strong_validator(headers):
    """The response's strong validator for If-Range (RFC 9110 section 13.1.5), or None.

    A strong ETag; else a Last-Modified at least one second older than the response's Date (section
    8.8.2.2: only then is the date strong). A weak ETag, or neither header, gives None.
    """
    etag = headers.get("ETag", "")
    if etag and not etag.startswith("W/"):
        return etag
    modified, date = headers.get("Last-Modified"), headers.get("Date")
    try:
        if modified and date and (parsedate_to_datetime(date) - parsedate_to_datetime(modified)).total_seconds() >= 1:
            return modified
    except (TypeError, ValueError):
        pass
    return None


def _write_all(handle, view):
    while view:
        view = view[handle.write(view):]


def _body_reader(response):
    """A ``fill(buffer) -> count`` function for the response body (identity encoding, as requested).

    requests' ``response.raw`` is a urllib3 HTTPResponse whose ``_fp`` is the standard library's
    http.client.HTTPResponse (urllib3 2.x, ``urllib3/response.py`` HTTPResponse.__init__), reading a
    buffered socket file (``fp``) with the body's length in ``length``. Reading that file with
    ``readinto1`` puts the bytes straight into the caller's buffer (urllib3's own ``readinto`` makes a
    new bytes object per read and copies it: a third of the throughput on a fast link). A buffer is
    filled while more data is already waiting on the socket and handed back as soon as none is, so
    bytes that have arrived are written before the next wait: a stall, a dropped connection or a
    killed process loses nothing already received. Chunked bodies and anything unexpected use
    urllib3's ``readinto``.
    """
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    message = getattr(response.raw, "_fp", None)
    stream = getattr(message, "fp", None)
    if (encoding != "identity" or not isinstance(message, http.client.HTTPResponse) or message.chunked
            or not hasattr(stream, "readinto1")):
        return response.raw.readinto
    remaining = [message.length]  # None: the body ends when the connection closes
    poller = select.poll()
    poller.register(stream.fileno(), select.POLLIN)

    def fill(view):
        if remaining[0] is not None:
            view = view[:remaining[0]]
        filled = 0
        while filled < len(view):
            try:
                count = stream.readinto1(view[filled:])
            except (OSError, ValueError):
                if filled:
                    break  # hand over what arrived; the error comes back on the next read
                raise
            if not count:
                break
            filled += count
            if not poller.poll(0):
                break  # nothing more has arrived yet: write what we have before waiting
        if remaining[0] is not None:
            remaining[0] -= filled
        return filled

    return fill


class _Hasher:
    """A thread that hashes filled buffers in order, and the pool of buffers it hands back."""

    def __init__(self, hasher, size):
        self.hasher = hasher
        self.free = queue.SimpleQueue()
        self.work = queue.SimpleQueue()
        for _number in range(IN_FLIGHT + 1):
            self.free.put(memoryview(bytearray(size)))
        self.error = None
        self.thread = threading.Thread(target=self._run, name="sha256", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.wait()
        self.work.put(None)
        self.thread.join()

    def buffer(self):
        """A buffer nobody is hashing (waits for the hasher when all are in flight)."""
        return self.free.get()

    def submit(self, view, count):
        """Hash ``view[:count]`` after what was submitted before, then hand the buffer back."""
        self.work.put((view, count))

    def wait(self):
        """Block until everything submitted is hashed."""
        done = threading.Event()
        self.work.put(done)
        done.wait()
        if self.error:
            raise self.error

    def _run(self):
        while (item := self.work.get()) is not None:
            if isinstance(item, threading.Event):
                item.set()
                continue
            view, count = item
            try:
                if self.error is None:
                    self.hasher.update(view[:count])
            except Exception as error:  # noqa: BLE001 - raised in the reading thread by wait()
                self.error = error
            self.free.put(view)


def _part(dest):
    return dest.with_name(dest.name + ".part")


def _sidecar(dest):
    return dest.with_name(dest.name + ".part.json")


def _sidecar_of_part(part):
    return part.with_name(part.name + ".json")


def _read_state(sidecar):
    try:
        state = json.loads(sidecar.read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_state(sidecar, state):
    temporary = sidecar.with_name(sidecar.name + ".tmp")
    try:
        temporary.write_text(json.dumps(state), encoding="utf-8")
        os.replace(temporary, sidecar)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
