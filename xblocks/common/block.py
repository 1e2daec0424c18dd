"""The base class of every WikiLearn block: the platform seam, rendering, and the guarded Studio save."""

from xblock.core import XBlock
from xblock.fields import Scope, String
from xblock.utils.studio_editable import StudioEditableXBlockMixin

from openedx_plugins.wikilearn.api import course_pages
from xblocks.common.authoring import apply_studio_edits
from xblocks.common.rendering import build_fragment, render_common_template
from xblocks.common.runtime import config
from xblocks.common.runtime.access import AUTHOR, json_access
from xblocks.common.runtime.grades import Gradebook
from xblocks.common.runtime.i18n import block_gettext, block_ngettext, language_direction
from xblocks.common.runtime.i18n import gettext_noop as _
from xblocks.common.runtime.user import LMS, course_key_of, current_user

# The course pages a block's view links to: for course staff, and for the learners of blocks that give
# feedback (``links_learner_pages``).
STAFF_PAGES = (("inbox", _("Course inbox")), ("progress", _("Progress across the course")),
               ("showcase", _("Showcase")))
LEARNER_PAGES = (("feedback", _("My feedback")), ("showcase", _("Showcase")))


@XBlock.needs("user")
@XBlock.wants("i18n")
@XBlock.wants("settings")
@XBlock.wants("studio_user_permissions")
@XBlock.wants("completion")
class WikiLearnBlock(StudioEditableXBlockMixin, XBlock):
    """What every suite block asks of the platform, through :mod:`xblocks.common.runtime`."""

    display_name = String(
        display_name=_("Display name"),
        help=_("The name learners see for this component."),
        scope=Scope.settings,
        default="",
    )

    # Open edX serves block JS translations from js/xblock.v1-i18n/xblocks/<locale>.js.
    i18n_js_namespace = "WikiLearnI18N"
    # The XBLOCK_SETTINGS bucket of the whole suite (read by the settings service).
    block_settings_key = config.BUCKET
    # Learners of this block get links to "My feedback" and the showcase (blocks that give feedback).
    links_learner_pages = False

    def user(self):
        """The current :class:`~xblocks.common.runtime.user.UserContext`."""
        return current_user(self)

    def gettext(self, text):
        """Translate ``text`` for the current user."""
        return block_gettext(self)(text)

    def ugettext(self, text):
        """Alias the Studio editing mixin looks for."""
        return self.gettext(text)

    def ngettext(self, singular, plural, count):
        """Translate with plural forms for the current user."""
        return block_ngettext(self)(singular, plural, count)

    def setting(self, name):
        """A suite setting (``WIKILEARN_<name>``), read through the one configuration channel."""
        return config.setting(name)

    def gradebook(self):
        """Scores and completion of this block's learners (edx-submissions, the completion service)."""
        return Gradebook(self, self.scope_ids.block_type)

    @property
    def course_key(self):
        """The course this block belongs to, as a string."""
        key = course_key_of(self)
        return str(key) if key else ""

    @property
    def item_id(self):
        """A stable identifier of this block's usage, as a string (the LMS usage key)."""
        return str(self.scope_ids.usage_id)

    def fragment(self, template, context, **kwargs):
        """Render a view of this block for the current user, with links to the course pages in the LMS."""
        user = self.user()
        fragment = build_fragment(self, user, template, context, **kwargs)
        links = self.course_links(user)
        if links:
            fragment.add_content(render_common_template(self, "templates/course_links.html", {
                "links": links, "label": self.gettext(_("Course pages")), "lang": user.language,
                "dir": language_direction(user.language)}))
        return fragment

    def course_links(self, user):
        """``[{"url", "label"}]`` of the course pages this user may open from this block (LMS only)."""
        if user.surface != LMS or not user.is_participant:
            return []
        pages = STAFF_PAGES if user.is_staff else LEARNER_PAGES if self.links_learner_pages else ()
        urls = course_pages.page_urls(self.course_key) if pages else {}
        return [{"url": urls[name], "label": self.gettext(label)} for name, label in pages if name in urls]

    @json_access(AUTHOR, studio_editor=True)
    def submit_studio_edits(self, data, suffix, user):
        """The Studio editor's Save: authors in Studio only; every value checked; all or nothing."""
        return apply_studio_edits(self, data)
