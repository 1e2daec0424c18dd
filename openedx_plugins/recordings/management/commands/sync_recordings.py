"""``sync_recordings [--course KEY] [--dry-run]``: bring recordings in from BigBlueButton now."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from openedx_plugins.recordings import sync
from recordings_sync.progress import FileProgress


class Command(BaseCommand):
    """Sync every enabled recording source, or those of one course."""

    help = "Download new BigBlueButton recordings (and renditions) into the recordings storage."

    @property
    def raw_stderr(self):
        """The terminal stream itself (tqdm redraws with carriage returns, not new lines)."""
        return getattr(self.stderr, "_out", sys.stderr)

    def add_arguments(self, parser):
        parser.add_argument("--course", help="only this course key")
        parser.add_argument("--dry-run", action="store_true", help="list what would change; download nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        sources = list(sync.sources_for(options["course"]))
        if not sources:
            where = f" for {options['course']}" if options["course"] else ""
            raise CommandError(f"No enabled recording source{where}")
        failures = 0
        for source in tqdm(sources, desc="sources", unit="source", file=self.raw_stderr,
                           disable=options["no_progress"] or len(sources) < 2):
            try:
                failures += self._one(source, options)
            except Exception as error:  # noqa: BLE001 - reported, then the next source
                failures += 1
                self.stderr.write(f"{source}: {error}")
        if failures:
            raise CommandError(f"{failures} source(s) or recording(s) failed")

    def _one(self, source, options):
        if options["dry_run"]:
            found = sync.plan(source)
            self.stdout.write(f"{source}: " + ", ".join(f"{len(ids)} {what}" for what, ids in found.items()))
            for what in ("new", "changed", "unavailable"):
                for record_id in found[what]:
                    self.stdout.write(f"  {what}: {record_id}")
            return 0
        progress = FileProgress(self.raw_stderr, disable=options["no_progress"])
        try:
            report = sync.sync_source(source, progress)
        finally:
            progress.close()
        self.stdout.write(f"{source}: {report.listed} listed, {report.unchanged} unchanged, "
                          f"{len(report.updated)} updated, {report.downloads} downloads "
                          f"({report.bytes_downloaded} bytes), {report.renditions} renditions, "
                          f"{report.packages} lesson package files, "
                          f"{len(report.unavailable)} marked unavailable, {len(report.failed)} failed")
        for record_id, message in report.failed.items():
            self.stderr.write(f"  {record_id}: {message}")
        for record_id, lines in report.warnings.items():
            for line in lines:  # built what could be built; this is what is missing
                self.stderr.write(f"  {record_id}: lesson package: {line}")
        return len(report.failed)
