"""The base class of every WikiLearn block."""

from xblock.core import XBlock
from xblock.fields import Scope, String

from xblocks.common.context import user_context
from xblocks.common.i18n import block_gettext, block_ngettext
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.rendering import build_fragment


@XBlock.needs("user")
@XBlock.wants("i18n")
class WikiLearnBlock(XBlock):
    """Shared services for the suite's blocks: who is asking, translation, rendering, ids."""

    display_name = String(
        display_name=_("Display name"),
        help=_("The name learners see for this component."),
        scope=Scope.settings,
        default="",
    )

    # Open edX serves block JS translations from js/xblock.v1-i18n/xblocks/<locale>.js.
    i18n_js_namespace = "WikiLearnI18N"

    def user(self):
        """The current :class:`~xblocks.common.context.UserContext`."""
        return user_context(self)

    def gettext(self, text):
        """Translate ``text`` for the current user."""
        return block_gettext(self)(text)

    def ngettext(self, singular, plural, count):
        """Translate with plural forms for the current user."""
        return block_ngettext(self)(singular, plural, count)

    @property
    def course_key(self):
        """The course this block belongs to, as a string."""
        usage = self.scope_ids.usage_id
        key = getattr(usage, "course_key", None) or getattr(usage, "context_key", None)
        if key is None:
            key = getattr(self, "course_id", None) or getattr(self.runtime, "course_id", None)
        return str(key) if key else ""

    @property
    def item_id(self):
        """A stable identifier of this block's usage, as a string (the LMS usage key)."""
        return str(self.scope_ids.usage_id)

    def fragment(self, template, context, **kwargs):
        """Render a view of this block for the current user."""
        return build_fragment(self, self.user(), template, context, **kwargs)
