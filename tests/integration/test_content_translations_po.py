"""wikilearn_content_po: export a course's content to PO, translate it with polib, import it back."""

import html as html_module
import io
import json

import polib
import pytest
from django.core.management import CommandError, call_command

from openedx_plugins.wikilearn.content_source import CourseBlocks, course_blocks
from sandbox.runtime import SandboxRuntime
from tests.blocks import request_language
from xblocks.common.content_translation.display import NOTICE_OUTDATED

pytestmark = pytest.mark.django_db

COURSE = "course-v1:Wikimedia+PB101+2026"
USAGES = []
RUBRIC = """<wikilearn_rubric prompt="Map your stakeholders."
  criteria='[{"key": "reach", "name": "Reach", "description": "Names every group.", "feedback": "optional"}]'/>"""
PITCH = """<wikilearn_pitch_review instructions="Pitch for 20 minutes."
  criteria='[{"key": "ask", "name": "The ask", "feedback": "optional"}]'/>"""
POLL = """<wikilearn_timezone_poll question="When can you come?"/>"""


def test_course_source(course_key):
    """The content source these tests name in WIKILEARN_CONTENT_BLOCKS: the blocks they created,
    writable as in Studio (the draft the importer must write to)."""
    runtime = SandboxRuntime(surface="studio")
    return CourseBlocks([runtime.get_block(usage) for usage in USAGES] if course_key == COURSE else [])


test_course_source.__test__ = False  # not a test, despite its name


@pytest.fixture
def course(blocks, users, settings):
    settings.WIKILEARN_CONTENT_BLOCKS = f"{__name__}.test_course_source"
    USAGES[:] = [blocks.create(RUBRIC), blocks.create(PITCH), blocks.create(POLL)]
    yield dict(zip(("rubric", "pitch", "poll"), USAGES, strict=True))
    USAGES.clear()


def po_command(*args):
    out = io.StringIO()
    call_command("wikilearn_content_po", *args, stdout=out)
    return out.getvalue()


def entries(po):
    return {entry.msgctxt: entry for entry in po}


def test_export_translate_import_round_trip(blocks, users, course, tmp_path):
    staff, rubric, pitch, poll = users["staff_1"], course["rubric"], course["pitch"], course["poll"]

    def save(usage, units):
        blocks.call(usage, "save_translations", {"language": "fr", "translations": units}, user=staff,
                    surface="studio")

    save(rubric, {"prompt": "Cartographiez vos parties prenantes."})
    save(poll, {"question": "Quand pouvez-vous venir ?"})
    blocks.call(poll, "submit_studio_edits", {"values": {"question": "When can you come each week?"},
                                              "defaults": []}, user=staff, surface="studio")

    path = tmp_path / "fr.po"
    assert "6 units of 3 blocks" in po_command("export", "--course", COURSE, "--language", "fr", "--output", str(path))
    po = polib.pofile(str(path))
    assert po.metadata["Language"] == "fr"
    units = entries(po)
    assert set(units) == {f"{rubric}|prompt", f"{rubric}|criteria.reach.name", f"{rubric}|criteria.reach.description",
                          f"{pitch}|instructions", f"{pitch}|criteria.ask.name", f"{poll}|question"}
    prompt = units[f"{rubric}|prompt"]
    assert (prompt.msgid, prompt.msgstr) == ("Map your stakeholders.", "Cartographiez vos parties prenantes.")
    assert "source_version: " in prompt.comment and "state: up_to_date" in prompt.comment and not prompt.fuzzy
    question = units[f"{poll}|question"]
    assert question.fuzzy and "state: outdated" in question.comment and question.msgid == "When can you come each week?"
    assert units[f"{pitch}|instructions"].msgstr == "" and "state: missing" in units[f"{pitch}|instructions"].comment

    # The author edits the prompt while the file is out for translation.
    blocks.call(rubric, "submit_studio_edits", {"values": {"prompt": "Map your stakeholders and partners."},
                                                "defaults": []}, user=staff, surface="studio")
    prompt.msgstr = "Cartographiez vos parties prenantes (revu)."
    units[f"{rubric}|criteria.reach.name"].msgstr = "Portée"
    units[f"{rubric}|criteria.reach.description"].msgstr = "Nomme chaque groupe."
    units[f"{pitch}|instructions"].msgstr = "Présentez en 20 minutes."
    units[f"{pitch}|criteria.ask.name"].msgstr = "La demande"
    units[f"{pitch}|criteria.ask.name"].comment = "state: missing"  # source_version lost: malformed
    for context in ("block-v1:nowhere|prompt", f"{rubric}|criteria.deleted.name", "no separator"):
        po.append(polib.POEntry(msgctxt=context, msgid="Old", msgstr="Vieux", comment="source_version: 0123456789ab"))
    po.save(str(path))

    report = json.loads(po_command("import", "--course", COURSE, "--language", "fr", str(path), "--json"))
    assert sorted(report["applied"]) == sorted([f"{rubric}|prompt", f"{rubric}|criteria.reach.name",
                                                f"{rubric}|criteria.reach.description"])
    assert [item["context"] for item in report["outdated"]] == [f"{rubric}|prompt"]
    assert sorted(item["context"] for item in report["unknown"]) == sorted(["block-v1:nowhere|prompt",
                                                                           f"{rubric}|criteria.deleted.name"])
    assert sorted(item["context"] for item in report["malformed"]) == sorted(["no separator",
                                                                             f"{pitch}|criteria.ask.name"])
    assert report["rejected_blocks"] == [{"usage": pitch, "reason": "a unit of this block is malformed"}]
    assert [item["context"] for item in report["fuzzy"]] == [f"{poll}|question"]

    states = blocks.block(rubric, staff).translation_states(["fr"])["fr"]
    assert states == {"prompt": "outdated", "criteria.reach.name": "up_to_date",
                      "criteria.reach.description": "up_to_date"}
    assert blocks.block(pitch, staff).content_translations == {}  # no half-applied block
    html = blocks.render(rubric, users["learner_4"])
    with request_language(users["learner_4"]):
        outdated = blocks.block(rubric, users["learner_4"]).gettext(NOTICE_OUTDATED)
    assert "Cartographiez vos parties prenantes (revu)." in html and html_module.escape(outdated) in html
    assert '<strong lang="fr" dir="ltr">Portée</strong>' in html


def test_import_text_report_and_refusals(blocks, users, course, tmp_path):
    path = tmp_path / "es.po"
    po_command("export", "--course", COURSE, "--language", "es", "--output", str(path))
    po = polib.pofile(str(path))
    entries(po)[f"{course['poll']}|question"].msgstr = "¿Cuándo puede venir?"
    po.save(str(path))
    with pytest.raises(CommandError, match="not 'fr'"):
        po_command("import", "--course", COURSE, "--language", "fr", str(path))
    with pytest.raises(CommandError, match="not a language code"):
        po_command("export", "--course", COURSE, "--language", "../x", "--output", str(path))
    text = po_command("import", "--course", COURSE, "--language", "es", str(path))
    assert text.startswith("Applied 1 units (0 outdated")
    assert blocks.block(course["poll"], users["staff_1"]).localized("question", "es").text == "¿Cuándo puede venir?"


def test_sandbox_source_lists_scenario_blocks(settings):
    settings.WIKILEARN_CONTENT_BLOCKS = "sandbox.content_blocks.scenario_blocks"
    found = course_blocks(settings.WIKILEARN_SANDBOX_COURSE)
    types = {block.scope_ids.block_type for block in found.blocks}
    assert types == {"wikilearn_rubric", "wikilearn_pitch_review", "wikilearn_timezone_poll"}
    assert course_blocks("course-v1:Other+X+1").blocks == []
