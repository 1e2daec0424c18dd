"""``wikilearn_content_po export|import``: a course's content translations as gettext PO.

    wikilearn_content_po export --course KEY --language LANG --output FILE.po
    wikilearn_content_po import --course KEY --language LANG FILE.po [--json]
"""

import json

from django.core.management.base import BaseCommand, CommandError

from openedx_plugins.wikilearn.content_po import ContentPOError, export_po, import_po
from openedx_plugins.wikilearn.content_source import course_blocks


class Command(BaseCommand):
    """Export the suite blocks' translatable content of a course to PO, or import a translated PO."""

    help = "Export a course's translatable block content to a PO file, or import translations from one."

    def add_arguments(self, parser):
        """``export`` and ``import`` sub-commands."""
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write one PO unit per translatable unit of every suite block.")
        export.add_argument("--course", required=True)
        export.add_argument("--language", required=True)
        export.add_argument("--output", required=True, help="The PO file to write.")
        imported = sub.add_parser("import", help="Apply the translations of a PO file.")
        imported.add_argument("--course", required=True)
        imported.add_argument("--language", required=True)
        imported.add_argument("file", help="The translated PO file.")
        imported.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, **options):
        """Run the chosen action."""
        try:
            if options["action"] == "export":
                return self._export(options)
            return self._import(options)
        except ContentPOError as error:
            raise CommandError(str(error)) from None

    def _export(self, options):
        course = course_blocks(options["course"])
        po = export_po(options["course"], course.blocks, options["language"])
        po.save(options["output"])
        self.stdout.write(f"{len(po)} units of {len(course.blocks)} blocks written to {options['output']}.")

    def _import(self, options):
        import polib

        try:
            po = polib.pofile(options["file"], wrapwidth=0)
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read {options['file']}: {error}") from None
        report = import_po(course_blocks(options["course"]), po, options["language"])
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Applied {len(report['applied'])} units ({len(report['outdated'])} outdated: the source "
                          f"changed since export); {len(report['fuzzy'])} fuzzy and {report['untranslated']} "
                          "untranslated units skipped.")
        for kind in ("outdated", "unknown", "malformed"):
            for item in report[kind]:
                self.stdout.write(f"{kind}: {item['context']} ({item['reason']})")
        for item in report["rejected_blocks"]:
            self.stdout.write(f"not applied: block {item['usage']} ({item['reason']})")
