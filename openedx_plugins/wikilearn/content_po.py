"""Course content translations to and from gettext PO: the bridge to translatewiki.net or Meta's Translate.

One PO unit per translatable unit of each suite block: ``msgctxt`` is ``"<usage id>|<unit>"``,
``msgid`` the source text, ``msgstr`` the translation, and an extracted comment (``#.``) carries
``source_version`` (the digest of the source the unit was exported with) and the translation's
state. Outdated translations are exported flagged ``fuzzy``.

Import applies each block's units together or not at all. It reports units whose source
changed since export (imported, stored against the exported ``source_version`` so they show as
outdated), unknown units (no such block or unit), malformed units (no context, no source version,
unusable text; the rest of that block is then not applied either), fuzzy units (skipped, as
gettext does) and untranslated ones. Blocks are read only through their documented
``translatable_content()`` and ``set_translation()`` methods.
"""

import re
from collections import defaultdict

VERSION_COMMENT = re.compile(r"source_version:\s*([0-9a-f]{6,64})\b")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")


class ContentPOError(ValueError):
    """The PO file or the request as a whole cannot be used (nothing was applied)."""


def normalize_language(code):
    """``pt_BR`` -> ``pt-br``; ContentPOError when it is not a language code."""
    value = (code or "").strip().replace("_", "-").lower()
    if not LANGUAGE_CODE.match(value):
        raise ContentPOError(f"{code!r} is not a language code")
    return value


def export_po(course_key, blocks, language):
    """A ``polib.POFile`` with every translatable unit of ``blocks`` and its ``language`` translation."""
    import polib

    language = normalize_language(language)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Project-Id-Version": f"WikiLearn course content {course_key}", "Language": language,
                   "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "X-WikiLearn-Course": str(course_key)}
    for block in blocks:
        usage = str(block.scope_ids.usage_id)
        name = getattr(block, "display_name", "") or block.scope_ids.block_type
        for unit, content in block.translatable_content().items():
            if not content["source"]:
                continue
            translation = content["translations"].get(language, {})
            state = translation.get("state", "missing")
            po.append(polib.POEntry(
                msgctxt=f"{usage}|{unit}", msgid=content["source"], msgstr=translation.get("text", ""),
                comment=f"source_version: {content['version']}\nstate: {state}\nsource_language: "
                        f"{content['language']}\nblock: {name}",
                flags=["fuzzy"] if state == "outdated" else []))
    return po


def _plan(po, by_usage, report):
    """Units to apply per block, and blocks refused because one of their units is malformed."""
    plan, refused = defaultdict(list), {}
    for entry in po:
        if entry.obsolete:
            continue
        context = entry.msgctxt or ""
        usage, _sep, unit = context.rpartition("|")
        if not usage or not unit:
            report["malformed"].append({"context": context, "reason": "msgctxt is not '<usage id>|<unit>'"})
            continue
        block = by_usage.get(usage)
        content = block.translatable_content() if block is not None else {}
        if unit not in content:
            reason = "no such block in this course" if block is None else "no such unit in this block"
            report["unknown"].append({"context": context, "reason": reason})
            continue
        found = VERSION_COMMENT.search(entry.comment or "")
        if not found:
            report["malformed"].append({"context": context, "reason": "no source_version comment"})
            refused.setdefault(usage, "a unit of this block is malformed")
            continue
        if "fuzzy" in entry.flags:
            report["fuzzy"].append({"context": context})
            continue
        if not entry.msgstr:
            report["untranslated"] += 1
            continue
        plan[usage].append((unit, entry.msgstr, found.group(1), context, found.group(1) != content[unit]["version"]))
    return plan, refused


def import_po(course, po, language):
    """Apply the translations of ``po`` (a ``polib.POFile``) to ``course`` (CourseBlocks); return the report."""
    language = normalize_language(language)
    declared = po.metadata.get("Language")
    if declared and normalize_language(declared) != language:
        raise ContentPOError(f"the file is in {declared!r}, not {language!r}")
    report = {"language": language, "applied": [], "outdated": [], "unknown": [], "malformed": [], "fuzzy": [],
              "untranslated": 0, "rejected_blocks": []}
    by_usage = {str(block.scope_ids.usage_id): block for block in course.blocks}
    plan, refused = _plan(po, by_usage, report)
    for usage, reason in refused.items():
        report["rejected_blocks"].append({"usage": usage, "reason": reason})
    for usage, units in plan.items():
        if usage in refused:
            continue
        block = by_usage[usage]
        before = block.content_translations
        try:
            for unit, text, version, _context, _outdated in units:
                block.set_translation(unit, language, text, version=version)
        except Exception as error:  # a BlockError of the block: bad text, source language...
            if not getattr(error, "error_code", None):
                raise
            block.content_translations = before
            report["malformed"].append({"context": f"{usage}|{unit}", "reason": error.error_code})
            report["rejected_blocks"].append({"usage": usage, "reason": error.error_code})
            continue
        course.save(block)
        for _unit, _text, _version, context, outdated in units:
            report["applied"].append(context)
            if outdated:
                report["outdated"].append({"context": context, "reason": "the source changed since export"})
    return report
