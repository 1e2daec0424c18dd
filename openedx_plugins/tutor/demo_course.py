"""The "Partnership Building" demo course as an OLX archive Studio imports (Import course).

``python -m openedx_plugins.tutor.demo_course OUT.tar.gz`` (``make demo-course``) writes a
``course/`` tree packed as a .tar.gz, laid out as Studio's exporter writes it::

    course/course.xml                       <course url_name=RUN org=ORG course=NUMBER/>
    course/course/RUN.xml                   the course and its chapters
    course/chapter|sequential|vertical/     one file per element, children by url_name
    course/html/NAME.xml + NAME.html        short introductions
    course/about/overview.html, short_description.html
    course/policies/RUN/policy.json         advanced_modules lists the three blocks
    course/policies/RUN/grading_policy.json, course/policies/assets.json

The WikiLearn blocks are written inline in their vertical, each with its fields as attributes:
they are pure XBlocks, and edx-platform resolves ``url_name`` pointer files only for blocks built on
its ``XmlMixin`` (openedx/xblocks-contrib ADR 0002), so an inline element is what imports everywhere.

The content comes from the 2025/26 pilot (week 1 and week 3 assignments, the weekly live
session poll, the week 8 final pitch); prompts carry French and Arabic content translations.
Its dates follow the day it is written (:mod:`xblocks.common.demo_dates`, the calendar the
sandbox uses too): the course is under way, the poll open for sessions starting next week, every
assignment due ahead. ``--today YYYY-MM-DD`` (or ``WIKILEARN_DEMO_TODAY``) writes another day's course.
"""

import argparse
import datetime
import io
import json
import sys
import tarfile

from lxml import etree

from xblocks.common.content_translation.content import source_version
from xblocks.common.demo_dates import demo_calendar, iso_date, iso_datetime

ORG, NUMBER, RUN = "Wikimedia", "PB101", "2026"
COURSE_NAME = "Partnership Building"
BLOCK_TYPES = ["wikilearn_rubric", "wikilearn_timezone_poll", "wikilearn_pitch_review"]


def criterion(key, name, description, feedback="optional"):
    """One rubric/pitch criterion as the blocks store it."""
    return {"key": key, "name": name, "description": description, "feedback": feedback}


WEEK1_PROMPT = ("For each of the five examples in this week's reading, decide whether it is a partnership or not, "
                "and explain why in two or three sentences. Then review and revise your group's mission statement.")
WEEK3_PROMPT = ("Write out the Theory of Change for the partnership with your chosen potential partner, including "
                "the metrics you propose for measuring progress against its goals.")
POLL_QUESTION = ("When could you attend the two-hour live session each week? Mark every time you could make it.")
PITCH_INSTRUCTIONS = (
    "Design and deliver a 20-minute pitch of your partnership to your chosen potential partner, bringing together "
    "your self-presentation, partner research, value proposition, evidence toolkit and theory of change. Upload "
    "your slides (PDF, ODP or PPTX), add links to your slides or recording, and name the partner and what you ask "
    "of them. Your instructor and two fellow learners listen, give feedback first as the prospective partner, "
    "then as peers.")

TRANSLATIONS = {
    WEEK1_PROMPT: {
        "fr": ("Pour chacun des cinq exemples de la lecture de cette semaine, dites s'il s'agit d'un partenariat ou "
               "non, et expliquez pourquoi en deux ou trois phrases. Relisez ensuite la déclaration de mission de "
               "votre groupe et révisez-la."),
        "ar": ("لكل مثال من الأمثلة الخمسة في قراءة هذا الأسبوع، حدّد ما إذا كان شراكة أم لا، واشرح السبب في جملتين "
               "أو ثلاث. ثم راجع بيان مهمة مجموعتك ونقّحه."),
    },
    POLL_QUESTION: {
        "fr": ("Quand pourriez-vous assister chaque semaine à la séance en direct de deux heures ? Cochez tous les "
               "créneaux où vous seriez disponible."),
        "ar": "متى يمكنك حضور الجلسة المباشرة الأسبوعية ومدتها ساعتان؟ حدّد كل الأوقات التي يمكنك الحضور فيها.",
    },
    PITCH_INSTRUCTIONS: {
        "fr": ("Concevez et présentez en 20 minutes le projet de partenariat à votre partenaire potentiel, en "
               "réunissant votre présentation, vos recherches sur le partenaire, la proposition de valeur, la boîte "
               "à outils de preuves et la théorie du changement. Votre formateur et deux autres apprenants vous "
               "écoutent et donnent leur avis, d'abord en tant que partenaire, puis en tant que pairs."),
        "ar": ("صمّم عرضًا مدته 20 دقيقة لشراكتك وقدّمه لشريكك المحتمل، جامعًا تقديمك لنفسك وبحثك عن الشريك وعرض "
               "القيمة ومجموعة الأدلة ونظرية التغيير. يستمع إليك مدربك واثنان من زملائك ويقدّمون ملاحظاتهم أولًا "
               "بصفتهم الشريك المحتمل ثم بصفتهم زملاء."),
    },
}


def translations(field, source):
    """``content_translations`` for one field: French and Arabic, made from the current source."""
    version = source_version(source)
    return {field: {lang: {"text": text, "source_version": version} for lang, text in TRANSLATIONS[source].items()}}


def outline(calendar):
    """``[(chapter url_name, chapter title, [(sequential url_name, title, intro html, block type, url_name,
    fields)])]``, dated from ``calendar``."""
    return [
        ("week1", "Week 1: Knowing and presenting ourselves", [
            ("week1_assignment", "Partnership or not?",
             "<p>Distinguishing partnerships from non-partnerships; what makes a mission statement effective.</p>",
             "wikilearn_rubric", "week1_partnership_or_not", {
                 "display_name": "Partnership or not?", "prompt": WEEK1_PROMPT, "max_attempts": 0,
                 "due": iso_datetime(calendar.week1_due),
                 "content_translations": translations("prompt", WEEK1_PROMPT),
                 "criteria": [
                     criterion("judgement", "Judgement", "Each example is classified correctly."),
                     criterion("reasoning", "Reasoning", "The explanation names what makes a partnership (shared "
                               "goals, mutual benefit, commitment).", "required"),
                     criterion("mission", "Mission statement", "The revised mission statement is clear and specific."),
                 ]}),
            ("live_session", "Weekly live session",
             "<p>Each live session opens with about 20 minutes reviewing last week's homework.</p>",
             "wikilearn_timezone_poll", "weekly_live_session", {
                 "display_name": "Partnership Building: weekly live session", "question": POLL_QUESTION,
                 "session_length": 120, "slot_step": 60, "offered_days": "Tue, Wed, Thu",
                 "first_session": iso_date(calendar.poll_first_session),
                 "last_session": iso_date(calendar.poll_last_session), "closes": iso_date(calendar.poll_closes),
                 "acceptable_hours": "08:00-22:00",
                 "show_heat_map": True, "content_translations": translations("question", POLL_QUESTION)}),
        ]),
        ("week3", "Week 3: Theory of change and partnership pitch", [
            ("week3_assignment", "Theory of change",
             "<p>Documenting expected cause and effect, and devising metrics for measuring progress.</p>",
             "wikilearn_rubric", "week3_theory_of_change", {
                 "display_name": "Theory of change", "prompt": WEEK3_PROMPT, "max_attempts": 3, "accept_files": True,
                 "due": iso_datetime(calendar.week3_due),
                 "criteria": [
                     criterion("causality", "Cause and effect", "Each step plausibly leads to the next.", "required"),
                     criterion("metrics", "Metrics", "Metrics are measurable and tied to the goals.", "required"),
                 ]}),
        ]),
        ("week8", "Week 8: Final projects", [
            ("week8_pitch", "Final partnership pitch",
             "<p>Choosing a structure and flow for your pitch presentation.</p>",
             "wikilearn_pitch_review", "week8_final_pitch", {
                 "display_name": "Final partnership pitch", "instructions": PITCH_INSTRUCTIONS,
                 "submission_deadline": iso_datetime(calendar.pitch_submission_deadline),
                 "review_deadline": iso_datetime(calendar.pitch_review_deadline),
                 "content_translations": translations("instructions", PITCH_INSTRUCTIONS),
                 "criteria": [
                     criterion("value_proposition", "Value proposition", "What each side gains is clear and "
                               "convincing."),
                     criterion("evidence", "Evidence", "Claims are backed by the evidence toolkit and the theory of "
                               "change."),
                     criterion("structure", "Structure and flow", "The pitch builds to a specific ask and fits 20 "
                               "minutes."),
                     criterion("delivery", "Delivery", "Speaks to what the partner cares about and answers questions "
                               "well."),
                 ]}),
        ]),
    ]

OVERVIEW = """<section class="about">
  <h2>About this course</h2>
  <p>Partnership Building teaches Wikimedia volunteers and affiliate staff to find, pitch, run and evaluate
  partnerships with cultural, educational and civil-society institutions, centred on one real potential partner
  of each learner's group. Eight weekly lessons with a live session, practical assignments graded on the
  WikiLearn scale (poor, needs improvement, good, excellent) with resubmission, and a final 20-minute pitch
  reviewed by the instructor and two fellow learners.</p>
</section>
"""


def attribute(value):
    """A field value as an OLX attribute (what XBlock's ``Field.to_string`` writes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def block_olx(block_type, url_name, fields):
    """The OLX element of one WikiLearn block."""
    element = etree.Element(block_type, url_name=url_name)
    for name, value in fields.items():
        element.set(name, attribute(value))
    return element


def xml_bytes(element):
    """Serialized XML, as Studio's exporter writes it."""
    return etree.tostring(element, pretty_print=True, encoding="utf-8")


def course_files(calendar=None):
    """``{path inside the archive: bytes}`` for the whole course, dated from ``calendar`` (default: today's)."""
    calendar = calendar or demo_calendar()
    start = iso_datetime(datetime.datetime.combine(calendar.course_start, datetime.time(), tzinfo=datetime.UTC))
    files = {"course/course.xml": xml_bytes(etree.Element("course", url_name=RUN, org=ORG, course=NUMBER))}
    course = etree.Element("course", display_name=COURSE_NAME, language="en", start=start)
    for chapter_name, chapter_title, sequentials in outline(calendar):
        etree.SubElement(course, "chapter", url_name=chapter_name)
        chapter = etree.Element("chapter", display_name=chapter_title)
        for seq_name, seq_title, intro, block_type, block_name, fields in sequentials:
            etree.SubElement(chapter, "sequential", url_name=seq_name)
            sequential = etree.Element("sequential", display_name=seq_title)
            etree.SubElement(sequential, "vertical", url_name=f"{seq_name}_unit")
            vertical = etree.Element("vertical", display_name=seq_title)
            etree.SubElement(vertical, "html", url_name=f"{seq_name}_intro")
            vertical.append(block_olx(block_type, block_name, fields))  # inline: see the module docstring
            files[f"course/html/{seq_name}_intro.xml"] = xml_bytes(
                etree.Element("html", filename=f"{seq_name}_intro", display_name="Introduction"))
            files[f"course/html/{seq_name}_intro.html"] = intro.encode("utf-8")
            files[f"course/vertical/{seq_name}_unit.xml"] = xml_bytes(vertical)
            files[f"course/sequential/{seq_name}.xml"] = xml_bytes(sequential)
        files[f"course/chapter/{chapter_name}.xml"] = xml_bytes(chapter)
    files[f"course/course/{RUN}.xml"] = xml_bytes(course)
    files["course/about/overview.html"] = OVERVIEW.encode("utf-8")
    files["course/about/short_description.html"] = (
        b"Find, pitch, run and evaluate partnerships for your Wikimedia group.\n")
    policy = {f"course/{RUN}": {
        "display_name": COURSE_NAME, "advanced_modules": BLOCK_TYPES, "language": "en",
        "start": start, "end": iso_datetime(calendar.course_end), "self_paced": False,
    }}
    files[f"course/policies/{RUN}/policy.json"] = json_bytes(policy)
    files[f"course/policies/{RUN}/grading_policy.json"] = json_bytes({
        "GRADER": [{"type": "Assignment", "short_label": "A", "min_count": 2, "drop_count": 0, "weight": 0.6},
                   {"type": "Final pitch", "short_label": "P", "min_count": 1, "drop_count": 0, "weight": 0.4}],
        "GRADE_CUTOFFS": {"Pass": 0.5},
    })
    files["course/policies/assets.json"] = b"{}\n"
    return files


def json_bytes(value):
    """Pretty JSON, UTF-8."""
    return (json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def write_archive(target, calendar=None):
    """Write the course (dated from ``calendar``, default today's) as a .tar.gz to ``target``; return the
    list of member names."""
    files = course_files(calendar)
    with tarfile.open(target, "w:gz") as archive:
        for name in sorted(files):
            data = files[name]
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 1767225600  # 2026-01-01: the same course (same day) gives the same archive
            archive.addfile(info, io.BytesIO(data))
    return sorted(files)


def main(argv=None):
    """Command line: write the archive and say what is in it."""
    parser = argparse.ArgumentParser(description=f"Write the '{COURSE_NAME}' demo course as an OLX .tar.gz.")
    parser.add_argument("output", help="archive to write, e.g. dist/partnership-building.tar.gz")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                        help="date the course from this day (YYYY-MM-DD) instead of today")
    args = parser.parse_args(argv)
    calendar = demo_calendar(args.today)
    write_archive(args.output, calendar)
    names = course_files(calendar)
    blocks = sum(name.startswith("course/vertical/") and names[name].count(b"<wikilearn_") for name in names)
    sys.stdout.write(f"Wrote {args.output}: {len(names)} files, {blocks} WikiLearn blocks, dated from "
                     f"{calendar.today.isoformat()} (course start {calendar.course_start.isoformat()}). "
                     "Import it in Studio: Tools > Import.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
