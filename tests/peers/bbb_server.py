"""A local BigBlueButton API server for tests, benchmarks and the sandbox (HTTP on 127.0.0.1).

It checks checksums (sha1, sha256), serves ``getRecordings`` with paging and
``getRecordingTextTracks`` (tests.peers.bbb_api, answered as bbb-web does, single-use caption
links included), and serves playback files as nginx does (Range, If-Range, ETag, Last-Modified)
from media generated with ffmpeg (tests.peers.bbb_media). Faults can be injected per request:
drop the connection after N bytes, answer a status on the Nth request, stall, send a wrong
Content-Length, send malformed or FAILED XML, ignore paging. Every request is counted.

Run it alone: ``python -m tests.peers.bbb_server --port 8090 --secret S --media-dir D``.
"""

import argparse
import collections
import email.utils
import hashlib
import hmac
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from tests.peers.bbb_api import TEXT_TRACK_MODES, recordings_xml, select, text_tracks  # noqa: F401
from tests.peers.bbb_media import (  # noqa: F401 - re-exported: tests import them from here
    LAYOUTS,
    VTT,
    FakeRecording,
    default_media_dir,
    generate_media,
    record_id,
)


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
        self.text_tracks = "ok"  # how getRecordingTextTracks answers: one of bbb_api.TEXT_TRACK_MODES
        self.tokens = {}  # single-use caption token -> (record id, caption file name)
        self.validators = {"etag", "last-modified"}  # what file responses carry (nginx sends both)
        self.counts = collections.Counter()
        self.log = []  # (method, path, Range header) of every request
        self.if_ranges = []  # the If-Range header of every request (None if absent), in the same order
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.stalled = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = None

    @property
    def text_tracks_supported(self):
        """False when getRecordingTextTracks is answered as by a server without the call."""
        return self.text_tracks != "unsupported"

    @text_tracks_supported.setter
    def text_tracks_supported(self, value):
        self.text_tracks = "ok" if value else "unsupported"

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

    def downloads(self, captions=True):
        """GET requests for playback media and (unless ``captions`` is False) caption tracks."""
        media = self.count("/playback/video/") + self.count("/presentation/")
        return media + (self.count("/bigbluebutton/textTrack/") if captions else 0)

    def media_for(self, path):
        """The media file (Path) or caption text (str) served at ``path``, or None."""
        parts = path.strip("/").split("/")
        with self.lock:
            if path in self.static:
                return self.static[path]
            if len(parts) == 5 and parts[:2] == ["bigbluebutton", "textTrack"]:
                if self.tokens.pop(parts[2], None) != (parts[3], parts[4]):  # single use, as in bbb-web
                    return UNAUTHORIZED
                recording = self.recordings.get(parts[3])
                track = recording and recording.tracks.get(parts[4].removeprefix("subtitles_").removesuffix(".vtt"))
                return track[1] if track else None
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
        if media is UNAUTHORIZED:
            raise ValueError(f"{path}: a caption link is single use; hash the caption itself")
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


UNAUTHORIZED = object()  # media_for: a caption link whose single-use token is spent or unknown


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
                server.if_ranges.append(self.headers.get("If-Range"))
            self.fault = fault = server.fault_for(method, parts.path)
            if fault and fault.kind == "status":
                extra = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
                return self._send(fault.status, b"fault", "text/plain", extra)
            if parts.path.startswith("/bigbluebutton/api/"):
                return self._api(parts.path.rsplit("/", 1)[1], parts.query, fault)
            media = server.media_for(parts.path)
            if media is None:
                return self._send(404, b"not found", "text/plain")
            if media is UNAUTHORIZED:  # ApiController.checkTextTrackAuthToken, through nginx's auth_request
                return self._send(401, b"unauthorized", "text/plain")
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
                return self._xml(recordings_xml(server, select(server, params), params))
            if call == "getRecordingTextTracks":
                with server.lock:
                    return self._send(*text_tracks(server, params))
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
            size, etag = stat.st_size, f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'  # nginx's ETag
            modified = email.utils.formatdate(int(stat.st_mtime), usegmt=True)
            start, end, status = 0, size - 1, 200
            wanted = None if fault and fault.kind == "ignore_range" else self.headers.get("Range")
            if_range = None if fault and fault.kind == "ignore_if_range" else self.headers.get("If-Range")
            # nginx honours If-Range when it equals the ETag or the Last-Modified date it would send
            sent = {etag: "etag", modified: "last-modified"}
            if wanted and (not if_range or sent.get(if_range) in server.validators):
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
            if "etag" in server.validators:
                self.send_header("ETag", etag)
            elif "weak-etag" in server.validators:
                self.send_header("ETag", "W/" + etag)
            if "last-modified" in server.validators:
                self.send_header("Last-Modified", modified)
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
