"""The one module that knows BigBlueButton's file layouts: what to download for a recording.

Preference: the ``video`` format's ``video-0.m4v`` when it is published; else the
``presentation`` format's ``video/webcams.mp4|webm`` and ``deskshare/deskshare.mp4|webm``; plus
every caption track (WebVTT). Existence and size of media files are checked with HEAD requests
first; caption links are single use, so they are fetched without one.

Store names are built only from a validated record id and fixed file names (or a validated
language tag): nothing BigBlueButton sends reaches a filesystem path unchecked.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

RECORD_ID = re.compile(r"[0-9a-f]{40}-[0-9]{10,16}")
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}")
MIME_TYPES = {".m4v": "video/mp4", ".mp4": "video/mp4", ".webm": "video/webm", ".vtt": "text/vtt",
              ".opus": "audio/ogg"}


class LayoutError(Exception):
    """A recording's files could not be located (invalid id, server error on HEAD)."""


@dataclass(frozen=True)
class RemoteFile:
    """One file to fetch: its kind, where it is, the store name it will have and its size (from HEAD)."""

    kind: str  # video, webcams, deskshare, captions
    url: str
    name: str
    size: int | None  # None: unknown until downloaded (captions)
    mime_type: str
    lang: str = ""
    label: str = ""


def valid_record_id(record_id):
    """True for a BigBlueButton record id (40 hex digits, '-', epoch milliseconds)."""
    return bool(RECORD_ID.fullmatch(record_id or ""))


def store_name(record_id, filename):
    """``<record id>/<filename>``, refusing anything but a valid record id and a plain file name."""
    if not valid_record_id(record_id):
        raise LayoutError(f"invalid record id {record_id!r}")
    if not re.fullmatch(r"[a-z0-9][A-Za-z0-9_.-]{0,80}", filename) or ".." in filename:
        raise LayoutError(f"invalid file name {filename!r}")
    return f"{record_id}/{filename}"


def mime_type(name):
    """The MIME type of a store name, from its (fixed) extension."""
    return MIME_TYPES.get(name[name.rfind("."):], "application/octet-stream")


def candidates(recording):
    """Per kind, the URLs to try in order, as (url, file name) pairs; does no I/O."""
    rid = recording.record_id
    if not valid_record_id(rid):
        raise LayoutError(f"invalid record id {rid!r}")
    found = {}
    video = recording.format("video")
    if video and _origin(video.url):
        found["video"] = [(f"{_origin(video.url)}/playback/video/{rid}/video-0.m4v", "video.m4v")]
    presentation = recording.format("presentation")
    if presentation and _origin(presentation.url):
        base = f"{_origin(presentation.url)}/presentation/{rid}"
        found["webcams"] = [(f"{base}/video/webcams.{ext}", f"webcams.{ext}") for ext in ("mp4", "webm")]
        found["deskshare"] = [(f"{base}/deskshare/deskshare.{ext}", f"deskshare.{ext}") for ext in ("mp4", "webm")]
    return found


class FileLayout:
    """Picks the files of a recording and checks them with HEAD requests."""

    def __init__(self, session=None, timeout=(5, 30)):
        self.session = session or requests.Session()
        self.timeout = timeout
        self.heads = 0

    def files(self, recording, tracks=()) -> list[RemoteFile]:
        """The files to download for ``recording`` (video or webcams/deskshare, then captions)."""
        options = candidates(recording)
        chosen = self._first("video", recording, options.get("video", []))
        if not chosen:
            chosen = self._first("webcams", recording, options.get("webcams", []))
            chosen += self._first("deskshare", recording, options.get("deskshare", []))
        return chosen + self.captions(recording, tracks)

    def captions(self, recording, tracks):
        """The WebVTT caption tracks, one per valid language; their size is unknown (None).

        No HEAD here: bbb-web's caption links carry a single-use token (RecMetaXmlHelper.
        getRecordingsCaptionsJson; RedisStorageService.validateSingleUseCaptionToken deletes it on
        first use), so a HEAD would spend the token the download needs.
        """
        found, languages = [], set()
        for track in tracks:
            if not LANGUAGE.fullmatch(track.lang) or track.lang in languages or not _origin(track.href):
                continue
            languages.add(track.lang)
            name = store_name(recording.record_id, f"captions-{track.lang}.vtt")
            found.append(RemoteFile("captions", track.href, name, None, "text/vtt", track.lang, track.label))
        return found

    def head(self, url):
        """The size of ``url`` if it exists, None if it does not; raises LayoutError otherwise."""
        self.heads += 1
        try:
            response = self.session.head(url, timeout=self.timeout, allow_redirects=True,
                                         headers={"Accept-Encoding": "identity"})
        except requests.RequestException as error:
            raise LayoutError(f"HEAD {url}: {error}") from error
        if response.status_code in (404, 410):
            return None
        length = response.headers.get("Content-Length", "")
        if response.status_code != 200 or not length.isdigit():
            raise LayoutError(f"HEAD {url}: HTTP {response.status_code}, Content-Length {length!r}")
        return int(length)

    def _first(self, kind, recording, options):
        for url, filename in options:
            size = self.head(url)
            if size:
                name = store_name(recording.record_id, filename)
                return [RemoteFile(kind, url, name, size, mime_type(filename))]
        return []


def _origin(url):
    """``scheme://host[:port]`` of an http(s) URL, or '' for anything else."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""
