"""A small BigBlueButton API client: signed calls, paged ``getRecordings``, text tracks.

The checksum BigBlueButton checks is ``hexdigest(call_name + query_string + secret)`` where
``query_string`` is exactly the urlencoded query sent (without the ``checksum`` parameter), so
the client builds the query string once, signs it and sends those very bytes.
"""

import datetime
import hashlib
import json
import logging
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

import requests
import urllib3
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

log = logging.getLogger(__name__)

ALGORITHMS = ("sha1", "sha256", "sha384", "sha512")
MAX_RESPONSE_BYTES = 64 * 1024 * 1024


class BBBResponseError(Exception):
    """The server answered something unusable (HTTP error, malformed body); ``status`` is the HTTP status if any."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class BBBError(Exception):
    """BigBlueButton answered ``returncode=FAILED``; carries its ``messageKey`` and message."""

    def __init__(self, message_key, message):
        super().__init__(f"{message_key}: {message}")
        self.message_key = message_key
        self.message = message


@dataclass(frozen=True)
class PlaybackFormat:
    """One published playback format of a recording (``presentation``, ``video``, ...)."""

    type: str
    url: str
    length: int  # minutes, as BigBlueButton reports it


@dataclass(frozen=True)
class TextTrack:
    """A caption or subtitle track (WebVTT) attached to a recording."""

    href: str
    kind: str
    label: str
    lang: str
    source: str = ""


@dataclass(frozen=True)
class Recording:
    """One recording as ``getRecordings`` describes it."""

    record_id: str
    meeting_id: str
    name: str
    state: str
    published: bool
    start: datetime.datetime | None
    end: datetime.datetime | None
    participants: int
    metadata: dict = field(default_factory=dict)
    formats: tuple = ()

    def format(self, type_):
        """The playback format of this type, or None."""
        return next((item for item in self.formats if item.type == type_), None)


def checksum(algorithm, call_name, query_string, secret):
    """BigBlueButton's checksum of one call: hexdigest(call name + query string + secret)."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unsupported checksum algorithm {algorithm!r}; use one of {', '.join(ALGORITHMS)}")
    return hashlib.new(algorithm, (call_name + query_string + secret).encode("utf-8")).hexdigest()


class BBBClient:
    """Signed calls to one BigBlueButton server's API (``.../bigbluebutton/api/``)."""

    page_size = 100
    max_pages = 10_000
    max_seconds = 300

    def __init__(self, url, secret, checksum="sha256", session=None, timeout=(5, 30)):
        if checksum not in ALGORITHMS:
            raise ValueError(f"unsupported checksum algorithm {checksum!r}")
        base = url.rstrip("/")
        self.api_url = (base if base.endswith("/api") else base + "/api") + "/"
        self.secret = secret
        self.algorithm = checksum
        self.session = session or requests.Session()
        self.timeout = timeout
        self.calls = 0

    def url_for(self, call_name, params=()):
        """The signed URL of one call; ``params`` is a mapping or a sequence of pairs, kept in order."""
        pairs = [(key, value) for key, value in (params.items() if isinstance(params, Mapping) else params)]
        query = urlencode([(key, str(value)) for key, value in pairs if value is not None])
        signature = checksum(self.algorithm, call_name, query, self.secret)
        return f"{self.api_url}{call_name}?{query}&checksum={signature}" if query else (
            f"{self.api_url}{call_name}?checksum={signature}"
        )

    def get(self, call_name, params=()):
        """Send one signed GET and return the response body (bytes); raise on transport errors.

        Besides the connect/read timeouts, the whole answer must arrive within ``max_seconds``, so
        a server trickling bytes cannot hold a sync forever.
        """
        url = self.url_for(call_name, params)
        request = requests.Request("GET", url).prepare()
        request.url = url  # send the very bytes that were signed, whatever requests would requote
        settings = self.session.merge_environment_settings(url, {}, True, None, None)  # stream, proxies, CA bundle
        self.calls += 1
        deadline = time.monotonic() + self.max_seconds
        try:
            with self.session.send(request, timeout=self.timeout, **settings) as response:
                if response.status_code >= 400:
                    raise BBBResponseError(f"{call_name}: HTTP {response.status_code}", response.status_code)
                body = bytearray()
                while chunk := response.raw.read1(64 * 1024, decode_content=True):  # returns what has arrived
                    body += chunk
                    if len(body) > MAX_RESPONSE_BYTES:
                        raise BBBResponseError(f"{call_name}: response larger than {MAX_RESPONSE_BYTES} bytes")
                    if time.monotonic() > deadline:
                        raise BBBResponseError(f"{call_name}: no complete answer within {self.max_seconds} s")
                return bytes(body)
        except (requests.RequestException, urllib3.exceptions.HTTPError, ConnectionError, TimeoutError) as error:
            raise BBBResponseError(f"{call_name}: {error!r}") from error

    def call(self, call_name, params=()):
        """A signed XML call; returns the ``<response>`` element or raises BBBError / BBBResponseError."""
        return parse_response(self.get(call_name, params))

    def recordings(self, meeting_ids=None, record_ids=None, state="published", meta=None) -> Iterator[Recording]:
        """Every recording matching the filters, over all pages; copes with servers that ignore paging."""
        params = [
            ("meetingID", ",".join(meeting_ids) if meeting_ids else None),
            ("recordID", ",".join(record_ids) if record_ids else None),
            ("state", ",".join(state) if isinstance(state, list | tuple) else state),
        ]
        params += [(f"meta_{key}", value) for key, value in (meta or {}).items()]
        seen = set()
        for page_number in range(self.max_pages):
            paging = [("offset", page_number * self.page_size), ("limit", self.page_size)]
            page = parse_recordings(self.call("getRecordings", params + paging))
            new = [recording for recording in page if recording.record_id not in seen]
            yield from new
            seen.update(recording.record_id for recording in new)
            if len(page) < self.page_size or not new:
                return  # last page, or a server repeating itself because it ignores offset/limit
        log.warning("getRecordings: stopped after %d pages", self.max_pages)

    def text_tracks(self, record_id) -> list[TextTrack]:
        """The caption tracks of one recording (``getRecordingTextTracks`` answers JSON).

        A server too old for this call answers XML ``unsupportedRequest``, raised as BBBError.
        """
        body = self.get("getRecordingTextTracks", [("recordID", record_id)])
        if body.lstrip()[:1] == b"<":
            parse_response(body)  # FAILED raises BBBError with BBB's messageKey
            raise BBBResponseError("getRecordingTextTracks: XML where JSON was expected")
        return parse_text_tracks(body)


def parse_response(body):
    """Parse a BigBlueButton XML body safely; FAILED becomes BBBError, anything unusable BBBResponseError."""
    try:
        root = fromstring(body)
    except (ParseError, DefusedXmlException, ValueError, UnicodeError) as error:
        raise BBBResponseError(f"malformed XML: {error}") from error
    if root.tag != "response":
        raise BBBResponseError(f"unexpected root element <{root.tag}>")
    returncode = _text(root, "returncode")
    if returncode == "FAILED":
        raise BBBError(_text(root, "messageKey"), _text(root, "message"))
    if returncode != "SUCCESS":
        raise BBBResponseError(f"unexpected returncode {returncode!r}")
    return root


def parse_recordings(root) -> list[Recording]:
    """The ``<recording>`` elements of a getRecordings response as Recording objects."""
    container = root.find("recordings")
    if container is None:
        return []  # BigBlueButton omits or empties it when nothing matches (messageKey noRecordings)
    return [_recording(element) for element in container.findall("recording")]


def parse_text_tracks(body) -> list[TextTrack]:
    """Parse a getRecordingTextTracks JSON body."""
    try:
        response = json.loads(body)["response"]
        if response.get("returncode") == "FAILED":
            # bbb-common-web's GetRecTextTracksResultFailed spelled these ``key`` and ``msg`` before it
            # renamed them ``messageKey`` and ``message`` (api2/domain/TextTracks.scala): read both.
            raise BBBError(str(response.get("messageKey", response.get("key", ""))),
                           str(response.get("message", response.get("msg", ""))))
        if response.get("returncode") != "SUCCESS":
            raise BBBResponseError(f"unexpected returncode {response.get('returncode')!r}")
        return [
            TextTrack(str(item["href"]), str(item.get("kind", "")), str(item.get("label", "")), str(item["lang"]),
                      str(item.get("source", "")))
            for item in response.get("tracks") or []
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BBBResponseError(f"malformed text tracks response: {error!r}") from error


def _recording(element):
    record_id = _text(element, "recordID")
    if not record_id:
        raise BBBResponseError("recording without recordID")
    try:
        metadata = {child.tag: (child.text or "").strip() for child in element.findall("metadata/*")}
        formats = tuple(
            PlaybackFormat(_text(item, "type"), _text(item, "url"), int(_text(item, "length") or 0))
            for item in element.findall("playback/format")
        )
        return Recording(
            record_id=record_id,
            meeting_id=_text(element, "meetingID"),
            name=_text(element, "name"),
            state=_text(element, "state") or ("published" if _text(element, "published") == "true" else ""),
            published=_text(element, "published") == "true",
            start=_timestamp(_text(element, "startTime")),
            end=_timestamp(_text(element, "endTime")),
            participants=int(_text(element, "participants") or 0),
            metadata=metadata,
            formats=formats,
        )
    except (ValueError, OverflowError, OSError) as error:
        raise BBBResponseError(f"recording {record_id!r}: {error}") from error


def _timestamp(value):
    """BigBlueButton's epoch milliseconds as an aware UTC datetime."""
    if not value:
        return None
    return datetime.datetime.fromtimestamp(int(value) / 1000, tz=datetime.UTC)


def _text(element, path):
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""
