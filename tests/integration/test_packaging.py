"""The wheel carries the package data and entry points an Open edX install needs."""

import configparser
import re
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
    for page in ("course_page", "pager", "inbox", "progress", "feedback", "showcase"):
        assert f"openedx_plugins/wikilearn/templates/wikilearn/{page}.html" in names
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
    assert set(parser["openedx.course_tab"]) == {"wikilearn_recordings", "wikilearn_course_inbox",
                                                  "wikilearn_my_feedback"}


def requires(wheel):
    """The wheel's Requires-Dist lines as ``packaging`` requirements, and its Requires-Python."""
    from packaging.requirements import Requirement

    (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    text = wheel.read(metadata).decode()
    python = re.search(r"^Requires-Python: (.+)$", text, re.M).group(1)
    return [Requirement(line) for line in re.findall(r"^Requires-Dist: (.+)$", text, re.M)], python


def release_pins(release):
    """``{name: version}`` from requirements/constraints-<release>.txt."""
    pins = {}
    for line in (ROOT / "requirements" / f"constraints-{release}.txt").read_text().splitlines():
        found = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;#]+)", line)
        if found:
            pins[found.group(1).lower()] = found.group(2)
    return pins


@pytest.mark.parametrize("release, python", [("ulmo", "3.11"), ("verawood", "3.12")])
def test_wheel_installs_on_each_release_with_its_pins(wheel, release, python):
    """Each release's pinned XBlock, Django and edx-submissions satisfy the wheel, on that release's Python;
    web-fragments is required exactly where the pinned XBlock does not ship web_fragments itself."""
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    reqs, requires_python = requires(wheel)
    assert Version(python + ".0") in SpecifierSet(requires_python)
    pins = release_pins(release)
    marker_env = {"python_version": python, "python_full_version": python + ".0", "extra": ""}
    active = {req.name.lower(): req for req in reqs if req.marker is None or req.marker.evaluate(marker_env)}
    for name in ("xblock", "django", "edx-submissions", "edx-django-utils", "social-auth-core", "edx-opaque-keys"):
        assert name in pins, f"{release} pins no {name}"
        assert active[name].specifier.contains(pins[name]), f"{release} pins {name}=={pins[name]}"
    # XBlock 6.2.0 moved web_fragments into its own wheel (openedx/XBlock pyproject.toml packages.find
    # include "web_fragments*"); earlier versions require the web-fragments distribution instead.
    xblock_ships_web_fragments = Version(pins["xblock"]) >= Version("6.2")
    assert ("web-fragments" in active) is not xblock_ships_web_fragments
    assert ("web-fragments" in pins) is not xblock_ships_web_fragments


def test_running_environment_has_one_web_fragments_owner_for_the_suite():
    """What this venv installed for the suite: its own web-fragments requirement is active only when the
    installed XBlock lacks web_fragments (and pip check is clean: the Makefile's release venvs run it)."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.version import Version

    xblock = Version(metadata.version("XBlock"))
    files = [str(f) for f in metadata.files("XBlock") or []]
    assert any(f.startswith("web_fragments/") for f in files) is (xblock >= Version("6.2"))
    own = [Requirement(r) for r in metadata.requires("wikilearn-suite") or []]
    active = [r for r in own if r.name == "web-fragments" and (r.marker is None or r.marker.evaluate())]
    assert bool(active) is (xblock < Version("6.2")), (xblock, active)
    import web_fragments.fragment  # noqa: F401 - importable either way


def test_readme_states_the_releases_setup_and_constraints_declare():
    """The README's install section names the releases, Pythons and pins that the packaging declares."""
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Install"):]
    section = section[:section.index("\n## ", 3)]
    stated = re.findall(r"^\| (\w+) \| Tutor (\d+) \| Python (3\.\d+) \| XBlock ([\d.]+) \|", section, re.M)
    assert [release.lower() for release, *_ in stated] == ["ulmo", "verawood"], stated
    setup = (ROOT / "setup.py").read_text()
    requires_python = re.search(r'python_requires="([^"]+)"', setup).group(1)
    for release, tutor_major, python, xblock in stated:
        pins = release_pins(release.lower())
        assert Version(python + ".0") in SpecifierSet(requires_python)
        assert f'"Programming Language :: Python :: {python}"' in setup
        assert pins["xblock"] == xblock
        constraints = (ROOT / "requirements" / f"constraints-{release.lower()}.txt").read_text()
        assert f"tutor>={tutor_major},<{int(tutor_major) + 1}" in constraints
        assert f"PYTHON_VERSION_{release.lower()} := {python}" in (ROOT / "Makefile").read_text()
    from openedx_plugins.tutor.config import SUPPORTED_RELEASES

    assert {int(t): (r.lower(), p) for r, t, p, _x in stated} == SUPPORTED_RELEASES


def lock_pins(path):
    """``{name: version}`` from a compiled lock (pip-compile's ``name==version`` lines)."""
    pins = {}
    for line in (ROOT / path).read_text().splitlines():
        found = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;#]+)", line)
        if found:
            pins[found.group(1).lower()] = found.group(2)
    return pins


def test_each_release_has_a_lock_of_its_pins_and_test_txt_is_the_newest():
    """The Makefile's LOCK_<release> files are compiled from <release>.in and keep every edx-platform pin; the
    newest release's lock is requirements/test.txt, what .venv installs; the README names each lock."""
    makefile = (ROOT / "Makefile").read_text()
    locks = dict(re.findall(r"^LOCK_(\w+) := (\S+)$", makefile, re.M))
    releases = re.search(r"^RELEASES := (.+)$", makefile, re.M).group(1).split()
    assert sorted(locks) == sorted(releases)
    readme = (ROOT / "README.md").read_text()
    install = readme[readme.index("## Install"):]
    install = install[:install.index("\n## ", 3)]
    for release, path in locks.items():
        header = (ROOT / path).read_text().split("\n\n", 1)[0]
        assert f" {release}.in" in header, header  # pip-compile's command line
        pins, lock = release_pins(release), lock_pins(path)
        shared = [name for name in pins if name in lock]
        assert {name: lock[name] for name in shared} == {name: pins[name] for name in shared}
        assert {"xblock", "django", "social-auth-core", "social-auth-app-django"} <= set(lock)
        assert f"`{path}`" in install
    assert locks[releases[-1]] == "requirements/test.txt"
    assert "-r requirements/test.txt" in makefile and "$(VENV)/.installed: requirements/test.txt" in makefile
    assert not (ROOT / "requirements" / f"test-{releases[-1]}.txt").exists()  # one lock per release
    passes = re.search(r"^TEST_PASSES \?= (.+)$", makefile, re.M).group(1).split()
    assert {f"test-{release}" for release in releases} <= set(passes)
