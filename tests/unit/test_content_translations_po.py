"""PO export/import logic on plain blocks (no database): states, fuzzy, all-or-nothing per block."""

import contextlib
import sys
import types

import polib
import pytest
from xblock.core import XBlock
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds, String
from xblock.test.tools import TestRuntime

from openedx_plugins.wikilearn.content_po import ContentPOError, export_po, import_po
from openedx_plugins.wikilearn.content_source import SUITE_BLOCK_TYPES, CourseBlocks, modulestore_blocks
from xblocks.common.content_translation.content import TranslatableContentMixin


class PromptBlock(TranslatableContentMixin, XBlock):
    translatable_fields = ("prompt", "question")
    prompt = String(default="")
    question = String(default="")


def make(usage, **fields):
    runtime = TestRuntime(services={"field-data": DictFieldData({})})
    return PromptBlock(runtime, DictFieldData(dict(fields)), ScopeIds("u", "prompt", usage, usage))


@pytest.fixture
def course():
    saved = []
    blocks = [make("b1", prompt="Plan the pitch.", question="Who is the partner?"), make("b2", prompt="Reflect.")]
    return CourseBlocks(blocks, saved.append), saved


def test_export_states_and_flags(course):
    course, _saved = course
    first = course.blocks[0]
    first.set_translation("prompt", "fr", "Préparez la présentation.")
    first.set_translation("question", "fr", "Qui est le partenaire ?")
    first.question = "Who is the partner, and why?"
    po = export_po("course-v1:X+Y+Z", course.blocks, "fr")
    units = {entry.msgctxt: entry for entry in po}
    assert po.metadata["Language"] == "fr" and export_po("c", course.blocks, "pt_BR").metadata["Language"] == "pt-br"
    assert "state: up_to_date" in units["b1|prompt"].comment and not units["b1|prompt"].fuzzy
    assert units["b1|question"].fuzzy and units["b1|question"].msgstr == "Qui est le partenaire ?"
    assert units["b2|prompt"].msgstr == "" and "state: missing" in units["b2|prompt"].comment
    assert "b2|question" not in units  # empty sources are not exported


def test_a_bad_unit_leaves_its_whole_block_untouched(course):
    course, saved = course
    po = export_po("c", course.blocks, "es")
    units = {entry.msgctxt: entry for entry in po}
    units["b1|prompt"].msgstr = "Planifique la presentación."
    units["b1|question"].msgstr = "x" * 60_000  # over the limit: the block is refused
    units["b2|prompt"].msgstr = "Reflexione."
    report = import_po(course, po, "es")
    assert report["applied"] == ["b2|prompt"] and saved == [course.blocks[1]]
    assert report["rejected_blocks"] == [{"usage": "b1", "reason": "invalid_translation"}]
    assert course.blocks[0].content_translations == {}


def test_source_language_and_language_mismatch_are_refused(course):
    course, saved = course
    po = export_po("c", course.blocks, "es")
    with pytest.raises(ContentPOError):
        import_po(course, po, "fr")
    po.metadata.pop("Language")
    for entry in po:
        entry.msgstr = "Same"
    report = import_po(course, po, "en")  # the blocks' source language cannot be a translation
    assert report["applied"] == [] and {item["reason"] for item in report["rejected_blocks"]} == {"source_language"}
    assert saved == []


def test_obsolete_and_untranslated_units_are_skipped(course):
    course, saved = course
    po = export_po("c", course.blocks, "id")
    po.append(polib.POEntry(msgctxt="b1|prompt", msgid="Old", msgstr="Lama", obsolete=True))
    report = import_po(course, po, "id")
    assert report["untranslated"] == 3 and report["applied"] == [] and saved == []


class BranchStore:
    """A modulestore stand-in with edx-platform's branch semantics.

    ``branch_setting`` is a context manager that sets the branch and restores the previous one on exit
    (xmodule/modulestore/mixed.py MixedModuleStore.branch_setting -> split.py / draft_and_published.py);
    outside it the service's default applies (xmodule/modulestore/django.py _get_modulestore_branch_setting:
    MODULESTORE_BRANCH "published-only" in the LMS, "draft-preferred" in Studio). ``update_item`` writes
    to the branch in force when it is called.
    """

    def __init__(self, default_branch):
        self.branch = default_branch
        self.calls, self.written = [], {"draft-preferred": [], "published-only": []}

    @contextlib.contextmanager
    def branch_setting(self, branch, key):
        self.calls.append(("branch", branch, str(key)))
        previous, self.branch = self.branch, branch
        try:
            yield
        finally:
            self.branch = previous

    def get_items(self, key, qualifiers):
        self.calls.append(("get_items", str(key), qualifiers["category"], self.branch))
        return [f"{qualifiers['category']}-block"]

    def update_item(self, block, user_id):
        self.calls.append(("update_item", block, user_id, self.branch))
        self.written[self.branch].append(block)
        return block


@pytest.mark.parametrize("service_branch", ["published-only", "draft-preferred"])  # run under lms, under cms
def test_modulestore_source_reads_and_saves_on_the_draft_branch_as_command_user(monkeypatch, service_branch):
    """The LMS content source, against a stand-in modulestore with the branch semantics of edx-platform's."""
    store = BranchStore(service_branch)
    enum = types.SimpleNamespace(Branch=types.SimpleNamespace(draft_preferred="draft-preferred"),
                                 UserID=types.SimpleNamespace(mgmt_command=-1))
    monkeypatch.setitem(sys.modules, "xmodule", types.ModuleType("xmodule"))
    monkeypatch.setitem(sys.modules, "xmodule.modulestore", types.SimpleNamespace(ModuleStoreEnum=enum))
    monkeypatch.setitem(sys.modules, "xmodule.modulestore.django", types.SimpleNamespace(modulestore=lambda: store))

    found = modulestore_blocks("course-v1:Wikimedia+PB101+2026")
    assert found.blocks == [f"{category}-block" for category in SUITE_BLOCK_TYPES]
    assert store.calls[0] == ("branch", "draft-preferred", "course-v1:Wikimedia+PB101+2026")
    assert [call[2:] for call in store.calls[1:]] == [(category, "draft-preferred") for category in SUITE_BLOCK_TYPES]
    assert store.branch == service_branch  # the reads left the service's branch as it was

    found.save("wikilearn_rubric-block")
    assert store.calls[-1] == ("update_item", "wikilearn_rubric-block", -1, "draft-preferred")
    assert store.written == {"draft-preferred": ["wikilearn_rubric-block"], "published-only": []}
    assert store.branch == service_branch
