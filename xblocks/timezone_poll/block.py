"""Timezone poll block: learners mark when they can attend the weekly live session.

Fields, views and thin handlers only. Scheduling decisions (per-date evaluation over the course
range, DST-exact, and the ranking rule) live in :mod:`xblocks.timezone_poll.schedule`, input
checks in :mod:`~xblocks.timezone_poll.grid`, .ics output in :mod:`~xblocks.timezone_poll.ics`,
the results as counters kept up to date by each save in :mod:`~xblocks.timezone_poll.tally`,
persistence in :mod:`openedx_plugins.wikilearn.api.timezone_poll`. The handlers' JSON API is
documented in ``API.md`` beside this file.
"""

import datetime

from django.utils import translation
from webob import Response
from xblock.fields import Boolean, Integer, Scope, String
from xblock.validation import ValidationMessage

from openedx_plugins.wikilearn.api import timezone_poll as api
from xblocks.common import csvio, paging
from xblocks.common.block import WikiLearnBlock
from xblocks.common.content_translation.display import localized_html, localized_view
from xblocks.common.content_translation.studio import ContentTranslationsStudioMixin
from xblocks.common.runtime.access import LEARNER, STAFF, json_access, plain_access
from xblocks.common.runtime.errors import BadRequest, NotFound
from xblocks.common.runtime.i18n import block_gettext
from xblocks.common.runtime.i18n import gettext_noop as _
from xblocks.timezone_poll import grid as grids
from xblocks.timezone_poll import ics, present, schedule, tally
from xblocks.timezone_poll.authoring import DAY_NAMES, parse_settings, settings_errors

NAME_LISTS = ("left_out", "if_need_be", "outside_hours")
NAMES_PER_PAGE = 50


class TimezonePollBlock(ContentTranslationsStudioMixin, WikiLearnBlock):
    """Participatory scheduling of the weekly live session, exact across daylight-saving changes."""

    display_name = String(display_name=_("Display name"), scope=Scope.settings,
                          default=_("When can you attend?"))
    question = String(display_name=_("Question"), scope=Scope.content, multiline_editor=True,
                      help=_("What learners are asked about their availability."
                               " Formatting: a blank line starts a paragraph; lines starting with - or 1. make a list;"
                               " **bold**, *italic*, [text](https://example.org) for a link."),
                      default=_("Mark the times you could attend the weekly live session."))
    session_length = Integer(display_name=_("Session length (minutes)"), scope=Scope.settings, default=120)
    slot_step = Integer(display_name=_("Slot step (minutes)"), scope=Scope.settings, default=60,
                        values=({"display_name": "30", "value": 30}, {"display_name": "60", "value": 60}))
    offered_days = String(display_name=_("Days offered"), scope=Scope.settings, default="Mon, Tue, Wed, Thu, Fri",
                          help=_("UTC weekdays the session may take place on, e.g. \"Tue, Wed, Thu\"."))
    first_session = String(display_name=_("First session date"), scope=Scope.settings, default="",
                           help=_("YYYY-MM-DD. Daylight-saving changes are checked from here to the last date."))
    last_session = String(display_name=_("Last session date"), scope=Scope.settings, default="",
                          help=_("YYYY-MM-DD."))
    acceptable_hours = String(display_name=_("Default acceptable local hours"), scope=Scope.settings,
                              default="08:00-22:00", help=_("HH:MM-HH:MM in each learner's own time; "
                                                            "learners may narrow them."))
    closes = String(display_name=_("Poll closes"), scope=Scope.settings, default="",
                    help=_("YYYY-MM-DD (end of that day, UTC). Empty: the poll never closes."))
    show_heat_map = Boolean(display_name=_("Learners see the aggregate heat map"), scope=Scope.settings,
                            default=True, help=_("Counts only; learners never see names."))

    editable_fields = ("display_name", "question", "session_length", "slot_step", "offered_days", "first_session",
                       "last_session", "acceptable_hours", "closes", "show_heat_map", "content_language")
    translatable_fields = ("question",)
    icon_class = "other"

    # -- settings ------------------------------------------------------------------------------
    def poll_settings(self):
        """The author's choices as a :class:`schedule.PollSettings` (read once per request: field reads cost)."""
        cached = self.__dict__.get("_poll_settings")
        if cached is None:
            cached = self.__dict__["_poll_settings"] = parse_settings(
                self.first_session, self.last_session, self.offered_days, self.slot_step, self.session_length,
                self.acceptable_hours, today=self._now().date())
        return cached

    def tally(self):
        """The counters of the current settings (:class:`tally.Tally`, once per request)."""
        settings = self.poll_settings()
        cached = self.__dict__.get("_tally")
        if cached is None or cached.settings != settings:
            cached = self.__dict__["_tally"] = tally.Tally(settings)
        return cached

    def gettext(self, text):
        """Translate ``text`` for the current user; the i18n service is looked up once per language, not per string."""
        language = translation.get_language()
        cached = self.__dict__.get("_gettext")
        if cached is None or cached[0] != language:
            cached = self.__dict__["_gettext"] = (language, block_gettext(self))
        return cached[1](text)

    def _key(self):
        return self.course_key, self.item_id

    @staticmethod
    def _now():
        return datetime.datetime.now(datetime.UTC)

    def is_closed(self):
        """True after the close date (end of that day, UTC)."""
        try:
            day = datetime.date.fromisoformat(self.closes) if self.closes else None
        except ValueError:
            return False
        return day is not None and self._now().date() > day

    def validate_field_data(self, validation, data):
        """Refuse dates, days, hours and lengths the poll cannot run with."""
        for message in settings_errors(data.first_session, data.last_session, data.offered_days, data.slot_step,
                                       data.session_length, data.acceptable_hours, data.closes):
            validation.add(ValidationMessage(ValidationMessage.ERROR, self.gettext(message)))

    # -- views --------------------------------------------------------------------------------
    def student_view(self, context=None):
        """The poll; staff also get the results panel."""
        user = self.user()
        js = ["timezone_poll.js"] + (["timezone_poll_staff.js"] if user.is_staff else [])
        # The zone is settled by poll_state (saved answer, LMS preference, browser), not in the page.
        question = localized_html(self, "question", user.language, css_class="tzp-question")
        return self.fragment("templates/student.html", {"block": self, "user": user, "question_html": question},
                             css=["timezone_poll.css"], js=js, js_init="TimezonePoll", js_args={"staff": user.is_staff})

    def studio_view(self, context=None):
        """The standard editable-fields form, and the Translations section."""
        return self.add_translations_section(super().studio_view(context))

    # -- learner handlers -----------------------------------------------------------------------
    def _zone_for(self, data, user, answer):
        """The zone to show: asked for, else saved answer's, else LMS preference, else browser, else UTC."""
        if data.get("time_zone"):
            return grids.check_zone(data["time_zone"]), "chosen"
        for source, name in (("saved", answer and answer["time_zone"]), ("profile", user.time_zone),
                             ("browser", data.get("browser_zone"))):
            if name and name in grids.zone_names():
                return name, source
        return "UTC", "default"

    def _state(self, user, zone_name, source, answer, with_heat_map=True):
        settings, counter = self.poll_settings(), self.tally()
        offered = counter.offered_cells(zone_name)
        shown = present.answer_in_zone(answer, zone_name, settings, offered) if answer else None
        state = {
            "zone": zone_name, "zone_source": source, "closed": self.is_closed(), "closes": self.closes or None,
            "settings": present.settings_json(settings, DAY_NAMES),
            "offered": grids.split_grid("".join("1" if offered >> i & 1 else "0"
                                                for i in range(schedule.CELLS_PER_WEEK))),
            "answer": shown, "chosen": self._chosen_json(zone_name), "heat_map": None, "respondents": None,
        }
        if with_heat_map and (self.show_heat_map or user.is_staff):
            # Counters kept by each save: the same cost for 10 or 10,000 answers, and for any number of zones.
            counts = api.poll_counts(*self._key(), counter, [zone_name])
            state["respondents"] = counts.respondents
            state["heat_map"] = present.heat_json(counter.heat(counts, zone_name), zone_name)
        return state

    def _chosen(self):
        """(settings as when chosen, candidate) or None."""
        row = api.get_chosen_slot(*self._key())
        if row is None:
            return None
        settings = schedule.PollSettings(row["first_date"], row["last_date"], (row["weekday"],),
                                         60, row["length_minutes"], (0, 24 * 60))
        return settings, schedule.Candidate(row["weekday"], row["start_minute"])

    def _chosen_json(self, zone_name):
        chosen = self._chosen()
        if chosen is None:
            return None
        settings, candidate = chosen
        return {"slot_id": candidate.slot_id, "utc_start": grids.format_time(candidate.start),
                "utc_weekday": candidate.weekday, "length": settings.length,
                "dates": [day.isoformat() for day in schedule.session_dates(settings, candidate.weekday)],
                "local": present.session_in_zone(settings, candidate, zone_name, self.gettext,
                                                  translation.get_language()),
                "calendar_url": self.runtime.handler_url(self, "calendar")}

    @json_access(LEARNER)
    def poll_state(self, data, suffix, user):
        """Everything the learner view shows, in the zone asked for (see API.md)."""
        answer = api.get_availability(*self._key(), user.anonymous_id)
        zone_name, source = self._zone_for(data, user, answer)
        state = self._state(user, zone_name, source, answer)
        if data.get("include_zones"):
            state["zones"] = list(grids.zone_names())
        return state

    @json_access(LEARNER, writes=True)
    def save_availability(self, data, suffix, user):
        """Create or replace the learner's answer; refused after the poll closes."""
        if self.is_closed():
            raise BadRequest("poll_closed", _("The poll is closed: answers can no longer be changed."))
        counter = self.tally()
        response = grids.normalise(data, self.poll_settings(), user.anonymous_id, user.username,
                                   offered_cells=counter.offered_cells)
        answer = api.save_availability(*self._key(), user.anonymous_id, user.username, response.zone,
                                       response.grid, response.hours, tally=counter)
        # No heat map here (the view reloads it); the save updates the poll's counters in O(cells).
        return {"saved": True, **self._state(user, response.zone, "saved", answer, with_heat_map=False)}

    @plain_access(LEARNER)
    def calendar(self, request, suffix, user):
        """The chosen weekly session as an .ics file (text/calendar)."""
        chosen = self._chosen()
        if chosen is None:
            raise NotFound("no_slot_chosen", _("No session time has been chosen yet."))
        settings, candidate = chosen
        text = ics.session_calendar(settings, candidate, uid=f"{self.item_id}-{candidate.slot_id}@wikilearn",
                                    summary=self.display_name,
                                    description=localized_view(self, "question", user.language)["text"])
        response = Response(body=text.encode("utf-8"), content_type="text/calendar", charset="utf-8")
        response.content_disposition = 'attachment; filename="live-session.ics"'
        return response

    # -- staff handlers -----------------------------------------------------------------------------
    @json_access(STAFF)
    def staff_results(self, data, suffix, user):
        """Heat map in the staff member's zone (or UTC) and the ranked candidate sessions."""
        view_zone = "UTC" if data.get("view") == "utc" else grids.check_zone(
            data.get("time_zone") or (user.time_zone if user.time_zone in grids.zone_names() else "UTC"))
        settings, counter = self.poll_settings(), self.tally()
        counts = api.poll_counts(*self._key(), counter, [view_zone])
        ranked = counter.ranked(counts, self.setting("TIMEZONE_POLL_RANKED"))
        return {
            "zone": view_zone, "respondents": counts.respondents, "closed": self.is_closed(),
            "settings": present.settings_json(settings, DAY_NAMES),
            "heat_map": present.heat_json(counter.heat(counts, view_zone), view_zone),
            "ranked": [present.candidate_json(settings, result, view_zone, self.gettext, respondents=counts.respondents,
                                               language=translation.get_language())
                       for result in ranked],
            "chosen": self._chosen_json(view_zone),
        }

    @json_access(STAFF)
    def candidate_names(self, data, suffix, user):
        """One page of the learners one candidate leaves out, needs "if need be" from, or puts outside their hours."""
        candidate = self._offered_candidate(data.get("slot_id"))
        which = data.get("list")
        if which not in NAME_LISTS:
            raise BadRequest("unknown_name_list", _("Ask for the learners left out, only if need be, or outside "
                                                    "their hours."))
        page = paging.page_from(data, default_size=NAMES_PER_PAGE)
        names = self.tally().who(api.list_availability(*self._key()), candidate)[which]
        return {"slot_id": candidate.slot_id, "list": which, **page.describe(len(names)),
                "names": names[page.offset:page.offset + page.limit],
                "next_page": page.number + 1 if page.offset + page.limit < len(names) else None}

    def _offered_candidate(self, slot_id):
        try:
            candidate = schedule.Candidate.from_id(slot_id)
        except (TypeError, ValueError):
            candidate = None
        if candidate not in schedule.candidates(self.poll_settings()):
            raise BadRequest("unknown_slot", _("This slot is not one of the offered sessions."))
        return candidate

    @json_access(STAFF)
    def choose_slot(self, data, suffix, user):
        """Publish the chosen weekly session (a ``slot_id`` from ``staff_results``)."""
        settings = self.poll_settings()
        candidate = self._offered_candidate(data.get("slot_id"))
        api.choose_slot(*self._key(), candidate.weekday, candidate.start, settings.length,
                        settings.first_date, settings.last_date, user.username or user.anonymous_id)
        zone_name = next((z for z in (data.get("time_zone"), user.time_zone) if z in grids.zone_names()), "UTC")
        return {"chosen": self._chosen_json(zone_name)}

    @plain_access(STAFF)
    def export_csv(self, request, suffix, user):
        """Every learner's answer as CSV (local grid ranges, zone, acceptable hours)."""
        return csvio.csv_response("timezone-poll.csv", present.CSV_HEADER,
                                  (present.csv_row(answer) for answer in api.list_availability(*self._key())))

    @staticmethod
    def workbench_scenarios():
        """Sandbox scenario: the Partnership Building weekly live session, its range starting next week."""
        from xblocks.timezone_poll.scenarios import SCENARIOS

        return SCENARIOS


__all__ = ["TimezonePollBlock"]
