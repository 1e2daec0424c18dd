"""Pitch review block: the final partnership pitch, reviewed by the instructor and two peers."""

from xblock.fields import Scope, String

from xblocks.common.block import WikiLearnBlock
from xblocks.common.i18n import gettext_noop as _


class PitchReviewBlock(WikiLearnBlock):
    """Final pitch with role-play and peer feedback."""

    display_name = String(display_name=_("Display name"), scope=Scope.settings, default=_("Final pitch"))
    instructions = String(display_name=_("Instructions"), scope=Scope.content, default="", multiline_editor=True)

    def student_view(self, context=None):
        """The pitch assignment as a learner sees it."""
        return self.fragment("templates/student.html", {"block": self}, css=["pitch_review.css"])

    @staticmethod
    def workbench_scenarios():
        """Sandbox scenarios."""
        return [(
            "WikiLearn pitch review: final partnership pitch",
            """<wikilearn_pitch_review display_name="Final partnership pitch"
                 instructions="Present a 20-minute pitch to your prospective partner."/>""",
        )]
