"""recordings_sync.client without a server: checksum vectors, parsing, fuzzed XML, no Django."""

import datetime
import hashlib
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recordings_sync.client import (
    BBBClient,
    BBBError,
    BBBResponseError,
    checksum,
    parse_recordings,
    parse_response,
    parse_text_tracks,
)

DOC_SECRET = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"
DOC_PARAMS = [("name", "Test Meeting"), ("meetingID", "abc123"), ("attendeePW", "111222"), ("moderatorPW", "333444")]
ESCAPED = [("meetingID", "Lesson 1 & 2,b"), ("meta_title", "Ünïcode café/?=")]
ESCAPED_QUERY = "meetingID=Lesson+1+%26+2%2Cb&meta_title=%C3%9Cn%C3%AFcode+caf%C3%A9%2F%3F%3D"

SAMPLE = b"""<response><returncode>SUCCESS</returncode><recordings><recording>
<recordID>ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124</recordID>
<meetingID>c637ba21adcd0191f48f5c4bf23fab0f96ed5c18</meetingID>
<internalMeetingID>ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124</internalMeetingID>
<name>Fred&apos;s Room</name><isBreakout>false</isBreakout><published>true</published><state>published</state>
<startTime>1530718721124</startTime><endTime>1530718810456</endTime><participants>3</participants>
<metadata><isBreakout>false</isBreakout><meetingName>Fred's Room</meetingName><course>wiki &amp; you</course></metadata>
<playback><format><type>presentation</type>
<url>https://demo.bigbluebutton.org/playback/presentation/2.3/ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124</url>
<processingTime>7177</processingTime><length>2</length></format>
<format><type>video</type><url>https://demo.bigbluebutton.org/playback/video/x/</url><length>2</length></format>
</playback></recording></recordings></response>"""


def test_checksum_matches_the_bigbluebutton_documentation_example():
    # From the BigBlueButton API documentation ("Usage" / checksum example), sha1.
    client = BBBClient("https://bbb.example.org/bigbluebutton/", DOC_SECRET, checksum="sha1")
    url = client.url_for("create", DOC_PARAMS)
    assert url == ("https://bbb.example.org/bigbluebutton/api/create?name=Test+Meeting&meetingID=abc123"
                   "&attendeePW=111222&moderatorPW=333444&checksum=1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17")


@pytest.mark.parametrize(("algorithm", "call", "params", "expected"), [
    ("sha256", "create", DOC_PARAMS, "da9185f7f333cfdfcd6eeac32dca3777510c4c436020d8b887ba5515bd1d189e"),
    ("sha1", "getRecordings", ESCAPED, "ecc56eb486388fc6806922399a0798d9679b0cb5"),
    ("sha256", "getRecordings", ESCAPED, "dd72074742990c06f8d073744ef77fe50805fb9d5b039454c1a3dea4d9b72c67"),
])
def test_checksum_vectors_with_url_escaping(algorithm, call, params, expected):
    client = BBBClient("https://bbb.example.org/bigbluebutton/api/", DOC_SECRET, checksum=algorithm)
    url = client.url_for(call, params)
    query = url.split("?", 1)[1].rsplit("&checksum=", 1)[0]
    if params is ESCAPED:
        assert query == ESCAPED_QUERY  # spaces as '+', '&' ',' '/' '?' '=' and UTF-8 percent-escaped
    assert url.endswith("&checksum=" + expected)
    assert checksum(algorithm, call, query, DOC_SECRET) == expected
    assert hashlib.new(algorithm, f"{call}{query}{DOC_SECRET}".encode()).hexdigest() == expected


def test_api_url_is_normalised_and_unknown_algorithms_refused():
    assert BBBClient("https://b.example/bigbluebutton", "s").api_url == "https://b.example/bigbluebutton/api/"
    assert BBBClient("https://b.example/bigbluebutton/api", "s").api_url == "https://b.example/bigbluebutton/api/"
    with pytest.raises(ValueError):
        BBBClient("https://b.example/bigbluebutton", "s", checksum="md5")


def test_url_without_parameters_signs_the_empty_query():
    url = BBBClient("https://b.example/bigbluebutton/", "secret", checksum="sha1").url_for("getMeetings")
    assert url == f"https://b.example/bigbluebutton/api/getMeetings?checksum={hashlib.sha1(b'getMeetingssecret').hexdigest()}"


def test_recordings_are_parsed_into_dataclasses():
    [recording] = parse_recordings(parse_response(SAMPLE))
    assert recording.record_id == "ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124"
    assert recording.meeting_id == "c637ba21adcd0191f48f5c4bf23fab0f96ed5c18"
    assert recording.name == "Fred's Room"
    assert recording.published is True and recording.state == "published"
    assert recording.start == datetime.datetime(2018, 7, 4, 15, 38, 41, 124000, tzinfo=datetime.UTC)
    assert recording.end - recording.start == datetime.timedelta(milliseconds=89332)
    assert recording.participants == 3
    assert recording.metadata == {"isBreakout": "false", "meetingName": "Fred's Room", "course": "wiki & you"}
    assert [(f.type, f.length) for f in recording.formats] == [("presentation", 2), ("video", 2)]
    assert recording.format("video").url == "https://demo.bigbluebutton.org/playback/video/x/"
    assert recording.format("podcast") is None


def test_no_recordings_is_an_empty_list():
    body = (b"<response><returncode>SUCCESS</returncode><recordings/><messageKey>noRecordings</messageKey>"
            b"<message>There are no recordings for the meeting(s).</message></response>")
    assert parse_recordings(parse_response(body)) == []


def test_failed_becomes_bbb_error_with_message_key():
    body = (b"<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey>"
            b"<message>You did not pass the checksum security check</message></response>")
    with pytest.raises(BBBError) as caught:
        parse_response(body)
    assert caught.value.message_key == "checksumError"
    assert caught.value.message == "You did not pass the checksum security check"


@pytest.mark.parametrize("body", [
    b"", b"<response>", b"not xml", b"<other><returncode>SUCCESS</returncode></other>",
    b"<response><returncode>MAYBE</returncode></response>",
    b"<response><returncode>SUCCESS</returncode><recordings><recording><name>x</name></recording></recordings>"
    b"</response>",
    SAMPLE.replace(b"1530718721124</startTime>", b"soon</startTime>"),
    SAMPLE.replace(b"<participants>3", b"<participants>three"),
    SAMPLE.replace(b"1530718721124</startTime>", b"9" * 40 + b"</startTime>"),
])
def test_malformed_responses_raise_a_clean_error(body):
    with pytest.raises(BBBResponseError):
        parse_recordings(parse_response(body))


def test_entity_expansion_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b"<response><returncode>&lol2;</returncode></response>")
    with pytest.raises(BBBResponseError):
        parse_response(bomb)
    external = b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><response><returncode>&x;</returncode></response>'
    with pytest.raises(BBBResponseError):
        parse_response(external)


def test_text_tracks_json():
    body = (b'{"response":{"returncode":"SUCCESS","tracks":[{"href":"https://b.example/presentation/r/caption_en.vtt",'
            b'"kind":"subtitles","label":"English","lang":"en","source":"upload"}]}}')
    [track] = parse_text_tracks(body)
    assert (track.lang, track.label, track.kind) == ("en", "English", "subtitles")
    with pytest.raises(BBBError) as caught:
        parse_text_tracks(b'{"response":{"returncode":"FAILED","messageKey":"noRecordings","message":"none"}}')
    assert caught.value.message_key == "noRecordings"
    # older bbb-common-web (GetRecTextTracksResultFailed with ``key`` and ``msg`` fields, serialised by Gson)
    with pytest.raises(BBBError) as caught:
        parse_text_tracks(b'{"response":{"returncode":"FAILED","key":"noCaptionsFound",'
                          b'"msg":"No captions found for r"}}')
    assert (caught.value.message_key, caught.value.message) == ("noCaptionsFound", "No captions found for r")
    for bad in (b"", b"[]", b'{"response":{"returncode":"SUCCESS","tracks":[{"kind":"x"}]}}', b'{"response":3}'):
        with pytest.raises(BBBResponseError):
            parse_text_tracks(bad)


def _parse(body):
    try:
        return parse_recordings(parse_response(body))
    except (BBBError, BBBResponseError):
        return None


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=400))
def test_fuzzed_bytes_give_a_clean_exception_or_recordings(body):
    result = _parse(body)
    assert result is None or isinstance(result, list)


@FUZZ
@given(st.integers(min_value=0, max_value=len(SAMPLE)), st.binary(max_size=20), st.integers(0, 40))
def test_fuzzed_mutations_of_a_real_response(position, insert, cut):
    body = SAMPLE[:position] + insert + SAMPLE[position + cut:]
    result = _parse(body)
    assert result is None or all(recording.record_id for recording in result)


@FUZZ
@given(st.dictionaries(st.sampled_from(["recordID", "startTime", "endTime", "participants", "published", "length",
                                        "name", "state", "type", "url"]), st.text(max_size=30)))
def test_fuzzed_field_values(values):
    body = SAMPLE.decode()
    for tag, value in values.items():
        escaped = value.replace("&", "&amp;").replace("<", "&lt;")
        start, end = body.find(f"<{tag}>") + len(tag) + 2, body.find(f"</{tag}>")
        body = body[:start] + escaped + body[end:]
    _parse(body.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(["response", "returncode", "tracks", "href", "lang", "messageKey"]), inner,
                        max_size=4), max_leaves=12))
def test_fuzzed_text_track_json_gives_a_clean_exception_or_tracks(value):
    import json

    try:
        tracks = parse_text_tracks(json.dumps(value).encode())
    except (BBBError, BBBResponseError):
        return
    assert isinstance(tracks, list)


def test_package_imports_without_django():
    code = ("import sys, recordings_sync, recordings_sync.__main__, recordings_sync.engine;"
            "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
