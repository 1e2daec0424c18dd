"""Rebuild ``sandbox/demo_media``: the demo recordings' media for machines without ffmpeg.

The local BigBlueButton server generates its media with ffmpeg. So that ``make run`` gives the demo
course recordings on a machine without ffmpeg, the repository ships that media, made by this
command: the server generates it, then every audio and video file is encoded again at a small size
(same containers and codecs, same durations) to keep the repository light.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sandbox.management.commands.sandbox_recordings import MEETING, SHIPPED_MEDIA

# Codecs per extension: what BigBlueButton publishes in that container.
SMALL = {
    ".webm": ["-c:v", "libvpx", "-b:v", "30k", "-c:a", "libopus", "-b:a", "16k"],
    ".m4v": ["-c:v", "libx264", "-preset", "veryslow", "-crf", "38", "-pix_fmt", "yuv420p", "-c:a", "aac",
             "-b:a", "24k", "-f", "mp4"],
    ".mp4": ["-c:v", "libx264", "-preset", "veryslow", "-crf", "38", "-pix_fmt", "yuv420p", "-c:a", "aac",
             "-b:a", "24k", "-f", "mp4"],
}
README = """Media of the sandbox's demo recordings, for machines without ffmpeg.

`make run` (`sandbox_recordings`) copies these files into var/bbb-media when ffmpeg is not installed,
so the local BigBlueButton server can publish the demo lessons without generating them.
Made by `python -m django sandbox_demo_media` (which needs ffmpeg); do not edit by hand.
"""


def encode_small(source, target):
    """Encode ``source`` again at a small size into ``target`` (video scaled to 160 px wide)."""
    command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(source), "-vf", "scale=160:-2",
               *SMALL[source.suffix], str(target)]
    subprocess.run(command, check=True)  # noqa: S603 - fixed arguments


class Command(BaseCommand):
    """Generate the demo media with the local BBB server and write a small copy to ``sandbox/demo_media``."""

    help = "Rebuild sandbox/demo_media (needs ffmpeg)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(SHIPPED_MEDIA), help="folder to write (replaced)")

    def handle(self, *args, **options):
        from tests.peers.bbb_server import demo_server  # noqa: PLC0415 - the sandbox only

        if not shutil.which("ffmpeg"):
            raise CommandError("sandbox_demo_media needs ffmpeg (apt-get install ffmpeg).")
        output = Path(options["output"])
        with tempfile.TemporaryDirectory() as work:
            generated = Path(work) / "media"
            demo_server("unused", media_dir=generated, meeting=MEETING).httpd.server_close()
            staging = Path(work) / "small"
            for source in sorted(generated.rglob("*")):
                target = staging / source.relative_to(generated)
                if not source.is_file() or source.name.startswith("."):
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                if source.suffix in SMALL:
                    encode_small(source, target)
                else:
                    shutil.copyfile(source, target)
            (staging / "README.md").write_text(README, encoding="utf-8")
            shutil.rmtree(output, ignore_errors=True)
            shutil.copytree(staging, output)
        size = sum(path.stat().st_size for path in output.rglob("*") if path.is_file())
        self.stdout.write(f"Wrote {output}: {sum(1 for p in output.rglob('*') if p.is_file())} files, {size} bytes.")
