"""Block templates are compiled once per process and still speak each reader's language."""

import pytest
from django.utils import translation

from sandbox.models import LearnerProfile
from xblocks.common import rendering

pytestmark = pytest.mark.django_db

OLX = "<wikilearn_rubric display_name='Partnership or not?' prompt='Decide.'/>"
FRENCH = {"learner": "Comment ce devoir est noté", "staff": "File de notation"}
ENGLISH = {"learner": "How this assignment is graded", "staff": "Grading queue"}


@pytest.fixture
def readers(users):
    LearnerProfile.objects.filter(user=users["learner_1"]).update(language="fr")
    LearnerProfile.objects.filter(user=users["learner_2"]).update(language="en")
    LearnerProfile.objects.filter(user=users["staff_1"]).update(language="fr")
    return users


@pytest.fixture
def compilations(monkeypatch):
    """How many templates are compiled from here on."""
    engine, count = rendering._engine(), []
    original = engine.from_string
    monkeypatch.setattr(engine, "from_string", lambda source: count.append(1) or original(source))
    return count


def test_a_french_and_an_english_reader_each_get_their_language_from_one_compiled_template(
        blocks, readers, compilations):
    usage = blocks.create(OLX)
    blocks.render(usage, readers["learner_2"])  # compiles what the page needs, if this process has not yet
    compiled = len(compilations)
    for _round in range(3):
        french = blocks.render(usage, readers["learner_1"])
        english = blocks.render(usage, readers["learner_2"])
        assert FRENCH["learner"] in french and ENGLISH["learner"] not in french
        assert 'lang="fr"' in french
        assert ENGLISH["learner"] in english and FRENCH["learner"] not in english
        assert 'lang="en"' in english
    staff = blocks.render(usage, readers["staff_1"])
    assert FRENCH["staff"] in staff and ENGLISH["staff"] not in staff
    assert len(compilations) == compiled  # nothing compiled again, whoever reads
    module = "xblocks.rubric.block"
    assert rendering.compiled_template(module, "templates/student.html") is \
        rendering.compiled_template(module, "templates/student.html")


def test_rendering_leaves_the_process_translations_as_they_were(blocks, readers):
    usage = blocks.create(OLX)
    language = translation.get_language()
    blocks.render(usage, readers["learner_1"])
    assert translation.get_language() == language
    with translation.override("fr"):
        # The block's catalogue answered inside the render only: Django's French catalogue does not
        # know the block's strings (the XBlock template tags used to merge them into it).
        assert translation.gettext(ENGLISH["learner"]) == ENGLISH["learner"]
        assert translation.get_language() == "fr"


def test_the_i18n_service_is_looked_up_once_per_block_and_language(blocks, readers, monkeypatch):
    usage = blocks.create(OLX)
    with translation.override("fr"):
        block = blocks.block(usage, readers["learner_1"])
    lookups = []
    original = block.runtime.service

    def counting(target, name):
        lookups.append(name)
        return original(target, name)

    monkeypatch.setattr(block.runtime, "service", counting)
    with translation.override("fr"):
        assert [block.gettext(ENGLISH["learner"]) for _ in range(5)] == [FRENCH["learner"]] * 5
    with translation.override("en"):
        assert block.gettext(ENGLISH["learner"]) == ENGLISH["learner"]
    assert lookups.count("i18n") == 2
