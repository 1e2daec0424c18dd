"""A store that is a local folder and a catalog that is a JSON file: what the command line uses.

The Django app provides its own store (any Django storage) and catalog (models) with the same
methods; see ``recordings_sync.engine`` for the protocols.
"""

import dataclasses
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from recordings_sync.engine import CatalogEntry, SyncedFile

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)*")


class LocalDirectoryStore:
    """Finished files under ``root``; a file appears under its name only once complete."""

    def __init__(self, root):
        self.root = Path(root)

    def path(self, name):
        """The path of a store name, refusing names that could leave ``root``."""
        if not NAME.fullmatch(name) or ".." in name.split("/"):
            raise ValueError(f"invalid store name {name!r}")
        return self.root / name

    def exists(self, name):
        """True if a finished file has this name."""
        return self.path(name).is_file()

    def size(self, name):
        """Size in bytes of a finished file."""
        return self.path(name).stat().st_size

    def open(self, name):
        """Open a finished file for reading (binary)."""
        return self.path(name).open("rb")

    def save(self, name, local_path):
        """Move a finished local file in under ``name`` atomically (copy first across filesystems)."""
        target = self.path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(local_path, "rb") as handle:
            os.fsync(handle.fileno())
        try:
            os.replace(local_path, target)
        except OSError:
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
            os.close(handle)
            try:
                shutil.copyfile(local_path, temporary)
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)  # a copy cut short (disk full) leaves nothing behind
                raise
            os.unlink(local_path)


class JsonCatalog:
    """Recordings and their files in memory, written to a JSON file (if ``path``) at most every
    ``save_interval`` seconds and on ``flush()``; rewriting the whole file after every one of a
    thousand recordings would make a first sync quadratic. A crash loses at most the last interval,
    which the next sync redoes with HEAD requests only (the files are in the store already).
    """

    def __init__(self, path=None, save_interval=1.0):
        self.path = Path(path) if path else None
        self.save_interval = save_interval
        self.dirty = False
        self.written_at = time.monotonic()
        self.entries_by_id = {}
        if self.path:
            self._temporary().unlink(missing_ok=True)  # left by a process killed while writing
        if self.path and self.path.exists():
            for raw in json.loads(self.path.read_text(encoding="utf-8")):
                raw["files"] = [SyncedFile(**item) for item in raw["files"]]
                entry = CatalogEntry(**raw)
                self.entries_by_id[entry.record_id] = entry

    def get(self, record_id):
        """The entry of a recording, or None."""
        return self.entries_by_id.get(record_id)

    def entries(self):
        """Every known recording."""
        return list(self.entries_by_id.values())

    def save(self, recording, files, fingerprint):
        """Record a recording (available) and its files."""
        self.entries_by_id[recording.record_id] = CatalogEntry(
            record_id=recording.record_id, meeting_id=recording.meeting_id, name=recording.name,
            start=recording.start.isoformat() if recording.start else None,
            end=recording.end.isoformat() if recording.end else None, metadata=dict(recording.metadata),
            fingerprint=fingerprint, available=True, files=list(files))
        self._write()

    def mark_unavailable(self, record_id):
        """Mark a recording unavailable (unpublished or deleted on BigBlueButton)."""
        entry = self.entries_by_id.get(record_id)
        if entry:
            self.entries_by_id[record_id] = dataclasses.replace(entry, available=False)
            self._write()

    def flush(self):
        """Write the JSON file now if anything changed (the engine calls this at the end of a sync)."""
        if not (self.path and self.dirty):
            return
        data = json.dumps([dataclasses.asdict(entry) for entry in self.entries_by_id.values()]).encode()
        temporary = self._temporary()
        try:
            with open(temporary, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())  # the new catalog is on disk before it replaces the old one
            os.replace(temporary, self.path)
        except BaseException as error:
            temporary.unlink(missing_ok=True)  # a full disk leaves the previous catalog and no temporary file
            if isinstance(error, OSError) and error.filename is None:
                raise OSError(error.errno, error.strerror, str(self.path)) from error
            raise
        self.dirty, self.written_at = False, time.monotonic()

    def _temporary(self):
        return self.path.with_name(self.path.name + ".tmp")

    def _write(self):
        self.dirty = True
        if time.monotonic() - self.written_at >= self.save_interval:
            self.flush()
