"""Authors' formatting renders the same in the LMS, in Studio's preview and in a content translation;
typed HTML stays text."""

import pytest

from tests.integration.test_content_translations import save

pytestmark = pytest.mark.django_db

PROMPT = "Map **who** matters:\n\n- local groups\n- [affiliates](https://meta.wikimedia.org/wiki/Affiliates)\n\n<script>alert(1)</script>"
LIST = ('<ul><li>local groups</li><li><a href="https://meta.wikimedia.org/wiki/Affiliates" '
        'rel="noopener noreferrer nofollow">affiliates</a></li></ul>')


@pytest.mark.parametrize("block_type, field", [
    ("wikilearn_rubric", "prompt"), ("wikilearn_pitch_review", "instructions"), ("wikilearn_timezone_poll", "question"),
])
def test_formatting_in_the_lms_the_preview_and_a_translation(blocks, users, block_type, field):
    usage = blocks.create(f"<{block_type}/>")
    blocks.call(usage, "submit_studio_edits", {"values": {field: PROMPT}, "defaults": []}, user=users["staff_1"],
                surface="studio")
    for user, surface in ((users["learner_1"], "lms"), (users["staff_1"], "preview")):
        html = blocks.render(usage, user, surface=surface)
        assert "<p>Map <strong>who</strong> matters:</p>" + LIST in html, surface
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    translated = PROMPT.replace("Map", "Cartographiez").replace("local groups", "groupes locaux")
    assert save(blocks, usage, users["staff_1"], "fr", {field: translated}).status == 200
    html = blocks.render(usage, users["learner_4"])  # reads French
    assert "<p>Cartographiez <strong>who</strong> matters:</p><ul><li>groupes locaux</li>" in html
