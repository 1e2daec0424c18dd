"""Benchmark lesson packages on a generated one-hour lesson, beside the source and the 360p rendition.

The lesson (tests.peers.bbb_presentation, served by the local BBB server): a new slide every 2-5
minutes (seeded, so every run has the same plan), an annotation, a 6-minute screen share at 30
minutes, continuous voice, 640x480 webcams. Each file is made in a fresh Python process (so CPU
time and peak memory are its own and its ffmpeg children's), one after the other, the 360p and
audio-only renditions first as the peers. Run: ``.venv/bin/python -m bench.lesson_package``
(writes bench/RESULTS.md, section lesson_package). Generated files stay in
bench/.work/lesson_package (git-ignored) for the next run.
"""

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.results import write_section  # noqa: E402
from tests.peers.bbb_presentation import LessonOptions, lesson_recording, publish_lesson  # noqa: E402
from tests.peers.bbb_server import BBBServer, record_id  # noqa: E402

WORK = ROOT / "bench" / ".work" / "lesson_package"
SECONDS = 3600.0
SECRET = "bench-secret"
RID = record_id(1, "bench-lessons")

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from recordings_sync.client import BBBClient
from recordings_sync.engine import SyncedFile
from recordings_sync.lesson_package import LessonPackager
from recordings_sync.renditions import Renditions
kind, api, folder, out = sys.argv[1], sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
webcams, deskshare = folder / "video" / "webcams.webm", folder / "deskshare" / "deskshare.webm"
out.mkdir(parents=True, exist_ok=True)
if kind == "lowres":
    path = Renditions().low_res(webcams, out / "lowres-360p.mp4")
elif kind == "audio":
    path = Renditions().audio_only(webcams, out / "audio.opus")
else:
    recording = next(BBBClient(api, "bench-secret").recordings(["bench-lessons"]))
    files = [SyncedFile("webcams", "x/webcams.webm", 1, "a" * 64, "video/webm"),
             SyncedFile("deskshare", "x/deskshare.webm", 1, "b" * 64, "video/webm"),
             SyncedFile("captions", "x/captions-en.vtt", 1, "c" * 64, "text/vtt", "en", "English")]
    local = {"webcams": webcams, "deskshare": deskshare, "captions": folder / "captions-en.vtt"}
    result = LessonPackager(kinds=(kind,)).make(recording, files, lambda item: local[item.kind], out)
    assert not result.problems, result.problems
    path = result.files[-1].path
own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"size": path.stat().st_size, "cpu": own.ru_utime + own.ru_stime + children.ru_utime
                  + children.ru_stime, "peak": max(own.ru_maxrss, children.ru_maxrss) * 1024}))
"""


def schedule():
    """A new slide every 2-5 minutes (slide 4 again after slide 20), a 6-minute screen share at 30 min."""
    chance, moment, plan, number = random.Random(19), 0.0, [], 1
    while moment < SECONDS:
        length = chance.uniform(120, 300)
        if 1800 <= moment < 1800 + 300 and not any(item[2] == "deskshare" for item in plan):
            plan.append((round(moment, 1), round(moment + 360, 1), "deskshare"))
            moment += 360
            continue
        slide = number if number <= 20 else 4
        plan.append((round(moment, 1), round(min(moment + length, SECONDS), 1), slide))
        moment, number = moment + length, number + 1
    if not any(item[2] == 2 for item in plan):
        raise AssertionError("slide 2 (the annotated one) must be shown")
    return plan


def lesson(server):
    """Generate (once) and publish the one-hour lesson; returns its folder."""
    plan = schedule()
    texts = {number: f"Slide {number}: partnership building\nPoint {number}.1\nPoint {number}.2"
             for number in {item[2] for item in plan if item[2] != "deskshare"}}
    options = LessonOptions(seconds=SECONDS, schedule=plan, slide_text=texts, webcam_size="640x480",
                            webcam_bitrate="300k")
    folder = WORK / "bbb" / "presentation" / RID
    recording = lesson_recording(RID, "bench-lessons", "One-hour lesson")
    if (folder / "video" / "webcams.webm").exists():
        for path in folder.rglob("*"):
            if path.is_file():
                server.static["/" + path.relative_to(WORK / "bbb").as_posix()] = path
        server.add(recording)
    else:
        publish_lesson(server, recording, WORK / "bbb", options, captions=False)
    captions = "WEBVTT\n\n" + "".join(f"{minute // 60:02d}:{minute % 60:02d}:00.000 --> "
                                      f"{minute // 60:02d}:{minute % 60:02d}:05.000\nWe talk about point {minute}.\n\n"
                                      for minute in range(60))
    (folder / "captions-en.vtt").write_text(captions, encoding="utf-8")
    return folder, plan


def run(kind, api, folder):
    out = WORK / "out" / kind
    shutil.rmtree(out, ignore_errors=True)
    result = subprocess.run([sys.executable, "-c", CHILD, kind, api, str(folder), str(out)], capture_output=True,
                            text=True, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{kind}: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    WORK.mkdir(parents=True, exist_ok=True)
    with BBBServer(SECRET) as server:
        folder, plan = lesson(server)
        source = sum((folder / name).stat().st_size for name in ("video/webcams.webm", "deskshare/deskshare.webm"))
        figures = {kind: run(kind, server.api_url, folder)
                   for kind in ("lowres", "audio", "slides", "slidesvideo", "transcript")}
    lowres = figures["lowres"]["size"]
    names = {"lowres": "360p rendition (peer)", "audio": "audio-only Opus (peer)", "slides": "slides PDF",
             "slidesvideo": "slides-and-voice MP4", "transcript": "transcript (text)"}
    rows = ["| file | size | vs source | vs 360p | at 256 kbit/s | CPU s per hour of lesson | peak memory |",
            "|---|---:|---:|---:|---:|---:|---:|",
            f"| source (webcams.webm + deskshare.webm) | {source / 1e6:.1f} MB | 1 | {source / lowres:.2f} | "
            f"{source * 8 / 256_000 / 60:.0f} min | — | — |"]
    for kind, figure in figures.items():
        rows.append(f"| {names[kind]} | {figure['size'] / 1e6:.2f} MB | {figure['size'] / source:.3f} | "
                    f"{figure['size'] / lowres:.3f} | {figure['size'] * 8 / 256_000 / 60:.1f} min | "
                    f"{figure['cpu'] / (SECONDS / 3600):.1f} | {figure['peak'] / 1e6:.0f} MB |")
    slides = len({item[2] for item in plan if item[2] != "deskshare"})
    markdown = (f"## Lesson packages (`bench/lesson_package.py`)\n\nA generated one-hour lesson: {len(plan)} showings "
                f"({slides} slides changing every 2-5 minutes, one annotated, and a 6-minute screen "
                "share), continuous voice, 640x480 webcams at 300 kbit/s. Each file made once in its own process "
                "(CPU = the process and its ffmpeg children; peak = the larger resident set of the two).\n\n"
                + "\n".join(rows))
    write_section("lesson_package", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
