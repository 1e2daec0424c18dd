"""A full disk during a sync, for real (issue 16): a one-line error and exit code 3, the previous
catalog intact, no temporary files left, and the next run finishes the work without fetching again
what was already stored.

Two mechanisms: a small tmpfs mounted in a private mount namespace (``unshare``: as root, or in a
user namespace otherwise), grown between runs as an operator would make space; and a file size
limit (RLIMIT_FSIZE: writes fail with EFBIG), which also makes the catalog itself the write that
fails. Neither is skipped: if the namespace cannot be made, the test fails and says why.
"""

import hashlib
import json
import os
import resource
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.peers.bbb_server import BBBServer, FakeRecording, record_id

ROOT = Path(__file__).resolve().parents[2]
SECRET = "disk-secret"
FIRST = record_id(1, "m1")
LATER = [record_id(number, "m2") for number in (2, 3)]


@pytest.fixture
def server():
    with BBBServer(SECRET) as running:
        running.add(FakeRecording(FIRST, "m1", "Week 1", "webcams-only"))
        for number, rid in enumerate(LATER, start=2):
            running.add(FakeRecording(rid, "m2", f"Week {number}", "webcams-only"))
        yield running


def cli(server, out, *meetings):
    command = [sys.executable, "-m", "recordings_sync", "--url", server.api_url, "--secret", SECRET, "--out", str(out),
               "--no-renditions", "--no-lesson-packages", "--timeout", "20"]
    for meeting in meetings:
        command += ["--meeting", meeting]
    return command


def leftovers(out):
    """Temporary files anywhere under ``out`` (the resumable part of a download is not one)."""
    return sorted(str(path.relative_to(out)) for path in out.rglob("*")
                  if path.name.endswith(".tmp") or path.name.startswith(".incoming-"))


def check_catalog(server, out, must_have):
    """The catalog parses, lists ``must_have``, and every file it lists is whole in the store."""
    entries = {entry["record_id"]: entry for entry in json.loads((out / "catalog.json").read_text())}
    assert set(must_have) <= set(entries)
    for entry in entries.values():
        for item in entry["files"]:
            data = (out / item["name"]).read_bytes()
            assert len(data) == item["size"] and hashlib.sha256(data).hexdigest() == item["sha256"]
            assert item["sha256"] == server.sha256_of(f"/presentation/{entry['record_id']}/video/webcams.webm")
    return entries


def media_gets(server, rid):
    return [rng for method, path, rng in server.log if method == "GET" and path.startswith(f"/presentation/{rid}/")]


def one_line_error(stderr, reason):
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert lines[0].startswith(f"Stopped: {reason}") and "run again" in lines[0]


def test_a_full_tmpfs_stops_cleanly_and_the_next_run_finishes(server, tmp_path):
    disk, saved = tmp_path / "disk", tmp_path / "saved"
    disk.mkdir()
    saved.mkdir()
    out = disk / "out"
    steps = [  # (tmpfs size, meetings): enough room; too little for the new recordings; room made
        ("1m", ["m1"]), ("360k", ["m1", "m2"]), ("4m", ["m1", "m2"]),
    ]
    script = ["set -u", f"cd {shlex.quote(str(ROOT))}"]
    for number, (size, meetings) in enumerate(steps):
        verb = "mount -t tmpfs" if number == 0 else "mount -o remount"
        script += [
            f"{verb} -o size={size} tmpfs {shlex.quote(str(disk))} || exit 90",
            f"{shlex.join(cli(server, out, *meetings))} >{saved}/stdout-{number} 2>{saved}/stderr-{number}",
            f"echo $? >{saved}/rc-{number}",
            f"cp -a {shlex.quote(str(out))} {saved}/out-{number}",
        ]
    namespace = ["unshare", "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        namespace[1:1] = ["--user", "--map-root-user"]
    done = subprocess.run([*namespace, "sh", "-c", "\n".join(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"could not mount a small tmpfs in a private namespace: {done.stderr}"

    def step(number):
        return (int((saved / f"rc-{number}").read_text()), (saved / f"stderr-{number}").read_text(),
                saved / f"out-{number}")

    rc, stderr, first = step(0)
    assert rc == 0, stderr
    before = (first / "catalog.json").read_bytes()
    check_catalog(server, first, [FIRST])

    rc, stderr, full = step(1)
    assert rc == 3
    one_line_error(stderr, "No space left on device")
    entries = check_catalog(server, full, [FIRST])  # the previous catalog, or a later whole one
    assert leftovers(full) == []
    if set(entries) == {FIRST}:
        assert (full / "catalog.json").read_bytes() == before
    stored = [rid for rid in LATER if (full / rid / "webcams.webm").exists()]

    rc, stderr, finished = step(2)
    assert rc == 0, stderr
    assert set(check_catalog(server, finished, [FIRST, *LATER])) == {FIRST, *LATER}
    assert leftovers(finished) == [] and not any((finished / ".partial").rglob("*.part"))
    for rid in stored:  # saved before the disk filled up: adopted by the next run, not fetched again
        assert len(media_gets(server, rid)) == 1
    resumed = [rid for rid in LATER if any(rng for rng in media_gets(server, rid))]
    assert len(resumed) <= 1  # the download the disk cut short resumed from its part file, if it kept bytes


def limited(limit):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_file_size_limit_during_a_download(server, tmp_path):
    out = tmp_path / "out"
    assert subprocess.run(cli(server, out, "m1"), cwd=ROOT, capture_output=True, timeout=120).returncode == 0
    before = (out / "catalog.json").read_bytes()
    media = (server.media_dir / "webcams.webm").stat().st_size
    result = subprocess.run(cli(server, out, "m1", "m2"), cwd=ROOT, capture_output=True, text=True, timeout=120,
                            preexec_fn=limited(media - 20_000))
    assert result.returncode == 3
    one_line_error(result.stderr, "File too large")
    assert (out / "catalog.json").read_bytes() == before and leftovers(out) == []
    result = subprocess.run(cli(server, out, "m1", "m2"), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert set(check_catalog(server, out, [FIRST, *LATER])) == {FIRST, *LATER}


def test_a_catalog_too_large_to_write_keeps_the_previous_one(server, tmp_path):
    for rid in LATER:  # a long description makes the catalog larger than any media file
        server.recordings[rid].metadata = {"description": "lorem ipsum " * 12_000}
    out = tmp_path / "out"
    assert subprocess.run(cli(server, out, "m1"), cwd=ROOT, capture_output=True, timeout=120).returncode == 0
    before = (out / "catalog.json").read_bytes()
    media = (server.media_dir / "webcams.webm").stat().st_size
    result = subprocess.run(cli(server, out, "m1", "m2"), cwd=ROOT, capture_output=True, text=True, timeout=120,
                            preexec_fn=limited(media + 10_000))
    assert result.returncode == 3
    one_line_error(result.stderr, "File too large")
    assert leftovers(out) == []
    entries = check_catalog(server, out, [FIRST])
    if set(entries) == {FIRST}:
        assert (out / "catalog.json").read_bytes() == before
    assert all((out / rid / "webcams.webm").exists() for rid in LATER)  # media saved, not yet catalogued
    gets = len([1 for method, path, _rng in server.log if method == "GET" and "/presentation/" in path])
    result = subprocess.run(cli(server, out, "m1", "m2"), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert set(check_catalog(server, out, [FIRST, *LATER])) == {FIRST, *LATER}
    assert len([1 for method, path, _rng in server.log if method == "GET" and "/presentation/" in path]) == gets
