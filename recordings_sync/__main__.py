"""Command line: test BigBlueButton access and download a meeting's recordings to a folder.

``python -m recordings_sync --url URL --secret SECRET --meeting ID [--meeting ID] --out DIR``
"""

import argparse
import logging
import sys
from pathlib import Path

from recordings_sync.client import BBBClient, BBBError, BBBResponseError
from recordings_sync.download import Downloader
from recordings_sync.engine import StorageFull, SyncEngine
from recordings_sync.lesson_package import LessonPackager
from recordings_sync.local import JsonCatalog, LocalDirectoryStore
from recordings_sync.progress import FileProgress
from recordings_sync.renditions import Renditions


def parse_args(argv):
    """The command line's arguments."""
    parser = argparse.ArgumentParser(prog="python -m recordings_sync", description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="BigBlueButton API URL, e.g. https://bbb.example.org/bigbluebutton/")
    parser.add_argument("--secret", required=True, help="the server's shared secret")
    parser.add_argument("--checksum", default="sha256", choices=["sha1", "sha256", "sha384", "sha512"])
    parser.add_argument("--meeting", action="append", required=True, help="meeting ID (repeat for more)")
    parser.add_argument("--out", required=True, help="folder for the files (and catalog.json)")
    parser.add_argument("--no-renditions", action="store_true", help="do not make the ffmpeg renditions")
    parser.add_argument("--no-lesson-packages", action="store_true",
                        help="do not make the slides PDF, slides-and-voice video and transcripts")
    parser.add_argument("--max-size", type=int, default=None, help="refuse files larger than this many bytes")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds without data before retrying")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser.parse_args(argv)


def main(argv=None):
    """Sync the meetings' published recordings into ``--out``; exit 1 if any recording failed, 2 if
    BigBlueButton could not be asked, 3 if the disk (or quota, or file size limit) is full."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    client = BBBClient(args.url, args.secret, checksum=args.checksum, timeout=(5, args.timeout))
    progress = FileProgress() if sys.stderr.isatty() else None
    engine = SyncEngine(client, LocalDirectoryStore(out), JsonCatalog(out / "catalog.json"),
                        downloader=Downloader(timeout=(5, args.timeout), max_size=args.max_size),
                        renditions=None if args.no_renditions else Renditions(), progress=progress,
                        work_dir=out / ".partial",
                        packager=None if args.no_lesson_packages else LessonPackager(timeout=(5, args.timeout)))
    try:
        report = engine.sync(meeting_ids=args.meeting)
    except (BBBError, BBBResponseError) as error:
        print(f"BigBlueButton: {error}", file=sys.stderr)
        return 2
    except StorageFull as error:
        done = len(error.report.updated) + error.report.unchanged
        print(f"Stopped: {error.strerror}. {done} of {error.report.listed} recordings were synced; "
              "make space and run again to finish.", file=sys.stderr)
        return 3
    finally:
        if progress:
            progress.close()
    for entry in engine.catalog.entries():
        state = "available" if entry.available else "unavailable"
        print(f"{entry.record_id}  {entry.name}  ({state})")
        for item in entry.files:
            print(f"    {item.kind:<11} {item.size:>12,} B  {item.name}{f'  ({item.notes})' if item.notes else ''}")
    print(f"{report.listed} listed, {len(report.updated)} updated, {report.unchanged} unchanged, "
          f"{len(report.unavailable)} now unavailable, {report.downloads} downloads "
          f"({report.bytes_downloaded:,} B), {report.renditions} renditions, {report.packages} lesson package files, "
          f"{len(report.failed)} failed")
    for record_id, problems in report.warnings.items():
        for problem in problems:
            print(f"WARNING {record_id}: {problem}", file=sys.stderr)
    for record_id, error in report.failed.items():
        print(f"FAILED {record_id}: {error}", file=sys.stderr)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
