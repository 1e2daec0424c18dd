"""Timezone poll block: learners mark when they can attend the weekly live session."""

from xblock.fields import Scope, String

from xblocks.common.block import WikiLearnBlock
from xblocks.common.i18n import gettext_noop as _


class TimezonePollBlock(WikiLearnBlock):
    """Participatory scheduling of the weekly live session."""

    display_name = String(display_name=_("Display name"), scope=Scope.settings,
                          default=_("When can you attend?"))
    question = String(display_name=_("Question"), scope=Scope.content, default="", multiline_editor=True)

    def student_view(self, context=None):
        """The poll as a learner sees it."""
        user = self.user()
        return self.fragment("templates/student.html", {"block": self, "user": user},
                             css=["timezone_poll.css"])

    @staticmethod
    def workbench_scenarios():
        """Sandbox scenarios."""
        return [(
            "WikiLearn timezone poll: weekly live session",
            """<wikilearn_timezone_poll display_name="When can you attend the live session?"
                 question="Mark the times you could attend a two-hour live session each week."/>""",
        )]
