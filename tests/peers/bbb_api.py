"""The local BigBlueButton server's API answers, shaped as bbb-web shapes them.

getRecordings is XML (paged with offset/limit, ``noRecordings`` when empty). getRecordingTextTracks
is JSON, answered as bbb-web does (the sources are cited beside ``text_tracks``).
"""

import hashlib
import json
import time
from xml.sax.saxutils import escape

from tests.peers.bbb_media import SECONDS


def recordings_xml(server, recordings, params):
    """The getRecordings body for a list of FakeRecording."""
    if not server.ignore_paging and "limit" in params:
        offset, limit = int(params.get("offset", 0)), min(int(params["limit"]), 100)
        recordings = recordings[offset:offset + limit]
    items = "".join(_recording_xml(server, recording) for recording in recordings)
    # as RecMetaXmlHelper.getRecordings2x (bbb-common-web/.../api2/util/RecMetaXmlHelper.scala)
    note = "" if recordings else ("<messageKey>noRecordings</messageKey>"
                                  "<message>There are no recordings for the meeting(s).</message>")
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


def select(server, params):
    meetings = set(filter(None, params.get("meetingID", "").split(",")))
    records = set(filter(None, params.get("recordID", "").split(",")))
    states = set(params.get("state", "published,unpublished").split(","))
    meta = {key[5:]: value for key, value in params.items() if key.startswith("meta_")}
    with server.lock:
        return [r for r in server.recordings.values()
                if (not meetings or r.meeting_id in meetings) and (not records or r.record_id in records)
                and ("any" in states or r.state in states)
                and all(r.metadata.get(key) == value for key, value in meta.items())]


# How a server answers getRecordingTextTracks (server.text_tracks):
#   "ok"           as bbb-web 2.2+ with recordings stored on disk (below)
#   "unsupported"  a server without the call: XML FAILED unsupportedRequest
#   "not_found"    a server (or proxy) that does not route the call: HTTP 404, HTML
#   "empty"        200 with an empty body: RecordingServiceDbImpl.getRecordingTextTracks returns null
#                  (bbb-common-web/src/main/java/org/bigbluebutton/api/service/impl/RecordingServiceDbImpl.java)
#                  and RecordingController renders that as the body
#   "no_captions"  every recording answers FAILED noCaptionsFound (captions.json unreadable)
#   "legacy_keys"  failures spelled as older bbb-common-web did, ``key``/``msg`` instead of
#                  ``messageKey``/``message`` (case class GetRecTextTracksResultFailed before it was renamed)
TEXT_TRACK_MODES = ("ok", "unsupported", "not_found", "empty", "no_captions", "legacy_keys")


def text_tracks(server, params):
    """(status, body, content type) of getRecordingTextTracks.

    bbb-web: RecordingController.getRecordingTextTracksHandler
    (bigbluebutton-web/grails-app/controllers/org/bigbluebutton/web/controllers/RecordingController.groovy)
    answers JSON, except for a missing recordID (XML FAILED ``missingParamRecordID``). It calls
    RecMetaXmlHelper.getRecordingTextTracks (bbb-common-web/src/main/scala/org/bigbluebutton/api2/util/
    RecMetaXmlHelper.scala): no captions directory for the id: FAILED ``noRecordings`` "No recording
    found for <id>"; captions.json unreadable: FAILED ``noCaptionsFound``; else SUCCESS and, per track,
    href = ``<server>/bigbluebutton/textTrack/<token>/<id>/<kind>_<lang>.vtt``
    (RecordingServiceFileImpl.getCaptionFileUrlDirectory) where the token is single use: nginx asks
    ApiController.checkTextTrackAuthToken, which answers 401 once RedisStorageService.
    validateSingleUseCaptionToken has deleted it (first use, HEAD or GET; expiry one hour).
    """
    mode = server.text_tracks
    if mode == "unsupported":
        return 200, (b"<response><returncode>FAILED</returncode><messageKey>unsupportedRequest</messageKey>"
                     b"<message>This request is not supported.</message></response>"), "text/xml"
    if mode == "not_found":
        return 404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html"
    if mode == "empty":
        return 200, b"", "application/json"
    record_id = params.get("recordID", "").strip()
    if not record_id:  # RecordingController.invalid(): withFormat's first block, XML, for a plain request
        return 200, (b"<response><returncode>FAILED</returncode><messageKey>missingParamRecordID</messageKey>"
                     b"<message>You must specify a recordID.</message></response>"), "text/xml"
    recording = server.recordings.get(record_id)
    if recording is None:
        return _tracks_failed(mode, "noRecordings", f"No recording found for {record_id}")
    if mode in ("no_captions", "legacy_keys"):
        return _tracks_failed(mode, "noCaptionsFound", f"No captions found for {record_id}")
    tracks = []
    for lang, (label, _text) in recording.tracks.items():
        caption = f"subtitles_{lang}.vtt"
        token = hashlib.sha1(f"{record_id}{caption}{time.time_ns()}".encode()).hexdigest()  # noqa: S324
        server.tokens[token] = (record_id, caption)
        tracks.append({"href": f"{server.url}/bigbluebutton/textTrack/{token}/{record_id}/{caption}",
                       "kind": "subtitles", "label": label, "lang": lang, "source": "upload"})
    return 200, json.dumps({"response": {"returncode": "SUCCESS", "tracks": tracks}}).encode(), "application/json"


def _tracks_failed(mode, key, message):
    names = ("key", "msg") if mode == "legacy_keys" else ("messageKey", "message")
    body = {"response": {"returncode": "FAILED", names[0]: key, names[1]: message}}
    return 200, json.dumps(body).encode(), "application/json"
