"""The command line's arguments and its terminal progress bar."""

import pytest

from recordings_sync.__main__ import parse_args
from recordings_sync.progress import FileProgress


def test_arguments():
    args = parse_args(["--url", "https://b.example/bigbluebutton/", "--secret", "s", "--meeting", "a", "--meeting",
                       "b c", "--out", "/tmp/x", "--checksum", "sha1", "--no-renditions"])
    assert args.meeting == ["a", "b c"] and args.checksum == "sha1" and args.no_renditions
    with pytest.raises(SystemExit):
        parse_args(["--url", "u", "--secret", "s", "--out", "o"])  # --meeting is required
    with pytest.raises(SystemExit):
        parse_args(["--url", "u", "--secret", "s", "--meeting", "m", "--out", "o", "--checksum", "md5"])


def test_progress_bar_follows_each_file():
    progress = FileProgress()
    progress("rec/video.m4v", 10, 100)
    progress("rec/video.m4v", 60, 100)
    first = progress.bar
    assert first.n == 60 and first.total == 100
    progress("rec/captions-en.vtt", 5, 5)
    assert progress.bar is not first and progress.bar.n == 5
    progress.close()
    assert progress.bar is None
