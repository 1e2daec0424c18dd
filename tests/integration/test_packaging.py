"""The wheel carries the package data and entry points an Open edX install needs."""

import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=out,
    )
    (path,) = out.glob("wikilearn_suite-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_contains_templates_static_and_packages(wheel):
    names = set(wheel.namelist())
    for block in ("rubric", "pitch_review", "timezone_poll"):
        assert f"xblocks/{block}/block.py" in names
        assert f"xblocks/{block}/templates/student.html" in names
        assert any(name.startswith(f"xblocks/{block}/public/") for name in names)
    assert "xblocks/common/public/wikilearn.js" in names
    assert "xblocks/common/public/wikilearn.css" in names
    assert "openedx_plugins/wikilearn/apps.py" in names
    assert "openedx_plugins/tutor/plugin.py" in names
    assert "openedx_plugins/tutor/patches/openedx-common-settings" in names
    assert "openedx_plugins/tutor/templates/wikilearn/tasks/lms/init" in names
    assert not any(name.startswith(("sandbox/", "tests/", "bench/")) for name in names)


def test_wheel_entry_points(wheel):
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    parser = configparser.ConfigParser()
    parser.read_string(wheel.read(entry_points).decode())
    assert set(parser["xblock.v1"]) == {"wikilearn_rubric", "wikilearn_pitch_review", "wikilearn_timezone_poll"}
    for group in ("lms.djangoapp", "cms.djangoapp"):
        assert set(parser[group]) == {"wikilearn", "wikilearn_recordings"}
    assert parser["tutor.plugin.v1"]["wikilearn"] == "openedx_plugins.tutor.plugin"
    assert "wikilearn_recordings" in parser["openedx.course_tab"]


def test_wheel_metadata_pins_the_platform(wheel):
    (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    text = wheel.read(metadata).decode()
    assert "Requires-Python: >=3.12" in text
    assert "Requires-Dist: Django<6,>=5.2" in text or "Requires-Dist: Django>=5.2,<6" in text
    assert "XBlock>=6.2" in text
