"""Give the sandbox course downloadable recordings: start the local BBB API server, sync, stop.

The local server (``tests.peers.bbb_server``) publishes four demo lessons (a video-format recording
with English captions, a presentation with webcams and screen share, a webcams-only one, and a
presentation lesson with slides, annotations and captions), dated the Tuesdays of the last four
weeks (:mod:`xblocks.common.demo_dates`). The sync stores them under ``var/recordings``; running
the command again downloads nothing new.

With ffmpeg, the server's media is generated with it and the sync makes the lighter versions. Without
ffmpeg the server serves the small media shipped in ``sandbox/demo_media`` (made with ffmpeg by
``sandbox_demo_media``), the recordings sync as recorded with their captions and transcripts, and one
line says what installing ffmpeg adds.
"""

import contextlib
import logging
import secrets
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from openedx_plugins.recordings import sync
from openedx_plugins.recordings.management.commands.sync_recordings import FileProgress
from openedx_plugins.recordings.models import RecordingSource
from xblocks.common.demo_dates import demo_calendar

SERVER = "sandbox-local"
MEETING = "wikilearn-demo"
SHIPPED_MEDIA = Path(__file__).resolve().parents[2] / "demo_media"
WITHOUT_FFMPEG = ("ffmpeg is not installed: the demo recordings are synced as recorded, without the lighter "
                  "versions ffmpeg makes (audio only, 360p video, slides PDF, slides and voice). Install it "
                  "(apt-get install ffmpeg), then run `make demo-recordings` to add them.")


def seed_shipped_media(media_dir):
    """Copy the shipped demo media into ``media_dir`` where a file is missing (the server then needs no ffmpeg)."""
    for source in SHIPPED_MEDIA.rglob("*"):
        target = media_dir / source.relative_to(SHIPPED_MEDIA)
        if source.is_file() and source.name != "README.md" and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def date_lessons(server, calendar):
    """Date the server's demo lessons the calendar's lesson days (oldest recording first)."""
    lessons = sorted(server.recordings.values(), key=lambda recording: recording.start_ms)
    for recording, start in zip(lessons, calendar.lessons, strict=True):
        recording.start_ms = int(start.timestamp() * 1000)


class _SaidOnce(logging.Filter):
    """Drops the engine's per-recording "ffmpeg is not installed" warnings: the command says it once."""

    def filter(self, record):
        return "ffmpeg is not installed" not in record.getMessage()


@contextlib.contextmanager
def quiet_about_ffmpeg():
    """While syncing without ffmpeg, keep the engine's log to what the one line does not already say
    (the per-recording warnings stay on the source's "last warnings" in the admin)."""
    engine_log, said_once = logging.getLogger("recordings_sync.engine"), _SaidOnce()
    engine_log.addFilter(said_once)
    try:
        yield
    finally:
        engine_log.removeFilter(said_once)


class Command(BaseCommand):
    """Sync the demo recordings of the sandbox course from a local BigBlueButton API server."""

    help = "Start the local BBB API server with demo media, sync its recordings into the sandbox course."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--media-dir", help="where the demo media is cached (default: var/bbb-media)")

    def handle(self, *args, **options):
        from tests.peers.bbb_server import demo_server  # noqa: PLC0415 - the sandbox only

        media = Path(options["media_dir"] or settings.VAR_DIR / "bbb-media")
        has_ffmpeg = bool(shutil.which("ffmpeg") and shutil.which("ffprobe"))
        if not has_ffmpeg:
            seed_shipped_media(media)
            self.stderr.write(WITHOUT_FFMPEG)
        secret = secrets.token_hex(16)
        source, _created = RecordingSource.objects.update_or_create(
            course_key=settings.WIKILEARN_SANDBOX_COURSE, server=SERVER,
            defaults={"meeting_ids": MEETING, "enabled": True})
        with demo_server(secret, media_dir=media, meeting=MEETING) as server:
            date_lessons(server, demo_calendar())
            servers = {SERVER: {"url": server.api_url, "secret": secret, "checksum": "sha256"}}
            progress = FileProgress(getattr(self.stderr, "_out", None), disable=options["no_progress"])
            # Without ffmpeg nothing asks for renditions and the engine's warnings about it stay quiet: the
            # line above says it once. A later run with ffmpeg makes them (the engine notices they are missing).
            quiet = contextlib.nullcontext() if has_ffmpeg else quiet_about_ffmpeg()
            with quiet, override_settings(WIKILEARN_BBB_SERVERS=servers, WIKILEARN_RECORDINGS_RENDITIONS=has_ffmpeg):
                try:
                    report = sync.sync_source(source, progress)
                except Exception as error:
                    raise CommandError(f"sandbox recordings: {error}") from error
                finally:
                    progress.close()
        self.stdout.write(
            f"Demo recordings: {report.listed} lessons, {report.downloads} downloads, {report.renditions} renditions, "
            f"{len(report.failed)} failed. See /wikilearn/recordings/{settings.WIKILEARN_SANDBOX_COURSE}/")
