"""Give the sandbox course downloadable recordings: start the local BBB API server, sync, stop.

The local server (``tests.peers.bbb_server``) publishes three demo lessons made with ffmpeg (a
video-format recording with English captions, a presentation with webcams and screen share, a
webcams-only one). The sync stores them with their renditions under ``var/recordings``; running
the command again downloads nothing new.
"""

import secrets
import shutil

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from openedx_plugins.recordings import sync
from openedx_plugins.recordings.management.commands.sync_recordings import FileProgress
from openedx_plugins.recordings.models import RecordingSource

SERVER = "sandbox-local"
MEETING = "wikilearn-demo"


class Command(BaseCommand):
    """Sync the demo recordings of the sandbox course from a local BigBlueButton API server."""

    help = "Start the local BBB API server with generated media, sync its recordings into the sandbox course."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--media-dir", help="where the generated demo media is cached (default: var/bbb-media)")

    def handle(self, *args, **options):
        from tests.peers.bbb_server import demo_server  # noqa: PLC0415 - the sandbox only

        if not shutil.which("ffmpeg"):
            self.stderr.write("ffmpeg is not installed: the sandbox has no demo recordings "
                              "(apt-get install ffmpeg, then run this again).")
            return
        secret = secrets.token_hex(16)
        media = options["media_dir"] or settings.VAR_DIR / "bbb-media"
        source, _created = RecordingSource.objects.update_or_create(
            course_key=settings.WIKILEARN_SANDBOX_COURSE, server=SERVER,
            defaults={"meeting_ids": MEETING, "enabled": True})
        with demo_server(secret, media_dir=media, meeting=MEETING) as server:
            servers = {SERVER: {"url": server.api_url, "secret": secret, "checksum": "sha256"}}
            progress = FileProgress(getattr(self.stderr, "_out", None), disable=options["no_progress"])
            with override_settings(WIKILEARN_BBB_SERVERS=servers):
                try:
                    report = sync.sync_source(source, progress)
                except Exception as error:
                    raise CommandError(f"sandbox recordings: {error}") from error
                finally:
                    progress.close()
        self.stdout.write(
            f"Demo recordings: {report.listed} lessons, {report.downloads} downloads, {report.renditions} renditions, "
            f"{len(report.failed)} failed. See /wikilearn/recordings/{settings.WIKILEARN_SANDBOX_COURSE}/")
