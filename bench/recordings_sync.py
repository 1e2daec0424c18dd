"""Benchmark recordings_sync: Downloader vs curl on a 1 GiB file, and a sync of 1,000 recordings.

Run: ``.venv/bin/python -m bench.recordings_sync``. Files go to bench/.work/recordings_sync (git-ignored).
"""

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.results import write_section
from recordings_sync.client import BBBClient
from recordings_sync.download import Downloader
from recordings_sync.engine import SyncEngine
from recordings_sync.local import JsonCatalog, LocalDirectoryStore
from tests.peers.bbb_server import BBBServer, FakeRecording, record_id

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "recordings_sync"
SIZE = 1024 ** 3
ROUNDS = 7
CHUNK = 4 * 1024 * 1024
# Downloads land on tmpfs when there is one: on a shared machine, other jobs' disk writes otherwise
# swing both clients' figures by 2-3x from one run to the next.
DEST = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else WORK
SECRET = "bench-secret"

CHILD = """
import json, resource, sys, time
from recordings_sync.download import Downloader
url, dest, chunk = sys.argv[1], sys.argv[2], int(sys.argv[3])
started = time.perf_counter()
result = Downloader(chunk_size=chunk).download(url, dest)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": elapsed, "size": result.size, "peak_rss": peak, "sha256": result.sha256}))
"""


def big_file():
    """A sparse 1 GiB file (reads as zeros, costs no disk)."""
    path = WORK / "big.bin"
    WORK.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.stat().st_size != SIZE:
        with open(path, "wb") as handle:
            handle.truncate(SIZE)
    return path


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_downloader(url, dest):
    """Download in a fresh Python process; returns its timing, CPU seconds and peak RSS."""
    dest.unlink(missing_ok=True)
    cpu = cpu_of_children()
    output = subprocess.run([sys.executable, "-c", CHILD, url, str(dest), str(CHUNK)], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    dest.unlink(missing_ok=True)
    return {**json.loads(output.stdout), "cpu": cpu_of_children() - cpu}


def run_curl(url, dest):
    """Download with curl; returns its wall-clock seconds (process start to exit) and CPU seconds."""
    dest.unlink(missing_ok=True)
    cpu = cpu_of_children()
    started = time.perf_counter()
    subprocess.run(["curl", "-sS", "--fail", "-o", str(dest), url], check=True)
    elapsed = time.perf_counter() - started
    assert dest.stat().st_size == SIZE
    dest.unlink(missing_ok=True)
    return {"seconds": elapsed, "cpu": cpu_of_children() - cpu}


def bench_download(server):
    """Alternate Downloader and curl runs on the same server; best of ROUNDS each."""
    server.static["/static/big.bin"] = big_file()
    url = server.url + "/static/big.bin"
    ours, curls = [], []
    load_before = os.getloadavg()
    for number in range(ROUNDS):  # alternate which goes first, so neither always follows the other
        pair = [lambda: ours.append(run_downloader(url, DEST / "wikilearn-bench-ours.bin")),
                lambda: curls.append(run_curl(url, DEST / "wikilearn-bench-curl.bin"))]
        for run in (pair if number % 2 == 0 else pair[::-1]):
            run()
    ours_rate = SIZE / min(item["seconds"] for item in ours) / 2**20
    curl_rate = SIZE / min(item["seconds"] for item in curls) / 2**20
    return {"ours": ours_rate, "curl": curl_rate, "ratio": ours_rate / curl_rate,
            "peak_rss": max(item["peak_rss"] for item in ours) / 2**20,
            "ours_median": SIZE / statistics.median(item["seconds"] for item in ours) / 2**20,
            "curl_median": SIZE / statistics.median(item["seconds"] for item in curls) / 2**20,
            "ours_cpu": statistics.median(item["cpu"] for item in ours),
            "curl_cpu": statistics.median(item["cpu"] for item in curls),
            "runs_ours": [round(SIZE / item["seconds"] / 2**20) for item in ours],
            "runs_curl": [round(SIZE / item["seconds"] / 2**20) for item in curls],
            "load": (load_before, os.getloadavg())}


def bench_sync(server):
    """990 recordings synced once, 10 new added, then the measured sync of all 1,000."""
    out = WORK / "sync"
    shutil.rmtree(out, ignore_errors=True)
    for number in range(990):
        server.add(FakeRecording(record_id(number, "bench"), "bench", f"Lesson {number}", "webcams-only"))

    def engine():
        client = BBBClient(server.api_url, SECRET)
        return client, SyncEngine(client, LocalDirectoryStore(out), JsonCatalog(out / "catalog.json"),
                                  downloader=Downloader(), work_dir=out / ".partial")

    client, first = engine()
    started = time.perf_counter()
    report = first.sync(meeting_ids=["bench"])
    initial = time.perf_counter() - started
    assert len(report.updated) == 990 and not report.failed
    for number in range(990, 1000):
        server.add(FakeRecording(record_id(number, "bench"), "bench", f"Lesson {number}", "webcams-only"))
    requests_before = sum(server.counts.values())
    pages_before = server.count("/bigbluebutton/api/getRecordings")
    client, second = engine()
    started = time.perf_counter()
    report = second.sync(meeting_ids=["bench"])
    elapsed = time.perf_counter() - started
    assert report.unchanged == 990 and len(report.updated) == 10 and not report.failed
    return {"initial": initial, "seconds": elapsed, "api_calls": client.calls, "heads": second.layout.heads,
            "downloads": report.downloads, "requests": sum(server.counts.values()) - requests_before,
            "pages": server.count("/bigbluebutton/api/getRecordings") - pages_before}


def main():
    """Run both benchmarks and write the RESULTS.md section."""
    with BBBServer(SECRET) as server:
        download = bench_download(server)
        sync = bench_sync(server)
    markdown = f"""## recordings_sync

`.venv/bin/python -m bench.recordings_sync`

**1 GiB download over HTTP on 127.0.0.1** (sparse file served with `sendfile` by the local BBB server;
{ROUNDS} interleaved runs each, alternating which client goes first, written to `{DEST}`; the
Downloader also computes sha256 in the same pass, curl does not; its CPU includes starting Python):

| client | MiB/s (best) | MiB/s (median) | CPU s (median, user+sys) | every run, MiB/s |
|---|---|---|---|---|
| `recordings_sync.Downloader` ({CHUNK // 2**20} MiB buffers) | {download["ours"]:.0f} \
| {download["ours_median"]:.0f} | {download["ours_cpu"]:.2f} | {", ".join(map(str, download["runs_ours"]))} |
| `curl -o` | {download["curl"]:.0f} | {download["curl_median"]:.0f} | {download["curl_cpu"]:.2f} \
| {", ".join(map(str, download["runs_curl"]))} |

Throughput ratio Downloader / curl: **{download["ratio"]:.2f}** best against best, \
{download["ours_median"] / download["curl_median"]:.2f} median against median (target >= 0.9).
Machine load average (1, 5, 15 min) before: {", ".join(f"{x:.2f}" for x in download["load"][0])}; \
after: {", ".join(f"{x:.2f}" for x in download["load"][1])} ({os.cpu_count()} cores, shared with other jobs).
The socket is read straight into reused buffers (no bytes object per read), each buffer is written once
and hashed by a second thread while the next one fills; the extra CPU over curl is sha256 (about 0.6 s
per GiB here). When no core is free the ratio falls towards the CPU ratio, curl / Downloader = \
{download["curl_cpu"] / download["ours_cpu"]:.2f}; the best runs are those that found a free core.
Peak RSS of the downloader process (Python, requests, 1 GiB file): **{download["peak_rss"]:.1f} MiB** (target < 64 MiB).

**Sync of 1,000 recordings, 990 unchanged** (10 new, webcams-only layout, renditions off):

| measure | value |
|---|---|
| time | {sync["seconds"]:.2f} s (the initial sync of the 990 took {sync["initial"]:.1f} s) |
| API calls | {sync["api_calls"]} ({sync["pages"]} `getRecordings` pages of 100, \
1 `getRecordingTextTracks` per recording) |
| HEAD requests | {sync["heads"]} (only for the 10 new recordings) |
| downloads | {sync["downloads"]} |
| HTTP requests seen by the server | {sync["requests"]} |
"""
    write_section("recordings_sync", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
