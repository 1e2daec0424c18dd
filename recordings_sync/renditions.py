"""Lighter files made with ffmpeg so a learner on a slow line can pick the smallest useful one.

- ``combined``: one MP4 (screen share with the webcams in a corner) when BigBlueButton
  published only separate webcam and screen-share files;
- ``audio``: audio only, Opus at about 32 kbit/s (mono, speech);
- ``lowres``: 360p H.264 at about 350 kbit/s.

Uses Debian's ``ffmpeg``; when it is absent, renditions are skipped with a warning.
"""

import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

KINDS = ("combined", "audio", "lowres")
FILENAMES = {"combined": "combined.mp4", "audio": "audio.opus", "lowres": "lowres-360p.mp4"}


class RenditionError(Exception):
    """ffmpeg failed on a recording."""


@dataclass(frozen=True)
class Rendition:
    """A file ffmpeg made: its kind, local path and size."""

    kind: str
    path: Path
    size: int


class Renditions:
    """Makes the combined, audio-only and low-resolution files of a recording."""

    def __init__(self, ffmpeg="ffmpeg", ffprobe="ffprobe", audio_bitrate="32k", video_bitrate="350k", height=360,
                 timeout=3600):
        self.ffmpeg = shutil.which(ffmpeg)
        self.ffprobe = shutil.which(ffprobe)
        self.audio_bitrate = audio_bitrate
        self.video_bitrate = video_bitrate
        self.height = height
        self.timeout = timeout
        self._warned = False

    @property
    def available(self):
        """True if ffmpeg (and ffprobe) can be run; warns once if not."""
        if not (self.ffmpeg and self.ffprobe) and not self._warned:
            log.warning("ffmpeg/ffprobe not found: renditions (combined, audio-only, 360p) are skipped. "
                        "Install Debian's ffmpeg package to make them.")
            self._warned = True
        return bool(self.ffmpeg and self.ffprobe)

    def make(self, sources, workdir):
        """Make every wanted rendition from local ``sources`` (kind -> Path) into ``workdir``."""
        if not self.available:
            return []
        workdir = Path(workdir)
        made = []
        main = sources.get("video")
        if main is None and "webcams" in sources and "deskshare" in sources:
            main = self.combined(sources["webcams"], sources["deskshare"], workdir / FILENAMES["combined"])
            made.append(Rendition("combined", main, main.stat().st_size))
        main = main or sources.get("webcams") or sources.get("deskshare")
        if main is None:
            return made
        if self.has_audio(main):
            audio = self.audio_only(main, workdir / FILENAMES["audio"])
            made.append(Rendition("audio", audio, audio.stat().st_size))
        lowres = self.low_res(main, workdir / FILENAMES["lowres"])
        made.append(Rendition("lowres", lowres, lowres.stat().st_size))
        return made

    def combined(self, webcams, deskshare, output):
        """Screen share (up to 720p) with the webcams in the bottom-right corner and their audio."""
        graph = ("[1:v]scale=-2:'min(720,ih)',setsar=1[screen];[0:v]scale=240:-2[cam];"
                 "[screen][cam]overlay=W-w-16:H-h-16:eof_action=pass,format=yuv420p[v]")
        return self._run(["-i", webcams, "-i", deskshare, "-filter_complex", graph, "-map", "[v]", "-map", "0:a?",
                          "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-c:a", "aac", "-b:a", "96k",
                          "-movflags", "+faststart", "-f", "mp4"], output)

    def audio_only(self, source, output):
        """Mono Opus at ``audio_bitrate`` in an Ogg container."""
        return self._run(["-i", source, "-vn", "-map", "0:a:0", "-ac", "1", "-c:a", "libopus", "-b:a",
                          self.audio_bitrate, "-application", "voip", "-f", "ogg"], output)

    def low_res(self, source, output):
        """H.264 at ``height`` lines (never upscaled), about ``video_bitrate``, with mono AAC audio."""
        rate = int(self.video_bitrate.rstrip("k"))
        return self._run(["-i", source, "-map", "0:v:0", "-map", "0:a:0?", "-vf",
                          f"scale=-2:'min({self.height},ih)',format=yuv420p", "-c:v", "libx264", "-preset",
                          "veryfast", "-b:v", self.video_bitrate, "-maxrate", f"{rate * 8 // 7}k", "-bufsize",
                          f"{rate * 2}k", "-c:a", "aac", "-b:a", "48k", "-ac", "1", "-movflags", "+faststart",
                          "-f", "mp4"], output)

    def has_audio(self, source):
        """True if the file has an audio stream."""
        result = subprocess.run([self.ffprobe, "-v", "error", "-select_streams", "a", "-show_entries",  # noqa: S603
                                 "stream=index", "-of", "csv=p=0", str(source)], capture_output=True, text=True,
                                timeout=60, check=False)
        return bool(result.stdout.strip())

    def _run(self, arguments, output):
        output = Path(output)
        temporary = output.with_name(output.name + ".tmp")
        command = [self.ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                   *[str(argument) for argument in arguments], str(temporary)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=self.timeout, check=False)  # noqa: S603
        except subprocess.TimeoutExpired as error:
            raise RenditionError(f"ffmpeg timed out making {output.name}") from error
        if result.returncode != 0:
            temporary.unlink(missing_ok=True)
            raise RenditionError(f"ffmpeg failed making {output.name}: {result.stderr.strip()[-500:]}")
        temporary.replace(output)
        return output
