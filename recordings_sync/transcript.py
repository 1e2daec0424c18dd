"""A plain-text transcript with timestamps from a WebVTT caption track.

BigBlueButton's captions (``getRecordingTextTracks``; the publish script copies ``caption_<lang>.vtt``)
are WebVTT: cues ``HH:MM:SS.mmm --> HH:MM:SS.mmm`` with optional identifiers, settings, ``NOTE``
and ``STYLE`` blocks and inline tags (``<v Name>``, ``<b>``, ``<c.class>``, timestamps). The
transcript keeps one line per cue, ``[H:MM:SS] text``, tags removed and entities decoded,
consecutive repeats (roll-up captions) merged.
"""

import html
import re

TIMING = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})\s+-->\s+(?:\d+:)?\d{1,2}:\d{2}[.,]\d{3}")
TAG = re.compile(r"<[^>]*>")
VOICE = re.compile(r"<v(?:\.[^ >]*)?\s+([^>]+)>")
MAX_CUES = 200_000


def clock(seconds):
    """``H:MM:SS`` for a number of seconds."""
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def cues(text):
    """(start seconds, text) of each cue of a WebVTT document, in order."""
    found = []
    for block in re.split(r"\r?\n\s*\r?\n", text.replace("\ufeff", "")):
        lines = block.strip().splitlines()
        for index, line in enumerate(lines):
            match = TIMING.match(line.strip())
            if match:
                hours, minutes, seconds, millis = (int(value or 0) for value in match.groups())
                body = " ".join(lines[index + 1:])
                body = VOICE.sub(lambda m: f"{m.group(1).strip()}: ", body)
                body = html.unescape(TAG.sub("", body))
                body = re.sub(r"\s+", " ", body).strip()
                if body:
                    found.append((hours * 3600 + minutes * 60 + seconds + millis / 1000, body))
                break
        if len(found) >= MAX_CUES:
            break
    return found


def transcript(vtt_text, title="", language=""):
    """The transcript of one caption track as text (ends with a newline)."""
    lines = []
    if title:
        lines += [f"{title}{f' ({language})' if language else ''}", ""]
    previous = None
    for start, body in cues(vtt_text):
        if body != previous:
            lines.append(f"[{clock(start)}] {body}")
        previous = body
    return "\n".join(lines) + "\n"
