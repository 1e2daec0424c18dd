"""A local BigBlueButton API server for tests, benchmarks and the sandbox (HTTP on 127.0.0.1).

It checks checksums (sha1, sha256), serves ``getRecordings`` with paging and
``getRecordingTextTracks``, and serves playback files with Range support from media generated
with ffmpeg (a few seconds of test pattern and tone). Faults can be injected per request:
drop the connection after N bytes, answer a status on the Nth request, stall, send a wrong
Content-Length, send malformed or FAILED XML, ignore paging. Every request is counted.

Run it alone: ``python -m tests.peers.bbb_server --port 8090 --secret S --media-dir D``.
"""

import argparse
import collections
import fcntl
import hashlib
import hmac
import json
import os
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

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


@dataclass
class Fault:
    """A fault injected into matching requests: the ``nth`` match triggers it, ``times`` times (None: always)."""

    kind: str  # drop, status, stall, wrong_length, malformed_xml, failed_xml, ignore_range, ignore_if_range
    match: str = "/"
    method: str = "GET"
    nth: int = 1
    times: int | None = 1
    after_bytes: int = 0
    status: int = 503
    seconds: float = 0.0
    delta: int = 0
    retry_after: int = 0
    body: bytes = b"<response><returncode>SUCCESS</returncode><recordings><recording>"
    seen: int = 0
    fired: int = 0

    def triggers(self, method, path):
        if method != self.method or self.match not in path or (self.times is not None and self.fired >= self.times):
            return False
        self.seen += 1
        if self.seen >= self.nth:
            self.fired += 1
            return True
        return False


def record_id(number, meeting="meeting"):
    """A BigBlueButton-shaped record id (sha1 hex + '-' + epoch milliseconds)."""
    return f"{hashlib.sha1(f'{meeting}/{number}'.encode()).hexdigest()}-{1_700_000_000_000 + number}"  # noqa: S324


class BBBServer:
    """The server object tests drive: recordings, faults, request counts."""

    def __init__(self, secret="bbb-test-secret", media_dir=None, algorithms=("sha1", "sha256"), port=0):
        self.secret = secret
        self.algorithms = set(algorithms)
        self.media_dir = generate_media(media_dir)
        self.recordings = {}
        self.static = {}  # extra files: URL path -> Path (benchmarks serve big files this way)
        self.faults = []
        self.ignore_paging = False
        self.text_tracks_supported = True  # False: answer getRecordingTextTracks like BigBlueButton < 2.2
        self.counts = collections.Counter()
        self.log = []  # (method, path, Range header) of every request
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.stalled = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = None

    @property
    def url(self):
        """Root URL (where playback files live)."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def api_url(self):
        """The BigBlueButton API URL a client is configured with."""
        return self.url + "/bigbluebutton/api"

    def start(self):
        """Serve in a background thread."""
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        return self

    def stop(self):
        """Stop serving (stalled requests are released)."""
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def add(self, recording):
        """Add (or replace) a recording."""
        with self.lock:
            self.recordings[recording.record_id] = recording
        return recording

    def add_track(self, rid, lang, label, text="Hello"):
        """Attach a WebVTT caption track to a recording."""
        with self.lock:
            self.recordings[rid].tracks[lang] = (label, VTT.format(text=text))

    def inject(self, kind, **options):
        """Inject a fault (see Fault); returns it so a test can inspect ``fired``."""
        fault = Fault(kind, **options)
        with self.lock:
            self.faults.append(fault)
        return fault

    def clear_faults(self):
        """Remove every fault and release stalled requests."""
        with self.lock:
            self.faults.clear()

    def count(self, prefix="/", method="GET"):
        """How many requests with this method hit paths starting with ``prefix``."""
        with self.lock:
            return sum(n for (m, path), n in self.counts.items() if m == method and path.startswith(prefix))

    def downloads(self):
        """GET requests for playback media or captions (the bytes a sync would transfer)."""
        return self.count("/playback/video/") + self.count("/presentation/")

    def media_for(self, path):
        """The media file (Path) or caption text (str) served at ``path``, or None."""
        parts = path.strip("/").split("/")
        with self.lock:
            if path in self.static:
                return self.static[path]
            if len(parts) == 3 and parts[0] == "presentation" and parts[2].startswith("caption_"):
                recording = self.recordings.get(parts[1])
                track = recording and recording.tracks.get(parts[2][len("caption_"):].removesuffix(".vtt"))
                return track[1] if track else None
            for rid in parts[1:3]:  # /presentation/<rid>/... or /playback/video/<rid>/...
                recording = self.recordings.get(rid)
                media = recording and recording.state == "published" and recording.files().get(path.strip("/"))
                if media:
                    return self.media_dir / media
        return None

    def sha256_of(self, path):
        """sha256 of what the server serves at ``path`` (to compare with a download)."""
        media = self.media_for(path)
        data = media.encode() if isinstance(media, str) else media.read_bytes()
        return hashlib.sha256(data).hexdigest()

    def check(self, call, query):
        """True if the query carries a valid checksum for ``call``."""
        params = dict(parse_qsl(query, keep_blank_values=True))
        given = params.get("checksum", "")
        algorithm = {40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512"}.get(len(given))
        if algorithm not in self.algorithms:
            return False
        # BigBlueButton strips the checksum parameter from the raw query string, then hashes.
        signed = query.replace("&checksum=" + given, "").replace("checksum=" + given + "&", "")
        signed = signed.replace("checksum=" + given, "")
        return hmac.compare_digest(hashlib.new(algorithm, (call + signed + self.secret).encode()).hexdigest(), given)

    def fault_for(self, method, path):
        """The first fault this request triggers, if any."""
        with self.lock:
            return next((fault for fault in self.faults if fault.triggers(method, path)), None)


def recordings_xml(server, recordings, params):
    """The getRecordings body for a list of FakeRecording."""
    if not server.ignore_paging and "limit" in params:
        offset, limit = int(params.get("offset", 0)), min(int(params["limit"]), 100)
        recordings = recordings[offset:offset + limit]
    items = "".join(_recording_xml(server, recording) for recording in recordings)
    note = "" if recordings else "<messageKey>noRecordings</messageKey><message>There are no recordings.</message>"
    return f"<response><returncode>SUCCESS</returncode><recordings>{items}</recordings>{note}</response>"


def _recording_xml(server, recording):
    rid, end_ms = recording.record_id, recording.start_ms + SECONDS * 1000
    formats = [("presentation", f"{server.url}/playback/presentation/2.3/{rid}")]
    if recording.layout.startswith("video"):
        formats.append(("video", f"{server.url}/playback/video/{rid}/"))
    playback = "".join(f"<format><type>{kind}</type><url>{escape(url)}</url><processingTime>100</processingTime>"
                       f"<length>1</length></format>" for kind, url in formats)
    meta = "".join(f"<{key}>{escape(value)}</{key}>" for key, value in recording.metadata.items())
    published = "true" if recording.state == "published" else "false"
    return (f"<recording><recordID>{rid}</recordID><meetingID>{escape(recording.meeting_id)}</meetingID>"
            f"<internalMeetingID>{rid}</internalMeetingID><name>{escape(recording.name)}</name>"
            f"<isBreakout>false</isBreakout><published>{published}</published><state>{recording.state}</state>"
            f"<startTime>{recording.start_ms}</startTime><endTime>{end_ms}</endTime>"
            f"<participants>{recording.participants}</participants><metadata>{meta}</metadata>"
            f"<playback>{playback}</playback></recording>")


def _select(server, params):
    meetings = set(filter(None, params.get("meetingID", "").split(",")))
    records = set(filter(None, params.get("recordID", "").split(",")))
    states = set(params.get("state", "published,unpublished").split(","))
    meta = {key[5:]: value for key, value in params.items() if key.startswith("meta_")}
    with server.lock:
        return [r for r in server.recordings.values()
                if (not meetings or r.meeting_id in meetings) and (not records or r.record_id in records)
                and ("any" in states or r.state in states)
                and all(r.metadata.get(key) == value for key, value in meta.items())]


def _handler(server):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            # Headers and body go out in separate writes: without this, Nagle + delayed ACK add 40 ms a request.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, *args):
            pass

        def do_HEAD(self):
            self._serve("HEAD")

        def do_GET(self):
            self._serve("GET")

        def _serve(self, method):
            parts = urlsplit(self.path)
            with server.lock:
                server.counts[(method, parts.path)] += 1
                server.log.append((method, parts.path, self.headers.get("Range")))
            self.fault = fault = server.fault_for(method, parts.path)
            if fault and fault.kind == "status":
                extra = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
                return self._send(fault.status, b"fault", "text/plain", extra)
            if parts.path.startswith("/bigbluebutton/api/"):
                return self._api(parts.path.rsplit("/", 1)[1], parts.query, fault)
            media = server.media_for(parts.path)
            if media is None:
                return self._send(404, b"not found", "text/plain")
            if isinstance(media, str):
                return self._send(200, media.encode(), "text/vtt")
            self._file(media, method, fault)

        def _api(self, call, query, fault):
            if not server.check(call, query):
                return self._xml("<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey>"
                                 "<message>You did not pass the checksum security check</message></response>")
            if fault and fault.kind == "malformed_xml":
                return self._send(200, fault.body, "text/xml")
            if fault and fault.kind == "failed_xml":
                return self._xml("<response><returncode>FAILED</returncode><messageKey>internalError</messageKey>"
                                 "<message>Injected failure</message></response>")
            params = dict(parse_qsl(query, keep_blank_values=True))
            if call == "getRecordings":
                return self._xml(recordings_xml(server, _select(server, params), params))
            if call == "getRecordingTextTracks" and server.text_tracks_supported:
                recording = server.recordings.get(params.get("recordID", ""))
                if recording is None:
                    body = {"returncode": "FAILED", "messageKey": "noRecordings", "message": "No recording found"}
                else:
                    tracks = [{"href": f"{server.url}/presentation/{recording.record_id}/caption_{lang}.vtt",
                               "kind": "subtitles", "label": label, "lang": lang, "source": "upload"}
                              for lang, (label, _text) in recording.tracks.items()]
                    body = {"returncode": "SUCCESS", "tracks": tracks}
                return self._send(200, json.dumps({"response": body}).encode(), "application/json")
            return self._xml("<response><returncode>FAILED</returncode><messageKey>unsupportedRequest</messageKey>"
                             "<message>This request is not supported.</message></response>")

        def _xml(self, text):
            self._send(200, text.encode(), "text/xml")

        def _send(self, status, body, content_type, extra=None):
            fault = self.fault
            declared = len(body) + (fault.delta if fault and fault.kind == "wrong_length" else 0)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(declared))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if self.command == "HEAD":
                return
            if fault and fault.kind in ("drop", "stall", "wrong_length"):
                body = body[:fault.after_bytes] if fault.kind != "wrong_length" else body[:len(body) + fault.delta]
                self.close_connection = True
            self.wfile.write(body)
            self._stall(fault)

        def _stall(self, fault):
            if fault and fault.kind == "stall":
                server.stalled.set()
                deadline = time.monotonic() + fault.seconds
                while time.monotonic() < deadline and not server.stopping.is_set() and fault in server.faults:
                    time.sleep(0.05)

        def _file(self, path, method, fault):
            stat = path.stat()
            size, etag = stat.st_size, f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
            start, end, status = 0, size - 1, 200
            wanted = None if fault and fault.kind == "ignore_range" else self.headers.get("Range")
            if_range = None if fault and fault.kind == "ignore_if_range" else self.headers.get("If-Range")
            if wanted and (not if_range or if_range == etag):
                try:
                    first, last = wanted.removeprefix("bytes=").split("-")
                    start, end = (size - int(last), size - 1) if not first else (int(first), int(last or size - 1))
                except ValueError:
                    return self._send(400, b"bad range", "text/plain")
                if start >= size or start > end:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    return self.end_headers()
                end, status = min(end, size - 1), 206
            length = end - start + 1
            declared = length + (fault.delta if fault and fault.kind == "wrong_length" else 0)
            self.send_response(status)
            self.send_header("Content-Type", "video/webm" if path.suffix == ".webm" else "video/mp4")
            self.send_header("Content-Length", str(declared))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("ETag", etag)
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.end_headers()
            if method == "HEAD":
                return
            if fault and fault.kind in ("drop", "stall"):
                length = min(length, fault.after_bytes)
                self.close_connection = True
            if fault and fault.kind == "wrong_length":
                length = min(length, declared)
                self.close_connection = True
            with path.open("rb") as handle:
                self.connection.sendfile(handle, start, length)
            self._stall(fault)

    return Handler


def demo_server(secret, media_dir=None, port=0, meeting="wikilearn-demo"):
    """A server with a few demo recordings (both layouts, captions) for the sandbox."""
    server = BBBServer(secret, media_dir, port=port)
    layouts = ["video", "presentation", "webcams-only"]
    for number, layout in enumerate(layouts, start=1):
        server.add(FakeRecording(record_id(number, meeting), meeting, f"Lesson {number}", layout,
                                 start_ms=1_700_000_000_000 + number * 604_800_000, metadata={"course": "demo"}))
    server.add_track(record_id(1, meeting), "en", "English", "Welcome to the lesson.")
    from tests.peers.bbb_presentation import add_demo_lesson  # noqa: PLC0415 - imports this module

    add_demo_lesson(server, record_id(len(layouts) + 1, meeting), meeting, server.media_dir / "lesson",
                    start_ms=1_700_000_000_000 + (len(layouts) + 1) * 604_800_000)
    return server


def main(argv=None):
    """Command line: serve the demo recordings until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--media-dir", default=None)
    parser.add_argument("--meeting", default="wikilearn-demo")
    args = parser.parse_args(argv)
    server = demo_server(args.secret, args.media_dir, args.port, args.meeting)
    print(f"BigBlueButton API at {server.api_url} (meeting {args.meeting})", flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


if __name__ == "__main__":
    main()
