"""This app's side of ``recordings_sync.SyncEngine``: a store over a Django storage, a catalog over
the models, and the functions the Celery task, the command and the admin call.

The engine names files ``<record id>/<file name>``; the store checks such a name against the
engine's own pattern before it maps it to a storage name (``storage.file_name``).
"""

import hashlib
import logging
import re
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone

from openedx_plugins.recordings.conf import bbb_server, setting
from openedx_plugins.recordings.models import CourseRecordingSettings, Recording, RecordingFile, RecordingSource
from openedx_plugins.recordings.storage import file_name, get_storage
from recordings_sync import BBBClient, CatalogEntry, Downloader, Renditions, SyncedFile, SyncEngine
from recordings_sync import engine as sync_engine
from recordings_sync.lesson_package import LessonPackager

log = logging.getLogger(__name__)
ENGINE_NAME = re.compile(r"([0-9a-f]{40}-[0-9]{10,16})/([a-z0-9][A-Za-z0-9_-]{0,80})\.([a-z0-9]{1,8})")


def split_name(name):
    """``(record id, file name, extension)`` of an engine file name; ValueError for anything else."""
    match = ENGINE_NAME.fullmatch(name or "")
    if not match:
        raise ValueError(f"invalid recording file name {name!r}")
    record_id, stem, extension = match.groups()
    return record_id, f"{stem}.{extension}", extension


class _MovableFile(File):
    """A finished local file that FileSystemStorage moves into place (a rename) instead of copying."""

    def temporary_file_path(self):
        """The local path (Django's FileSystemStorage renames it into the storage)."""
        return self.file.name


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


class StorageStore:
    """Finished files of one course in the configured Django storage.

    A file is saved under a name that includes its content hash, and the catalog points at it only
    after the save returned: a half-written file is never what a learner downloads.
    """

    def __init__(self, course_key, storage=None):
        self.course_key = str(course_key)
        self.storage = storage or get_storage()
        self.saved = {}  # engine name -> storage name, for this run

    def storage_name(self, name):
        """Where the finished file ``name`` lives in the storage, or None."""
        if name in self.saved:
            return self.saved[name]
        record_id, key, _extension = split_name(name)
        row = RecordingFile.objects.filter(recording__course_key=self.course_key, recording__record_id=record_id,
                                           key=key, ready=True).only("storage_name").first()
        return row.storage_name if row else None

    def exists(self, name):
        """True if the catalog knows a finished file ``name`` and the storage has it."""
        stored = self.storage_name(name)
        return bool(stored) and self.storage.exists(stored)

    def size(self, name):
        """Size in bytes of the finished file ``name``."""
        return self.storage.size(self.storage_name(name))

    def open(self, name):
        """The finished file ``name``, open for reading (binary)."""
        return self.storage.open(self.storage_name(name), "rb")

    def save(self, name, local_path):
        """Put the finished local file in the storage (moved when the storage is local disk)."""
        record_id, key, extension = split_name(name)
        size = Path(local_path).stat().st_size
        target = file_name(self.course_key, record_id, f"{key.rsplit('.', 1)[0]}-{_sha256(local_path)[:16]}",
                           extension)
        if self.storage.exists(target) and self.storage.size(target) == size:
            self.saved[name] = target  # same content already there (say, a sync killed after the save)
            return target
        if self.storage.exists(target):
            self.storage.delete(target)  # a leftover from a save that did not finish
        with open(local_path, "rb") as handle:
            self.saved[name] = self.storage.save(target, _MovableFile(handle, name=target))
        return self.saved[name]


class ModelCatalog:
    """The recordings of one source, kept in ``Recording`` and ``RecordingFile`` rows."""

    def __init__(self, source, store):
        self.source = source
        self.store = store

    def _entry(self, recording):
        files = [SyncedFile(item.kind, f"{recording.record_id}/{item.key}", item.size, item.sha256, item.mime_type,
                            item.language, item.label, notes=item.notes)
                 for item in recording.files.all() if item.ready]
        return CatalogEntry(recording.record_id, recording.meeting_id, recording.title,
                            recording.start.isoformat() if recording.start else None, None, recording.metadata,
                            recording.fingerprint, recording.available, files)

    def get(self, record_id):
        """What the catalog knows about ``record_id`` in this course, or None."""
        found = (Recording.objects.filter(course_key=self.source.course_key, record_id=record_id)
                 .prefetch_related("files").first())
        return self._entry(found) if found else None

    def entries(self):
        """Every recording this source brought in."""
        return [self._entry(item) for item in Recording.objects.filter(source=self.source).prefetch_related("files")]

    @transaction.atomic
    def save(self, recording, files, print_):
        """Record a listed recording (available again) and exactly these files."""
        duration = None
        if recording.start and recording.end and recording.end > recording.start:
            duration = int((recording.end - recording.start).total_seconds())
        row, _created = Recording.objects.update_or_create(
            course_key=self.source.course_key, record_id=recording.record_id,
            defaults={"source": self.source, "meeting_id": recording.meeting_id[:255], "title": recording.name[:255],
                      "start": recording.start, "duration": duration, "state": recording.state[:32],
                      "available": True, "metadata": dict(recording.metadata), "fingerprint": print_})
        old = {item.key: item.storage_name for item in row.files.all()}
        keep = []
        for item in files:
            _record_id, key, _extension = split_name(item.name)
            stored = self.store.storage_name(item.name)
            RecordingFile.objects.update_or_create(recording=row, key=key, defaults={
                "kind": item.kind, "language": item.lang[:35], "label": item.label[:255], "storage_name": stored,
                "size": item.size, "sha256": item.sha256, "mime_type": item.mime_type[:100], "ready": True,
                "notes": item.notes[:2000]})
            keep.append(key)
        row.files.exclude(key__in=keep).delete()
        current = set(RecordingFile.objects.filter(recording=row).values_list("storage_name", flat=True))
        stale = [name for name in old.values() if name and name not in current]
        storage = self.store.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in stale])

    def mark_unavailable(self, record_id):
        """The recording was unpublished or deleted on BigBlueButton: hide it from learners."""
        Recording.objects.filter(course_key=self.source.course_key, record_id=record_id).update(available=False)


def packager_for(course_key):
    """The lesson packager for a course (the kinds its recording admin switched on), or None."""
    if not setting("WIKILEARN_RECORDINGS_LESSON_PACKAGES"):
        return None
    kinds = CourseRecordingSettings.package_kinds_for(str(course_key))
    return LessonPackager(kinds=kinds) if kinds else None


def engine_for(source, progress=None):
    """A SyncEngine for one source, with this app's store and catalog."""
    client = BBBClient(**bbb_server(source.server))
    store = StorageStore(source.course_key)
    return SyncEngine(
        client, store, ModelCatalog(source, store),
        downloader=Downloader(max_size=setting("WIKILEARN_RECORDINGS_MAX_SIZE")),
        renditions=Renditions() if setting("WIKILEARN_RECORDINGS_RENDITIONS") else None,
        progress=progress, work_dir=work_dir(source), packager=packager_for(source.course_key),
    )


def work_dir(source):
    """Where a source's downloads in progress live (kept between runs so a restarted sync resumes).

    One folder per database and source, so two sites on one machine never share partial files.
    """
    base = Path(setting("WIKILEARN_RECORDINGS_WORK_DIR") or tempfile.gettempdir())
    site = hashlib.sha256(f"{connection.settings_dict['NAME']}|{source.pk}".encode()).hexdigest()[:16]
    return base / f"wikilearn-recordings-{site}"


def sources_for(course_key=None):
    """The enabled sources, of one course or all."""
    sources = RecordingSource.objects.filter(enabled=True).order_by("course_key", "pk")
    return sources.filter(course_key=str(course_key)) if course_key else sources


def filters(source):
    """The getRecordings filters of a source (meeting IDs and meta_ parameters)."""
    return {"meeting_ids": source.meeting_id_list() or None, "meta": dict(source.meta_filter) or None}


def sync_source(source, progress=None):
    """Sync one source; the outcome (or error) is kept on the source row. Returns the SyncReport."""
    try:
        report = engine_for(source, progress).sync(**filters(source))
    except Exception as error:
        RecordingSource.objects.filter(pk=source.pk).update(last_error=str(error)[:2000])
        log.exception("recordings sync of %s failed", source)
        raise
    errors = "; ".join(f"{rid}: {message}" for rid, message in report.failed.items())
    warnings = "\n".join(f"{rid}: {line}" for rid, lines in report.warnings.items() for line in lines)
    RecordingSource.objects.filter(pk=source.pk).update(last_synced=timezone.now(), last_error=errors[:2000],
                                                        last_warnings=warnings[:4000])
    return report


def _same(stored, current):
    """Whether a stored fingerprint (maybe with the engine's suffix, e.g. ':rendered') is for ``current``."""
    return stored == current or stored.startswith(current + ":")


def plan(source):
    """What a sync would do, without downloading: record ids new/changed/unchanged/gone."""
    client = BBBClient(**bbb_server(source.server))
    store = StorageStore(source.course_key)
    catalog = ModelCatalog(source, store)
    found = {"new": [], "changed": [], "unchanged": [], "unavailable": []}
    listed = set()
    wanted = filters(source)
    for recording in client.recordings(wanted["meeting_ids"], None, "published", wanted["meta"]):
        listed.add(recording.record_id)
        entry = catalog.get(recording.record_id)
        if entry is None:
            found["new"].append(recording.record_id)
        elif entry.available and _same(entry.fingerprint, sync_engine.fingerprint(recording)):
            found["unchanged"].append(recording.record_id)
        else:
            found["changed"].append(recording.record_id)
    found["unavailable"] = [entry.record_id for entry in catalog.entries()
                            if entry.available and entry.record_id not in listed]
    return found
