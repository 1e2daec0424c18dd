"""The slides-and-voice video: what was on screen, as stills at a low frame rate, over the voice.

``segments`` turns a presentation's timeline into ``(start, end, what)`` pieces the way bbb-playback
shows it (src/utils/data/index.js ``getCurrentContent``: the screen share while a deskshare.xml
interval is on, else the slide with the latest ``in``; components/presentation/canvas: the
annotations drawn by then). Annotation changes less than a second apart make one step. During a
screen share a frame of ``deskshare.webm`` is taken every ``deskshare_every`` seconds; without
that video a placeholder says the screen was shared.

``VideoMaker.make`` feeds the stills to ffmpeg's concat demuxer with their exact durations, resamples
to ``fps`` (so a change shows on the frame at or nearest after it: within one frame), forces a key
frame at every change, and muxes mono AAC with ``+faststart``.
"""

import hashlib
import subprocess
import tempfile
import time
from pathlib import Path

from recordings_sync import presentation as slides
from recordings_sync.stills import Rasterizer, StillError, compose

SCREEN_SHARE_OFFSET = 0.5  # take the screen share's frame a little after it starts (the first is often black)


def segments(presentation, duration, has_deskshare_video, deskshare_every=20.0):
    """``(start, end, what)`` covering ``[0, duration)``; ``what`` is ``("slide", showing, moment)``,
    ``("deskshare", moment)`` or ``("placeholder", lines)``.
    """
    shared = sorted(presentation.deskshare)
    pieces = []
    for showing in presentation.showings:
        start, end = min(showing.start, duration), min(presentation.end_of(showing, duration), duration)
        if showing.is_deskshare and not shared:
            pieces.append((start, end, ("placeholder", ("Screen sharing", "(not recorded as video)"))))
            continue
        for low, high in _outside(start, end, shared):
            pieces += _slide_steps(presentation, showing, low, high)
    for low, high in shared:
        low, high = min(low, duration), min(high, duration)
        moment = low
        while moment < high:
            step_end = min(moment + deskshare_every, high)
            what = (("deskshare", min(moment + SCREEN_SHARE_OFFSET, (moment + step_end) / 2)) if has_deskshare_video
                    else ("placeholder", ("Screen sharing", "(not recorded as video)")))
            pieces.append((moment, step_end, what))
            moment = step_end
    pieces = sorted((piece for piece in pieces if piece[1] > piece[0]), key=lambda piece: piece[0])
    if pieces and pieces[0][0] > 0:
        pieces.insert(0, (0.0, pieces[0][0], pieces[0][2]))  # before the first slide: show it already
    if pieces and pieces[-1][1] < duration:
        pieces[-1] = (pieces[-1][0], duration, pieces[-1][2])
    return pieces


def _outside(start, end, intervals):
    """The parts of ``[start, end)`` outside every interval."""
    parts, low = [], start
    for interval_start, interval_end in intervals:
        if interval_end <= low or interval_start >= end:
            continue
        if interval_start > low:
            parts.append((low, interval_start))
        low = max(low, interval_end)
    if low < end:
        parts.append((low, end))
    return parts


def _slide_steps(presentation, showing, start, end):
    versions = presentation.shapes.get(showing.image_id, [])
    steps = slides.changes(versions, start, end)
    bounds = [start] + [shown for shown, _state in steps] + [end]
    states = [start] + [state for _shown, state in steps]
    return [(bounds[index], bounds[index + 1], ("slide", showing, states[index]))
            for index in range(len(states)) if bounds[index + 1] > bounds[index]]


class VideoMaker:
    """Encodes a planned video with ffmpeg (see the module docstring)."""

    def __init__(self, ffmpeg, ffprobe, width=1280, height=720, fps=2, audio_bitrate="24k", crf=30,
                 keyframe_seconds=60, timeout=6 * 3600):
        self.ffmpeg, self.ffprobe = ffmpeg, ffprobe
        self.width, self.height, self.fps = width, height, fps
        self.audio_bitrate, self.crf, self.keyframe_seconds = audio_bitrate, crf, keyframe_seconds
        self.timeout = timeout

    def settings(self):
        """Everything that changes the output for the same input."""
        return f"{self.width}x{self.height}@{self.fps} crf{self.crf} a{self.audio_bitrate} k{self.keyframe_seconds}"

    def _probe(self, path, entries, stream=None):
        command = [self.ffprobe, "-v", "error", "-show_entries", entries, "-of", "csv=p=0", str(path)]
        if stream:
            command[3:3] = ["-select_streams", stream]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
        return result.stdout.strip() if result.returncode == 0 else ""

    def has_audio(self, path):
        """True if the file has an audio stream."""
        return bool(self._probe(path, "stream=index", "a"))

    def has_video(self, path):
        """True if the file has a video stream."""
        return bool(self._probe(path, "stream=index", "v"))

    def duration(self, path):
        """The file's duration in seconds (0 if unknown)."""
        try:
            return max(float(self._probe(path, "format=duration")), 0.0)
        except ValueError:
            return 0.0

    def make(self, build, plan, audio, deskshare, output, progress=None):
        """Render the stills of ``plan`` (through ``build.still``) and encode them with ``audio``."""
        output = Path(output)
        folder = output.parent / "stills"
        folder.mkdir(parents=True, exist_ok=True)
        entries, changes, previous = [], [], None
        for start, end, what in plan:
            path = self._still(build, what, deskshare, folder)
            if path != previous:
                changes.append(start)
                entries.append([path, end - start])
            else:
                entries[-1][1] += end - start
            previous = path
        if not entries:
            raise StillError("nothing to show")
        listing = folder / f"{output.stem}.ffconcat"
        lines = ["ffconcat version 1.0"]
        for path, length in entries:
            lines += [f"file '{path.resolve()}'", f"duration {length:.3f}"]
        lines.append(f"file '{entries[-1][0].resolve()}'")  # the concat demuxer needs the last file again
        listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
        total = sum(length for _path, length in entries)
        self._encode(listing, audio, total, changes, output, progress)
        return output

    def _still(self, build, what, deskshare, folder):
        if what[0] == "slide":
            return build.still(what[1], what[2], self.width, self.height, folder)
        if what[0] == "deskshare":
            path = folder / f"deskshare-{what[1]:.3f}.png"
            if not path.exists():
                Rasterizer(self.ffmpeg).frame(deskshare, what[1], path, self.width, self.height)
            return path
        svg = compose(self.width, self.height, None, lines=what[1])
        path = folder / f"placeholder-{hashlib.sha256(svg.encode()).hexdigest()[:16]}.png"
        if not path.exists():
            Rasterizer(self.ffmpeg).svg(svg, path, self.width, self.height)
        return path

    def _encode(self, listing, audio, total, changes, output, progress):
        temporary = output.with_name(output.name + ".tmp")
        keys = ",".join(f"{moment:.3f}" for moment in changes[:5000])
        command = [self.ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-progress", "pipe:1",
                   "-nostats", "-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(audio),
                   "-map", "0:v:0", "-map", "1:a:0", "-vf", f"fps={self.fps},format=yuv420p",
                   "-c:v", "libx264", "-preset", "medium", "-tune", "stillimage", "-crf", str(self.crf),
                   "-g", str(int(self.fps * self.keyframe_seconds)), "-force_key_frames", keys or "0",
                   "-c:a", "aac", "-b:a", self.audio_bitrate, "-ac", "1", "-ar", "24000",
                   "-t", f"{total:.3f}", "-movflags", "+faststart", "-f", "mp4", str(temporary)]
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)  # noqa: S603
            deadline = time.monotonic() + self.timeout
            for line in process.stdout:
                if line.startswith("out_time_us=") and progress and line.strip()[12:].isdigit():
                    progress(min(int(line.strip()[12:]) / 1e6, total), total)
                if time.monotonic() > deadline:
                    process.kill()
            process.wait()
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace").strip()[-500:]
        if process.returncode != 0:
            temporary.unlink(missing_ok=True)
            raise StillError(f"ffmpeg failed making the slides video: {message}")
        temporary.replace(output)
