"""The demo course archive (`make demo-course`): OLX Studio can import, every block loads and renders."""

import html
import json
import subprocess
import sys
import tarfile

import pytest
from defusedxml import ElementTree

from openedx_plugins.tutor import demo_course
from tests.browser_support import ROOT

pytestmark = pytest.mark.django_db
CONTAINERS = {"course": "chapter", "chapter": "sequential", "sequential": "vertical"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The archive written by the command line, as {member name: bytes}."""
    target = tmp_path_factory.mktemp("demo") / "partnership-building.tar.gz"
    done = subprocess.run([sys.executable, "-m", "openedx_plugins.tutor.demo_course", str(target)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "4 WikiLearn blocks" in done.stdout
    with tarfile.open(target, "r:gz") as tar:
        members = tar.getmembers()
        assert all(member.isfile() and not member.name.startswith(("/", "..")) for member in members)
        return {member.name: tar.extractfile(member).read() for member in members}


def parse(files, path):
    return ElementTree.fromstring(files[path])


def test_olx_tree_is_complete_and_parses(archive):
    root = parse(archive, "course/course.xml")
    assert (root.tag, root.get("org"), root.get("course")) == ("course", "Wikimedia", "PB101")
    run = root.get("url_name")
    course = parse(archive, f"course/course/{run}.xml")
    assert course.get("display_name") == "Partnership Building"
    found = {}
    pending = [("course", course)]
    while pending:
        tag, element = pending.pop()
        for child in element:
            found.setdefault(child.tag, []).append(child.get("url_name"))
            if child.tag in demo_course.BLOCK_TYPES:
                assert tag == "vertical" and len(child.attrib) > 2  # inline, with its fields
                continue
            path = f"course/{child.tag}/{child.get('url_name')}.xml"
            assert path in archive, f"{tag} points at missing {path}"
            loaded = parse(archive, path)
            assert loaded.tag == child.tag
            if child.tag in CONTAINERS.values():
                assert loaded.get("display_name")
                pending.append((child.tag, loaded))
            if child.tag == "html":
                assert archive[f"course/html/{loaded.get('filename')}.html"].strip()
    assert len(found["chapter"]) == 3 and len(found["sequential"]) == 4 and len(found["vertical"]) == 4
    assert sorted(found["wikilearn_rubric"]) == ["week1_partnership_or_not", "week3_theory_of_change"]
    assert found["wikilearn_timezone_poll"] == ["weekly_live_session"]
    assert found["wikilearn_pitch_review"] == ["week8_final_pitch"]
    every_xml = [name for name in archive if name.endswith(".xml")]
    assert all(parse(archive, name) is not None for name in every_xml)


def test_policies_enable_the_blocks(archive):
    policy = json.loads(archive["course/policies/2026/policy.json"])
    assert set(policy["course/2026"]["advanced_modules"]) == set(demo_course.BLOCK_TYPES)
    grading = json.loads(archive["course/policies/2026/grading_policy.json"])
    assert sum(entry["weight"] for entry in grading["GRADER"]) == pytest.approx(1.0)
    assert b"Partnership Building" in archive["course/about/overview.html"]
    assert json.loads(archive["course/policies/assets.json"]) == {}


def block_files(archive):
    """Each WikiLearn block's OLX element, serialized on its own, by ``type/url_name``."""
    found = {}
    for name in archive:
        if name.startswith("course/vertical/"):
            for child in parse(archive, name):
                if child.tag in demo_course.BLOCK_TYPES:
                    found[f"x/{child.tag}/{child.get('url_name')}"] = ElementTree.tostring(child, encoding="utf-8")
    return found


def test_every_block_loads_in_the_runtime_and_renders(archive, blocks, users):
    texts = {"wikilearn_rubric": "prompt", "wikilearn_timezone_poll": "question",
             "wikilearn_pitch_review": "instructions"}
    files = block_files(archive)
    assert len(files) == 4
    for name, data in files.items():
        block_type = name.split("/")[1]
        usage = blocks.create(data.decode("utf-8"))
        block = blocks.block(usage, users["learner_1"])
        assert block.scope_ids.block_type == block_type
        source = getattr(block, texts[block_type])
        assert source == ElementTree.fromstring(data).get(texts[block_type])
        assert block.display_name in blocks.render(usage, users["learner_1"])
        assert blocks.render(usage, users["staff_1"])
        assert blocks.render(usage, users["staff_1"], view="studio_view", surface="studio")
        if block_type != "wikilearn_timezone_poll":
            assert [c["key"] for c in block.criteria] == [
                c["key"] for c in json.loads(ElementTree.fromstring(data).get("criteria"))]


def test_prompts_carry_french_and_arabic_translations(archive, blocks, users):
    translated = 0
    for name, data in block_files(archive).items():
        stored = ElementTree.fromstring(data).get("content_translations")
        if not stored:
            continue
        translated += 1
        (field, by_language), = json.loads(stored).items()
        assert set(by_language) == {"fr", "ar"}
        usage = blocks.create(data.decode("utf-8"))
        block = blocks.block(usage, users["learner_4"])
        assert block.content_translations == json.loads(stored)
        french = block.localized(field, "fr")
        assert french.text == by_language["fr"]["text"] and not french.is_outdated
        arabic = block.localized(field, "ar")
        assert arabic.text == by_language["ar"]["text"] and not arabic.is_outdated
        for reader, language in (("learner_4", "fr"), ("learner_7", "ar"), ("learner_1", None)):
            shown = html.unescape(blocks.render(usage, users[reader]))
            expected = by_language[language]["text"] if language else getattr(block, field)
            assert expected[:60] in shown, (name, reader)
    assert translated >= 3


def test_archive_is_reproducible(tmp_path):
    first, second = tmp_path / "a.tar.gz", tmp_path / "b.tar.gz"
    demo_course.write_archive(first)
    demo_course.write_archive(second)
    with tarfile.open(first) as a, tarfile.open(second) as b:
        assert [(m.name, m.size) for m in a.getmembers()] == [(m.name, m.size) for m in b.getmembers()]
