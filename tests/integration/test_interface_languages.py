"""Every block's learner and staff views, rendered in French and Arabic, use the compiled catalogues."""

import gettext
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# One interface string per view, shown before any data exists.
VIEWS = {
    "wikilearn_rubric": {"learner": "How this assignment is graded", "staff": "Grading queue"},
    "wikilearn_pitch_review": {"learner": "How pitches are reviewed", "staff": "All pitches (staff)"},
    "wikilearn_timezone_poll": {"learner": "Your time zone", "staff": "Results (staff)"},
}


def translated(block_type, locale, text):
    # Where the LMS looks: under the blocks' root module (XBlockI18nService.get_python_locale).
    catalogue = gettext.translation("text", ROOT / "xblocks" / "translations", [locale])
    result = catalogue.gettext(text)
    assert result != text, f"{text!r} has no {locale} translation"
    return result


def set_language(user, language):
    user.sandbox_profile.language = language
    user.sandbox_profile.save()


@pytest.mark.parametrize("block_type", sorted(VIEWS))
@pytest.mark.parametrize("language, locale, direction", [("fr", "fr", "ltr"), ("ar", "ar", "rtl")])
def test_learner_and_staff_views_are_translated(blocks, users, block_type, language, locale, direction):
    from django.utils import translation

    usage = blocks.create(f"<{block_type}/>")
    learner, staff = users["learner_1"], users["staff_1"]
    for user, view in ((learner, "learner"), (staff, "staff")):
        set_language(user, language)
        with translation.override(language):
            html = blocks.render(usage, user)
        expected = translated(block_type, locale, VIEWS[block_type][view])
        assert expected in html, f"{view} view of {block_type} in {language}"
        assert f'lang="{language}" dir="{direction}"' in html
