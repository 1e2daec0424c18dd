"""Sync a BigBlueButton server's recordings into a store and a catalog, idempotently.

``store`` (where finished files live) needs ``exists(name)``, ``size(name)``, ``open(name)`` and
``save(name, local_path)`` (atomic: the file appears complete or not at all). ``catalog`` (what
the platform knows) needs ``get(record_id)``, ``entries()``, ``save(recording, files,
fingerprint)`` and ``mark_unavailable(record_id)``, and may have ``flush()`` (called at the end of
a sync). ``recordings_sync.local`` has a folder store and a JSON catalog; the Django app has its own.

A recording whose listing has not changed, whose files are all in the store and whose caption
tracks are all known costs one ``getRecordingTextTracks`` call and no HEAD or download.
"""

import errno
import hashlib
import json
import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from recordings_sync.client import BBBError, BBBResponseError
from recordings_sync.download import Downloader, DownloadError
from recordings_sync.layout import FileLayout, LayoutError, mime_type, store_name, valid_record_id
from recordings_sync.renditions import FILENAMES, KINDS, RenditionError

log = logging.getLogger(__name__)
RENDERED = ":rendered"  # fingerprint suffix: renditions were made (or tried) for the current sources
PACKAGE_KINDS = ("slides", "slidesvideo", "transcript")  # recordings_sync.lesson_package


class StorageFull(OSError):
    """A sync stopped because the disk is full (ENOSPC), a quota is reached (EDQUOT) or a file is
    larger than allowed (EFBIG); ``report`` says what was done before."""

    def __init__(self, error, report):
        where = f" writing {error.filename}" if error.filename else ""
        super().__init__(error.errno, f"{error.strerror or error}{where}")
        self.report = report


@dataclass(frozen=True)
class SyncedFile:
    """A file of a recording as the catalog records it."""

    kind: str  # video, webcams, deskshare, captions, combined, audio, lowres
    name: str
    size: int
    sha256: str
    mime_type: str
    lang: str = ""
    label: str = ""
    source_url: str = ""
    notes: str = ""  # what a lesson package file lacks ("incomplete: slide 3 missing ..."), else ""


@dataclass(frozen=True)
class CatalogEntry:
    """What a catalog knows about one recording."""

    record_id: str
    meeting_id: str
    name: str
    start: str | None
    end: str | None
    metadata: dict
    fingerprint: str
    available: bool
    files: list


@dataclass
class SyncReport:
    """What one sync did."""

    listed: int = 0
    unchanged: int = 0
    updated: list = field(default_factory=list)
    unavailable: list = field(default_factory=list)
    downloads: int = 0
    bytes_downloaded: int = 0
    renditions: int = 0
    failed: dict = field(default_factory=dict)
    packages: int = 0  # lesson package files made (slides PDF, slides video, transcripts)
    warnings: dict = field(default_factory=dict)  # record id -> what a lesson package could not include


def fingerprint(recording):
    """A hash of everything getRecordings says about a recording: if it changes, look again."""
    data = json.dumps([recording.record_id, recording.meeting_id, recording.name, recording.state,
                       recording.published, str(recording.start), str(recording.end), recording.metadata,
                       # The path, not the origin: the same recordings behind a new host name (or the
                       # sandbox's local server on another port) are not new, and looking again costs a
                       # fresh download of every caption track (their links are single use).
                       [(item.type, urlsplit(item.url).path, item.length) for item in recording.formats]],
                      sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


class SyncEngine:
    """Brings ``store`` and ``catalog`` in line with the published recordings on a BigBlueButton server."""

    def __init__(self, client, store, catalog, downloader=None, renditions=None, progress=None, layout=None,
                 work_dir=None, packager=None):
        self.client = client
        self.store = store
        self.catalog = catalog
        self.downloader = downloader or Downloader()
        self.renditions = renditions
        self.progress = progress  # progress(name, done, total)
        self.layout = layout or FileLayout(timeout=client.timeout)
        self.work_dir = Path(work_dir) if work_dir else Path(tempfile.gettempdir()) / "recordings-sync-work"
        self.text_tracks_supported = True
        self.packager = packager  # a recordings_sync.lesson_package.LessonPackager, or None

    def sync(self, meeting_ids=None, record_ids=None, meta=None) -> SyncReport:
        """Sync the published recordings matching the filters; mark vanished ones unavailable.

        A full disk (or quota, or file size limit) stops the sync with StorageFull: the recordings
        done so far are kept (the catalog is written if it fits, else left as it was), a half-written
        download stays as a resumable part file, and the next run carries on from there.
        """
        report = SyncReport()
        listed = list(self.client.recordings(meeting_ids, record_ids, "published", meta))  # all pages, or raise
        report.listed = len(listed)
        stopped = None
        try:
            for recording in listed:
                try:
                    self.sync_recording(recording, report)
                except (BBBError, BBBResponseError, DownloadError, LayoutError, RenditionError, OSError) as error:
                    if _disk_full(error):
                        raise
                    log.error("recording %s: %s", recording.record_id, error)
                    report.failed[recording.record_id] = str(error)
            present = {recording.record_id for recording in listed}
            for entry in self.catalog.entries():
                if entry.available and entry.record_id not in present and _in_scope(entry, meeting_ids, record_ids,
                                                                                      meta):
                    self.catalog.mark_unavailable(entry.record_id)
                    report.unavailable.append(entry.record_id)
        except OSError as error:
            if not _disk_full(error):
                raise
            stopped = error
        finally:
            unwritten = self._flush()
        if stopped or unwritten:
            raise StorageFull(stopped or unwritten, report)
        return report

    def _flush(self):
        """Write a batching catalog (the JSON one) now; returns the disk-full error if it did not fit."""
        if not callable(getattr(self.catalog, "flush", None)):
            return None
        try:
            self.catalog.flush()
        except OSError as error:
            if not _disk_full(error):
                raise
            log.info("the catalog could not be written (%s); the previous one is kept", error)
            return error
        return None

    def sync_recording(self, recording, report):
        """Sync one listed recording: skip it if nothing changed, else fetch what is new or missing."""
        if not valid_record_id(recording.record_id):
            raise LayoutError(f"invalid record id {recording.record_id!r}")
        tracks = self._tracks(recording.record_id, report)  # None: unknown this time (a warning says why)
        entry = self.catalog.get(recording.record_id)
        print_ = fingerprint(recording)
        flags = set(entry.fingerprint.split(":")[1:]) if entry else set()
        rendered = RENDERED[1:] in flags
        packaged = self._can_package() and self.packager.marker in flags
        if entry and entry.available and entry.fingerprint.split(":")[0] == print_ \
                and self._complete(entry, tracks, rendered, packaged):
            report.unchanged += 1
            return
        known = {item.name: item for item in (entry.files if entry else [])}
        workdir = self.work_dir / recording.record_id
        files, fetched = [], {}
        for remote in self.layout.files(recording):
            old = known.get(remote.name)
            if old and old.size == remote.size and self._stored(remote.name, remote.size):
                files.append(old)
                continue
            if not old and self._stored(remote.name, remote.size):
                # In the store but not in the catalog: a sync stopped (disk full, crash) after saving the
                # file and before writing the catalog. Saves are atomic, so the file is whole: adopt it.
                files.append(SyncedFile(remote.kind, remote.name, remote.size, self._stored_sha256(remote.name),
                                        remote.mime_type, remote.lang, remote.label, remote.url))
                continue
            result = self.downloader.download(remote.url, workdir / remote.name.split("/")[1], remote.size,
                                              progress=self._progress(remote.name))
            report.downloads += 1
            report.bytes_downloaded += result.size
            fetched[remote.name] = result.path
            files.append(SyncedFile(remote.kind, remote.name, result.size, result.sha256, remote.mime_type,
                                    remote.lang, remote.label, remote.url))
        files += self._captions(recording, tracks, known, workdir, fetched, report)
        made, rendered = self._renditions(recording, files, fetched, known, rendered, workdir, report)
        package, packaged = self._lesson_package(recording, files, fetched, known, workdir, report)
        for name, path in fetched.items():
            self.store.save(name, path)
        marks = (RENDERED if rendered else "") + (f":{self.packager.marker}" if packaged else "")
        self.catalog.save(recording, files + made + package, print_ + marks)
        shutil.rmtree(workdir, ignore_errors=True)
        report.updated.append(recording.record_id)

    def _tracks(self, record_id, report):
        """The recording's caption tracks; [] if it has none; None if the server could not say.

        Captions are optional: a failing ``getRecordingTextTracks`` costs a warning, not the recording.
        bbb-web answers FAILED ``noRecordings`` when the recording has no captions directory and
        ``noCaptionsFound`` when its captions.json cannot be read (RecMetaXmlHelper.getRecordingTextTracks,
        bbb-common-web/src/main/scala/org/bigbluebutton/api2/util/RecMetaXmlHelper.scala): no tracks.
        """
        if not self.text_tracks_supported:
            return []
        try:
            return self.client.text_tracks(record_id)
        except BBBError as error:
            if error.message_key in ("noRecordings", "noCaptionsFound"):
                return []
            if error.message_key == "unsupportedRequest":  # BigBlueButton before 2.2: no caption tracks
                return self._no_text_tracks()
            problem = f"{error.message_key or 'FAILED'}: {error.message}"
        except BBBResponseError as error:
            if error.status == 404:  # a server (or proxy) that does not route the call at all
                return self._no_text_tracks()
            problem = str(error)
        self._warn(report, record_id, f"captions not checked (getRecordingTextTracks: {problem}); "
                                      "captions synced before are kept")
        return None

    def _no_text_tracks(self):
        log.warning("this BigBlueButton server does not support getRecordingTextTracks: no captions")
        self.text_tracks_supported = False
        return []

    @staticmethod
    def _warn(report, record_id, problem):
        log.warning("recording %s: %s", record_id, problem)
        report.warnings.setdefault(record_id, []).append(problem)

    def _captions(self, recording, tracks, known, workdir, fetched, report):
        """The caption files to record: each track downloaded afresh, or the stored one if that fails."""
        kept = {item.lang: item for item in known.values()
                if item.kind == "captions" and self._stored(item.name, item.size)}
        if tracks is None:
            return list(kept.values())
        files = []
        for remote in self.layout.captions(recording, tracks):
            try:
                result = self._fetch_caption(recording.record_id, remote, workdir)
            except (BBBError, BBBResponseError, DownloadError, OSError) as error:
                if _disk_full(error):
                    raise
                kept_note = "; the copy synced before is kept" if remote.lang in kept else ""
                self._warn(report, recording.record_id, f"captions {remote.lang}: {error}{kept_note}")
                if remote.lang in kept:
                    files.append(kept[remote.lang])
                continue
            report.downloads += 1
            report.bytes_downloaded += result.size
            fetched[remote.name] = result.path
            files.append(SyncedFile("captions", remote.name, result.size, result.sha256, remote.mime_type,
                                    remote.lang, remote.label, remote.url))
        return files

    def _fetch_caption(self, record_id, remote, workdir):
        """Download one caption track; its link is good for one request, so a failure asks for a new one once."""
        dest = workdir / remote.name.split("/")[1]
        try:
            return self.downloader.download(remote.url, dest, progress=self._progress(remote.name))
        except DownloadError as error:
            fresh = [track for track in self.client.text_tracks(record_id) if track.lang == remote.lang]
            if not fresh:
                raise
            log.info("recording %s: captions %s: %s; trying a new link", record_id, remote.lang, error)
            return self.downloader.download(fresh[0].href, dest, progress=self._progress(remote.name))

    def _complete(self, entry, tracks, rendered, packaged=True):
        names = {item.name for item in entry.files}
        for track in tracks or ():  # None: unknown this time, so nothing new to fetch either
            try:
                if store_name(entry.record_id, f"captions-{track.lang}.vtt") not in names:
                    return False  # a new caption track
            except LayoutError:
                continue
        if self._can_render() and not rendered:
            return False  # renditions not made yet (ffmpeg was absent last time, say)
        if self._can_package() and not packaged:
            return False  # lesson package not made yet, or made with other kinds switched on
        return all(self._stored(item.name, item.size) for item in entry.files)

    def _stored(self, name, size):
        return self.store.exists(name) and self.store.size(name) == size

    def _can_render(self):
        return self.renditions is not None and self.renditions.available

    def _renditions(self, recording, files, fetched, known, rendered, workdir, report):
        """The rendition files to record and whether renditions are done for these sources."""
        previous = [item for item in known.values() if item.kind in KINDS and self._stored(item.name, item.size)]
        sources = {item.kind: item for item in files if item.kind in ("video", "webcams", "deskshare")}
        changed = bool(fetched.keys() & {item.name for item in sources.values()})
        if not self._can_render() or (rendered and not changed):
            return ([] if changed else previous), rendered and not changed  # renditions of old sources are stale
        local = {kind: fetched.get(item.name) or self._copy_out(item.name, workdir) for kind, item in sources.items()}
        made = []
        for rendition in self.renditions.make(local, workdir):
            name = store_name(recording.record_id, FILENAMES[rendition.kind])
            fetched[name] = rendition.path
            made.append(SyncedFile(rendition.kind, name, rendition.size, _sha256(rendition.path), mime_type(name)))
            report.renditions += 1
        return made, True

    def _can_package(self):
        return self.packager is not None and self.packager.available

    def _lesson_package(self, recording, files, fetched, known, workdir, report):
        """The lesson package files to record and whether the package is done for these sources.

        The packager names files after a hash of their sources, so a stored file of the same name
        is current and kept; anything else is built in ``workdir/lesson`` (kept after a crash).
        """
        previous = [item for item in known.values()
                    if item.kind in PACKAGE_KINDS and self._stored(item.name, item.size)]
        if not self._can_package():
            return previous, False
        existing = {item.name.split("/")[1]: item for item in previous}

        def local(item):
            return fetched.get(item.name) or self._copy_out(item.name, workdir)

        result = self.packager.make(recording, files, local, workdir / "lesson", existing=set(existing),
                                    progress=self.progress)
        made = []
        for item in result.files:
            name = store_name(recording.record_id, item.filename)
            if item.path is None:
                old = existing[item.filename]
                made.append(SyncedFile(old.kind, old.name, old.size, old.sha256, old.mime_type, item.lang, item.label,
                                       notes=item.notes))
                continue
            fetched[name] = item.path
            made.append(SyncedFile(item.kind, name, item.path.stat().st_size, _sha256(item.path), item.mime_type,
                                   item.lang, item.label, notes=item.notes))
            report.packages += 1
        if result.problems:
            report.warnings[recording.record_id] = list(result.problems)
            for problem in result.problems:
                log.warning("recording %s: lesson package: %s", recording.record_id, problem)
        return made, True

    def _stored_sha256(self, name):
        digest = hashlib.sha256()
        with self.store.open(name) as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
        return digest.hexdigest()

    def _copy_out(self, name, workdir):
        target = workdir / ("source-" + name.split("/")[1])
        workdir.mkdir(parents=True, exist_ok=True)
        with self.store.open(name) as source, open(target, "wb") as handle:
            shutil.copyfileobj(source, handle, 1024 * 1024)
        return target

    def _progress(self, name):
        if not self.progress:
            return None
        return lambda done, total: self.progress(name, done, total)


def _in_scope(entry, meeting_ids, record_ids, meta):
    return ((not meeting_ids or entry.meeting_id in meeting_ids) and (not record_ids or entry.record_id in record_ids)
            and all(entry.metadata.get(key) == value for key, value in (meta or {}).items()))


def _disk_full(error):
    """True for the errors of a full disk, quota or file size limit (nothing to retry before space is made)."""
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
