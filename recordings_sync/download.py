"""Resumable, verified HTTP downloads in fixed-size chunks (memory stays flat whatever the file size).

A download writes ``<dest>.part`` beside a sidecar ``<dest>.part.json`` (URL, validator, total) and
renames the part to ``dest`` only once its length is verified, so a half-downloaded file is never
under the final name. A later run (or a retry after a dropped connection) resumes with ``Range``
and ``If-Range``; if the file changed on the server meanwhile, it starts again from zero.
"""

import collections
import hashlib
import json
import logging
import os
import random
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests
import urllib3

log = logging.getLogger(__name__)

CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
UNSATISFIED_RANGE = re.compile(r"bytes \*/(\d+)")
RETRY_STATUSES = {408, 429, 500, 502, 503, 504}
IN_FLIGHT = 2  # chunks being written/hashed while the next one is read


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

    def __init__(self, session=None, chunk_size=1024 * 1024, timeout=(5, 30), max_retries=8, backoff=0.5,
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
        if part.exists() and state.get("url") == url:
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
        if partial.offset:
            headers["Range"] = f"bytes={partial.offset}-"
            if partial.validator:
                headers["If-Range"] = partial.validator
        try:
            with self.session.get(url, headers=headers, stream=True, timeout=self.timeout) as response:
                total = self._accept(url, response, partial, expected_size, max_size)
                if total is None or partial.offset < total:
                    self._stream(response, partial, total, max_size, progress)
        except (requests.RequestException, urllib3.exceptions.HTTPError, ConnectionError, TimeoutError) as error:
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
        etag = response.headers.get("ETag", "")
        validator = etag if etag and not etag.startswith("W/") else response.headers.get("Last-Modified")
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
        # Reading the network, writing the disk and hashing all release the GIL: a writer thread and a
        # hasher thread (each in order) overlap them, with at most ``IN_FLIGHT`` chunks in memory.
        pending = collections.deque()
        with (partial.path.open("ab", buffering=0) as handle, ThreadPoolExecutor(1) as writer,
              ThreadPoolExecutor(1) as hasher):
            try:
                # read1 returns what has arrived (up to chunk_size) instead of waiting for a full chunk,
                # so a stalled or dropped connection loses nothing already received.
                while chunk := response.raw.read1(self.chunk_size):
                    if total is not None and partial.offset + len(chunk) > total:
                        _drain(pending)
                        partial.restart()
                        raise _Retry("server sent more bytes than the file has; starting again")
                    pending.append((writer.submit(_write_all, handle, chunk), hasher.submit(partial.hasher.update,
                                                                                            chunk)))
                    partial.offset += len(chunk)
                    while len(pending) > IN_FLIGHT:
                        _wait(pending.popleft())
                    if max_size is not None and partial.offset > max_size:
                        raise DownloadTooLarge(f"{response.url}: more than the maximum {max_size} bytes")
                    if progress:
                        progress(partial.offset, total)
            finally:
                _drain(pending)

    @staticmethod
    def _check_complete(url, partial, total, expected_size):
        if total is not None and partial.offset < total:
            raise _Retry(f"connection ended at byte {partial.offset} of {total}")
        if expected_size is not None and partial.offset != expected_size:
            raise DownloadError(f"{url}: got {partial.offset} bytes, expected {expected_size}")


def _write_all(handle, data):
    view = memoryview(data)
    while view:
        view = view[handle.write(view):]


def _wait(futures):
    for future in futures:
        future.result()


def _drain(pending):
    while pending:
        _wait(pending.popleft())


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
    temporary.write_text(json.dumps(state), encoding="utf-8")
    os.replace(temporary, sidecar)
