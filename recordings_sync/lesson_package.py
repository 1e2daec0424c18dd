"""Lesson packages for slow connections: the slides PDF, a slides-and-voice video and transcripts.

For a recording in BigBlueButton's ``presentation`` format the packager fetches the small files
that describe the presentation area (``shapes.svg``, ``tldraw.json``, ``deskshare.xml``, each slide
image and text; see ``recordings_sync.presentation``) and makes:

- ``slides``: every slide shown, once, in the order first shown, with its annotations as they stood
  when it was last left, its text as an invisible text layer and in the outline
  (``recordings_sync.slides_pdf``);
- ``slidesvideo``: an MP4 (H.264 + AAC-LC) of the stills that were on screen, at ``fps`` frames a
  second, changing when the lesson changed (within one frame), with the voice in mono AAC at
  ``audio_bitrate``. MP4/H.264/AAC is the one combination every browser's own player and every
  phone plays; ``+faststart`` puts the index first so playback and seeking start before the file
  is complete, and a key frame at each change (and at least every ``keyframe_seconds``) makes
  seeking land on the right slide at once. A still costs bytes only when the picture changes, so
  an hour is about 11 MB of voice plus a few MB of slides;
- ``transcript``: a timestamped text of each caption track (``recordings_sync.transcript``).

File names carry a hash of everything they were made from, so a package is rebuilt exactly when
its sources change, and a finished file in the work folder (written under a temporary name, then
renamed) is reused after a crash. What cannot be made honestly is left out and said in
``PackageResult.problems``; a file made from incomplete input says so in its ``notes``.
"""

import hashlib
import logging
import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

from recordings_sync import presentation as slides
from recordings_sync import stills
from recordings_sync.download import Downloader, DownloadError
from recordings_sync.lesson_video import VideoMaker, segments
from recordings_sync.slides_pdf import write_pdf
from recordings_sync.transcript import transcript

log = logging.getLogger(__name__)

KINDS = ("slides", "slidesvideo", "transcript")
VERSION = "1"  # bump when the output for the same sources changes: every package is rebuilt
MAX_TEXT_BYTES = 256 * 1024


class PackageError(Exception):
    """A presentation file could not be fetched (other than "not there")."""


@dataclass(frozen=True)
class PackageFile:
    """A package file: ``path`` is None when the stored file of that name is still current."""

    kind: str
    filename: str
    path: Path | None
    mime_type: str
    lang: str = ""
    label: str = ""
    notes: str = ""


@dataclass
class PackageResult:
    """The files of a package and what could not be made."""

    files: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def _digest(*parts):
    hasher = hashlib.sha256(VERSION.encode())
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else str(part).encode())
        hasher.update(b"\0")
    return hasher.hexdigest()[:12]


class LessonPackager:
    """Makes the lesson package files of one recording (see the module docstring)."""

    def __init__(self, kinds=KINDS, ffmpeg="ffmpeg", ffprobe="ffprobe", session=None, timeout=(5, 30),
                 width=1280, height=720, fps=2, audio_bitrate="24k", crf=30, keyframe_seconds=60,
                 pdf_width=1600, deskshare_every=20.0):
        self.kinds = tuple(kind for kind in KINDS if kind in kinds)
        self.ffmpeg, self.ffprobe = shutil.which(ffmpeg), shutil.which(ffprobe)
        self.session = session or requests.Session()
        self.timeout = timeout
        self.pdf_width = pdf_width
        self.video = VideoMaker(self.ffmpeg, self.ffprobe, width=width, height=height, fps=fps,
                                audio_bitrate=audio_bitrate, crf=crf, keyframe_seconds=keyframe_seconds)
        self.deskshare_every = deskshare_every

    @property
    def available(self):
        """Whether anything can be made (slides need ffmpeg; transcripts need nothing)."""
        return "transcript" in self.kinds or bool(self.ffmpeg and self.ffprobe and self.kinds)

    @property
    def marker(self):
        """What the catalog's fingerprint notes once a recording was packaged with these kinds."""
        return "lesson-" + "+".join(self.kinds) + f"-v{VERSION}"

    def make(self, recording, files, local, workdir, existing=(), progress=None):
        """The package of ``recording``. ``files`` are its SyncedFiles, ``local(item)`` gives one's local
        path, ``existing`` the package file names already stored, ``progress(name, done, total)``.
        """
        workdir = Path(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        result = PackageResult()
        if "transcript" in self.kinds:
            result.files += self._transcripts(recording, files, local, workdir, set(existing))
        base = self._base(recording)
        if not base or not ({"slides", "slidesvideo"} & set(self.kinds)):
            return result
        if not (self.ffmpeg and self.ffprobe):
            result.problems.append("ffmpeg is not installed: no slides PDF or slides video")
            return result
        try:
            lesson = self._read(base, result.problems)
        except PackageError as error:
            result.problems.append(str(error))
            return result
        if lesson is None:
            return result
        context = Build(self, recording, files, local, workdir, set(existing), progress, lesson, result)
        if "slides" in self.kinds:
            context.slides_pdf()
        if "slidesvideo" in self.kinds:
            context.slides_video(base)
        return result

    def _transcripts(self, recording, files, local, workdir, existing):
        made = []
        for item in files:
            if item.kind != "captions" or not item.lang:
                continue
            name = f"transcript-{item.lang}-{_digest(item.sha256, recording.name)}.txt"
            path = workdir / name
            if name not in existing and not path.exists():
                text = Path(local(item)).read_bytes()[:64 * 1024 * 1024].decode("utf-8", "replace")
                temporary = path.with_name(name + ".tmp")
                temporary.write_text(transcript(text, recording.name, item.label or item.lang), encoding="utf-8")
                temporary.replace(path)
            made.append(PackageFile("transcript", name, None if name in existing else path, "text/plain",
                                    item.lang, item.label))
        return made

    @staticmethod
    def _base(recording):
        playback = recording.format("presentation")
        parts = urlsplit(playback.url if playback else "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return ""
        return f"{parts.scheme}://{parts.netloc}/presentation/{recording.record_id}"

    def fetch(self, url, limit):
        """The bytes at ``url`` (None if the server says it is not there); PackageError otherwise."""
        for attempt in (1, 2):
            try:
                with self.session.get(url, timeout=self.timeout, stream=True,
                                      headers={"Accept-Encoding": "identity"}) as response:
                    if response.status_code in (404, 410):
                        return None
                    if response.status_code != 200:
                        raise PackageError(f"{url.rsplit('/', 1)[-1]}: HTTP {response.status_code}")
                    body = bytearray()
                    for chunk in response.iter_content(256 * 1024):
                        body += chunk
                        if len(body) > limit:
                            raise PackageError(f"{url.rsplit('/', 1)[-1]} is larger than {limit} bytes")
                    return bytes(body)
            except requests.RequestException as error:
                if attempt == 2:
                    raise PackageError(f"{url.rsplit('/', 1)[-1]}: {error}") from error
        return None

    def _read(self, base, problems):
        """The presentation (with slide images and texts), or None when there is none to read."""
        data = self.fetch(f"{base}/shapes.svg", slides.MAX_XML_BYTES + 1)
        if data is None:
            problems.append("no slides: shapes.svg is not published for this recording")
            return None
        try:
            lesson = slides.parse_shapes(data)
        except slides.PresentationError as error:
            problems.append(f"no slides PDF or slides video: {error}")
            return None
        sources = [data]
        for name, reader in (("tldraw.json", slides.add_tldraw), ("deskshare.xml", None)):
            extra = self.fetch(f"{base}/{name}", slides.MAX_XML_BYTES + 1)
            sources.append(extra or b"")
            try:
                if extra and reader:
                    reader(lesson, extra)
                elif extra:
                    lesson.deskshare = slides.parse_deskshare(extra)
            except slides.PresentationError as error:
                problems.append(f"{error}: {'annotations are' if reader else 'screen sharing is'} left out")
        images, texts = {}, {}
        for showing in lesson.slides_in_order():
            data = self.fetch(f"{base}/{showing.href}", stills.MAX_IMAGE_BYTES + 1)
            sources.append(showing.href.encode() + b"=" + hashlib.sha256(data or b"").digest())
            try:
                if data is None:
                    raise stills.StillError("image missing on the server")
                images[showing.href] = stills.check_image(data, showing.href)
            except stills.StillError as error:
                problems.append(f"{_slide_name(showing.href)}: {error}")
            text = self.fetch(f"{base}/{showing.text_href}", MAX_TEXT_BYTES) if showing.text_href else None
            texts[showing.href] = (text or b"").decode("utf-8", "replace")
            sources.append(texts[showing.href])
        problems += list(dict.fromkeys(lesson.problems))
        return Lesson(lesson, images, texts, _digest(*sources))


def _slide_name(href):
    return "slide " + "".join(character for character in href.rsplit("slide", 1)[-1] if character.isdigit())


@dataclass
class Lesson:
    """A presentation with its checked slide images, texts and a hash of all of it."""

    presentation: object
    images: dict
    texts: dict
    digest: str


@dataclass
class Build:
    """One recording's package in the making."""

    packager: LessonPackager
    recording: object
    files: list
    local: object
    workdir: Path
    existing: set
    progress: object
    lesson: Lesson
    result: PackageResult

    def _missing(self):
        shown = self.lesson.presentation.slides_in_order()
        return [_slide_name(item.href) for item in shown if item.href not in self.lesson.images]

    def _notes(self, extra=()):
        missing = self._missing()
        notes = [f"incomplete: {', '.join(missing)} missing or unusable"] if missing else []
        return "; ".join(notes + list(extra))

    def still(self, showing, moment, width, height, folder):
        """The PNG of a slide showing with its annotations at ``moment`` (cached by content)."""
        presentation = self.lesson.presentation
        image = self.lesson.images.get(showing.href)
        shapes = slides.visible(presentation.shapes.get(showing.image_id, []), moment)
        lines = () if image else [_slide_name(showing.href).capitalize(), "",
                                  *self.lesson.texts.get(showing.href, "").splitlines()[:8], "",
                                  "(slide image not available)"]
        svg = stills.compose(width, height, (showing.width, showing.height), image, shapes, lines)
        path = folder / f"{hashlib.sha256(svg.encode()).hexdigest()[:20]}.png"
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            stills.Rasterizer(self.packager.ffmpeg).svg(svg, path, width, height)
        return path

    def slides_pdf(self):
        """Add the slides PDF (built, or reused when current)."""
        name = f"slides-{_digest(self.lesson.digest, self.recording.name)}.pdf"
        path = self.workdir / name
        notes = self._notes()
        if name in self.existing or path.exists():
            self.result.files.append(PackageFile("slides", name, None if name in self.existing else path,
                                                 "application/pdf", notes=notes))
            return
        presentation, pages = self.lesson.presentation, []
        shown = presentation.slides_in_order()
        duration = math.inf  # the last slide's annotations as they stand at the end
        for number, showing in enumerate(shown, start=1):
            last = presentation.last_showing(showing.href)
            left = presentation.end_of(last, duration)
            width = self.packager.pdf_width
            height = round(width * showing.height / showing.width) if showing.width > 0 else width * 9 // 16
            try:
                png = self.still(last, left - 1e-6, width, height + height % 2, self.workdir / "pages")
            except stills.StillError as error:
                self.result.problems.append(f"slides PDF not made: {error}")
                return
            pages.append((png, showing.width, showing.height, self.lesson.texts.get(showing.href, "")))
            if self.progress:
                self.progress(name, number, len(shown))
        write_pdf(pages, path, self.recording.name or self.recording.record_id)
        self.result.files.append(PackageFile("slides", name, path, "application/pdf", notes=notes))

    def slides_video(self, base):
        """Add the slides-and-voice video (built, or reused when current)."""
        video = self.packager.video
        audio_item = next((item for kind in ("video", "webcams") for item in self.files if item.kind == kind), None)
        deskshare_item = next((item for item in self.files if item.kind == "deskshare"), None)
        key = _digest(self.lesson.digest, audio_item.sha256 if audio_item else "audio.webm",
                      deskshare_item.sha256 if deskshare_item else "", video.settings())
        name = f"slides-video-{key}.mp4"
        path = self.workdir / name
        if name in self.existing or path.exists():
            notes = self._notes(self._video_notes(deskshare_item))
            self.result.files.append(PackageFile("slidesvideo", name, None if name in self.existing else path,
                                                 "video/mp4", notes=notes))
            return
        audio = Path(self.local(audio_item)) if audio_item else self._audio_only(base)
        if audio is None or not video.has_audio(audio):
            self.result.problems.append("no audio track: the slides-and-voice video is not made")
            return
        deskshare = Path(self.local(deskshare_item)) if deskshare_item else None
        if deskshare is not None and not video.has_video(deskshare):
            deskshare = None
        duration = video.duration(audio)
        plan = segments(self.lesson.presentation, duration, deskshare is not None, self.packager.deskshare_every)
        try:
            video.make(self, plan, audio, deskshare, path, progress=self.progress and (
                lambda done, total: self.progress(name, done, total)))
        except stills.StillError as error:
            self.result.problems.append(f"slides video not made: {error}")
            return
        notes = self._notes(self._video_notes(deskshare_item if deskshare is not None else None))
        self.result.files.append(PackageFile("slidesvideo", name, path, "video/mp4", notes=notes))

    def _video_notes(self, deskshare_item):
        presentation = self.lesson.presentation
        shared = presentation.deskshare or any(item.is_deskshare for item in presentation.showings)
        if shared and deskshare_item is None:
            if "screen sharing was not recorded as video" not in self.result.problems:
                self.result.problems.append("screen sharing was not recorded as video: a placeholder is shown")
            return ["screen sharing shown as a placeholder"]
        return []

    def _audio_only(self, base):
        """``audio/audio.webm``, which BigBlueButton publishes instead of webcams when nobody had one."""
        url, target = f"{base}/audio/audio.webm", self.workdir / "audio.webm"
        if target.exists():
            return target
        try:
            head = self.packager.session.head(url, timeout=self.packager.timeout, allow_redirects=True)
            if head.status_code in (404, 410):
                return None
            return Downloader(session=self.packager.session, timeout=self.packager.timeout).download(url, target).path
        except (requests.RequestException, DownloadError) as error:
            self.result.problems.append(f"audio/audio.webm: {error}")
            return None
