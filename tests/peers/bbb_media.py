"""The local BigBlueButton server's recordings: generated playback media and the recording model.

Media is a few seconds of ffmpeg test pattern and tone, generated once and cached between
sessions. ``LAYOUTS`` says which playback paths a recording of each layout serves.
"""

import fcntl
import hashlib
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MEDIA_VERSION = "v1"
SECONDS = 3
_SOURCE = f"testsrc=size=320x240:rate=15:duration={SECONDS}"
_TONE = f"sine=frequency=440:sample_rate=48000:duration={SECONDS}"
MEDIA_RECIPES = {
    "video-0.m4v": ["-f", "lavfi", "-i", _SOURCE, "-f", "lavfi", "-i", _TONE, "-c:v", "libx264", "-preset",
                    "ultrafast", "-b:v", "400k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-f", "mp4"],
    "webcams.webm": ["-f", "lavfi", "-i", _SOURCE.replace("testsrc", "testsrc2"), "-f", "lavfi", "-i", _TONE,
                     "-c:v", "libvpx", "-deadline", "realtime", "-b:v", "300k", "-c:a", "libopus", "-b:a", "48k"],
    "deskshare.webm": ["-f", "lavfi", "-i", _SOURCE.replace("320x240", "640x360"), "-c:v", "libvpx", "-deadline",
                       "realtime", "-b:v", "300k", "-an"],
    "webcams.mp4": ["-f", "lavfi", "-i", _SOURCE.replace("testsrc", "testsrc2"), "-f", "lavfi", "-i", _TONE,
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "mp4"],
    "deskshare.mp4": ["-f", "lavfi", "-i", _SOURCE.replace("320x240", "640x360"), "-c:v", "libx264", "-preset",
                      "ultrafast", "-pix_fmt", "yuv420p", "-an", "-f", "mp4"],
}
# Which media file serves which playback path, per layout a recording can have.
LAYOUTS = {
    "video": {"playback/video/{rid}/video-0.m4v": "video-0.m4v",
              "presentation/{rid}/video/webcams.webm": "webcams.webm"},
    "presentation": {"presentation/{rid}/video/webcams.webm": "webcams.webm",
                     "presentation/{rid}/deskshare/deskshare.webm": "deskshare.webm"},
    "presentation-mp4": {"presentation/{rid}/video/webcams.mp4": "webcams.mp4",
                         "presentation/{rid}/deskshare/deskshare.mp4": "deskshare.mp4"},
    "webcams-only": {"presentation/{rid}/video/webcams.webm": "webcams.webm"},
    "deskshare-only": {"presentation/{rid}/deskshare/deskshare.webm": "deskshare.webm"},  # no audio at all
    # the video format is listed but its file is missing (still processing, or removed by an operator)
    # a presentation recording whose files tests.peers.bbb_presentation writes and serves (server.static)
    "lesson": {},
    "video-missing": {"presentation/{rid}/video/webcams.webm": "webcams.webm",
                      "presentation/{rid}/deskshare/deskshare.webm": "deskshare.webm"},
}
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n{text}\n"


def default_media_dir():
    """Where generated media is cached between test sessions."""
    return Path(tempfile.gettempdir()) / f"wikilearn-bbb-media-{MEDIA_VERSION}"


def generate_media(directory=None):
    """Generate the playback media once (ffmpeg) into ``directory``; safe across processes."""
    directory = Path(directory or default_media_dir())
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for name, recipe in MEDIA_RECIPES.items():
            if not (directory / name).exists():
                temporary = directory / f".tmp-{name}"
                subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *recipe, str(temporary)], check=True)
                os.replace(temporary, directory / name)
    return directory


@dataclass
class FakeRecording:
    """One recording as the fake server holds it."""

    record_id: str
    meeting_id: str
    name: str = "Lesson"
    layout: str = "video"
    state: str = "published"
    start_ms: int = 1_700_000_000_000
    participants: int = 5
    metadata: dict = field(default_factory=dict)
    tracks: dict = field(default_factory=dict)  # lang -> (label, vtt text)

    def files(self):
        """Playback path (no leading slash) -> media file name."""
        return {path.format(rid=self.record_id): media for path, media in LAYOUTS[self.layout].items()}


def record_id(number, meeting="meeting"):
    """A BigBlueButton-shaped record id (sha1 hex + '-' + epoch milliseconds)."""
    return f"{hashlib.sha1(f'{meeting}/{number}'.encode()).hexdigest()}-{1_700_000_000_000 + number}"  # noqa: S324
