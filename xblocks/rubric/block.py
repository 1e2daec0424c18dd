"""Rubric block: an assignment graded by the instructor on the WikiLearn scale."""

from xblock.fields import Scope, String

from xblocks.common.block import WikiLearnBlock
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.scale import Scale


class RubricBlock(WikiLearnBlock):
    """A weekly assignment graded on the WikiLearn scale with written feedback."""

    display_name = String(display_name=_("Display name"), scope=Scope.settings, default=_("Assignment"))
    prompt = String(display_name=_("Prompt"), scope=Scope.content, default="", multiline_editor=True)

    def student_view(self, context=None):
        """The assignment as a learner sees it."""
        user = self.user()
        return self.fragment("templates/student.html", {
            "block": self,
            "levels": [(self.gettext(level.label), level.points) for level in Scale.default()],
            "user": user,
        }, css=["rubric.css"])

    @staticmethod
    def workbench_scenarios():
        """Sandbox scenarios."""
        return [(
            "WikiLearn rubric: week 1 assignment",
            """<wikilearn_rubric display_name="Partnership or not?"
                 prompt="Decide for each example whether it is a partnership, and explain why."/>""",
        )]
