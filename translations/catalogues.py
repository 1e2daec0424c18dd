"""Extract, compile and check the suite's gettext catalogues.

    python translations/catalogues.py extract   # refresh the English source and merge every language
    python translations/catalogues.py compile   # .po -> .mo (+ JS catalogues) where Open edX looks
    python translations/catalogues.py check     # fail on a string missing from the catalogues, an
                                                # untranslated entry, a broken placeholder or plural

Layout (mirrors openedx-translations, so ``atlas pull`` can bring community translations):

    translations/<project>/conf/locale/<locale>/LC_MESSAGES/django.po     Python + templates
    translations/<project>/conf/locale/<locale>/LC_MESSAGES/djangojs.po   JavaScript

``xblocks`` is the root module of every block, and the LMS looks for block catalogues by root
module (edx-platform ``xmodule/modulestore/django.py`` ``XBlockI18nService.get_python_locale``):
``conf/plugins-locale/xblock.v1/xblocks/<locale>/LC_MESSAGES/django.mo`` when atlas placed that
folder (OEP-58), else ``xblocks/translations/<locale>/LC_MESSAGES/text.mo``, which compile writes
(one catalogue for all blocks), with ``public/js/translations/<locale>.js`` (namespace
``WikiLearnI18N``) beside each block for its JavaScript.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "translations"
SOURCE_LOCALE = "en"
# Each language with the plural rule its catalogue must declare.
LANGUAGES = {
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "hi": "nplurals=2; plural=(n != 1);",
    "id": "nplurals=1; plural=0;",
}
BLOCK_PACKAGES = ("rubric", "pitch_review", "timezone_poll")
PROJECTS = {
    "xblocks": {"sources": ["xblocks"], "js": True},
    # The login refusals of wikimedia_oauth_backend are shown by the LMS through its own gettext, so
    # they ship in the openedx_plugins catalogue (openedx_plugins/wikilearn/locale).
    "openedx_plugins": {"sources": ["openedx_plugins", "wikimedia_oauth_backend"], "js": False},
}
PY_KEYWORDS = ["_", "gettext", "gettext_noop", "gettext_lazy", "ngettext:1,2", "ngettext_lazy:1,2",
               "pgettext:1c,2", "npgettext:1c,2,3"]
JS_KEYWORDS = ["gettext", "ngettext:1,2"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
SAFE_PLURAL = re.compile(r"^[n0-9 ()%<>=!&|?:]+$")


def po_path(project, locale, domain):
    """Where the catalogue of ``project`` for ``locale`` and ``domain`` lives."""
    return CATALOGUES / project / "conf" / "locale" / locale / "LC_MESSAGES" / f"{domain}.po"


def source_files(project, suffixes):
    """Files of ``project`` to extract from (no tests, no generated catalogues)."""
    files = []
    for top in PROJECTS[project]["sources"]:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix in suffixes and "translations" not in path.parts and "locale" not in path.parts:
                files.append(path)
    return files


def _xgettext(language, keywords, files, output):
    args = ["xgettext", f"--language={language}", "--from-code=UTF-8", "--add-comments=Translators",
            "--sort-by-file", "--no-wrap", "--package-name=wikilearn-suite", "-o", str(output)]
    args += [f"--keyword={keyword}" for keyword in keywords]
    Path(output).unlink(missing_ok=True)  # xgettext writes nothing when it finds no string
    names = [str(f.relative_to(ROOT)) if f.is_relative_to(ROOT) else str(f) for f in files]
    subprocess.run(args + names, check=True, cwd=ROOT)


def _templatized(files, workdir):
    """Django templates turned into Python that xgettext understands (what makemessages does)."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True)
    from django.utils.translation.template import templatize

    out = []
    for path in files:
        target = workdir / (str(path.relative_to(ROOT)).replace("/", "__") + ".py")
        target.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(path)), encoding="utf-8")
        out.append((target, path))
    return out


def extract_pot(project, workdir):
    """Fresh templates of the project's strings: ``{"django": POFile, "djangojs": POFile}``."""
    workdir = Path(workdir)
    py = source_files(project, {".py"})
    templates = _templatized(source_files(project, {".html"}), workdir)
    pots = {}
    django_pot = workdir / "django.pot"
    _xgettext("Python", PY_KEYWORDS, py + [t for t, _ in templates], django_pot)
    pots["django"] = polib.pofile(str(django_pot)) if django_pot.exists() else polib.POFile()
    renames = {str(t.relative_to(ROOT)) if t.is_relative_to(ROOT) else str(t): str(src.relative_to(ROOT))
               for t, src in templates}
    for entry in pots["django"]:
        entry.occurrences = [(renames.get(name, name), line) for name, line in entry.occurrences]
    if PROJECTS[project]["js"]:
        js_pot = workdir / "djangojs.pot"
        _xgettext("JavaScript", JS_KEYWORDS, source_files(project, {".js"}), js_pot)
        pots["djangojs"] = polib.pofile(str(js_pot)) if js_pot.exists() else polib.POFile()
    return pots


def _header(locale, plural):
    return {
        "Project-Id-Version": "wikilearn-suite",
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural,
    }


def extract():
    """Rewrite every source catalogue from the code and merge each language (keeping translations)."""
    for project in PROJECTS:
        with tempfile.TemporaryDirectory() as workdir:
            for domain, pot in extract_pot(project, workdir).items():
                source = po_path(project, SOURCE_LOCALE, domain)
                source.parent.mkdir(parents=True, exist_ok=True)
                pot.metadata = _header(SOURCE_LOCALE, "nplurals=2; plural=(n != 1);")
                pot.save(str(source))
                for locale, plural in LANGUAGES.items():
                    path = po_path(project, locale, domain)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    catalogue = polib.pofile(str(path)) if path.exists() else polib.POFile()
                    catalogue.merge(pot)
                    catalogue.metadata = _header(locale, plural)
                    nplurals = int(re.search(r"nplurals=(\d+)", plural).group(1))
                    for entry in catalogue:
                        if entry.msgid_plural:  # exactly the language's forms, keeping translations
                            entry.msgstr_plural = {i: entry.msgstr_plural.get(i, "") for i in range(nplurals)}
                    for entry in catalogue.obsolete_entries():
                        catalogue.remove(entry)
                    catalogue.save(str(path))
                print(f"{project}/{domain}: {len(pot)} strings")


def js_catalogue(catalogue, plural):
    """A JS file defining ``window.WikiLearnI18N`` (gettext, ngettext) for one locale."""
    import json

    expression = plural.split("plural=", 1)[1].rstrip(";").strip()
    if not SAFE_PLURAL.match(expression):
        raise ValueError(f"unexpected plural expression {expression!r}")
    messages = {}
    for entry in catalogue.translated_entries():
        messages[entry.msgid] = ([entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
                                 if entry.msgid_plural else entry.msgstr)
    data = json.dumps(messages, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return (
        "/* Generated by translations/catalogues.py compile: do not edit. */\n"
        "(function (g) {\n  'use strict';\n"
        f"  var m = {data};\n"
        f"  function p(n) {{ return Number({expression}); }}\n"
        "  function gt(s) { var t = m[s]; return typeof t === 'string' && t ? t : s; }\n"
        "  function ngt(s, pl, n) { var t = m[s]; if (Array.isArray(t) && t[p(n)]) { return t[p(n)]; }"
        " return n === 1 ? s : pl; }\n"
        "  g.WikiLearnI18N = {gettext: gt, ngettext: ngt, pluralidx: p};\n"
        "}(window));\n"
    )


def compiled_outputs():
    """Every compiled file: ``{target path: (kind, source .po path, locale)}``."""
    outputs = {}
    for locale in LANGUAGES:
        django_po = po_path("xblocks", locale, "django")
        js_po = po_path("xblocks", locale, "djangojs")
        # One catalogue for every block: the LMS looks under the blocks' root module (see the docstring).
        outputs[ROOT / "xblocks" / "translations" / locale / "LC_MESSAGES" / "text.mo"] = ("mo", django_po, locale)
        for package in BLOCK_PACKAGES:
            js_name = locale.replace("_", "-").lower()
            target = ROOT / "xblocks" / package / "public" / "js" / "translations" / f"{js_name}.js"
            outputs[target] = ("js", js_po, locale)
        plugins_po = po_path("openedx_plugins", locale, "django")
        for app in ("wikilearn", "recordings"):
            target = ROOT / "openedx_plugins" / app / "locale" / locale / "LC_MESSAGES" / "django.mo"
            outputs[target] = ("mo", plugins_po, locale)
    return outputs


def render_output(kind, source, locale):
    """The bytes a compiled file must contain."""
    if kind == "js":
        return js_catalogue(polib.pofile(str(source)), LANGUAGES[locale]).encode("utf-8")
    with tempfile.TemporaryDirectory() as workdir:
        target = Path(workdir) / "out.mo"
        subprocess.run(["msgfmt", "--check-format", "-o", str(target), str(source)], check=True)
        return target.read_bytes()


def compile_all():
    """Write every compiled catalogue."""
    for target, (kind, source, locale) in compiled_outputs().items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_output(kind, source, locale))
    print(f"compiled {len(compiled_outputs())} catalogues")


def check_catalogue(path, plural, source_ids):
    """Problems of one language catalogue against the source msgids."""
    problems = []
    catalogue = polib.pofile(str(path))
    if catalogue.metadata.get("Plural-Forms", "").replace(" ", "") != plural.replace(" ", ""):
        problems.append(f"{path}: Plural-Forms must be '{plural}'")
    nplurals = int(re.search(r"nplurals=(\d+)", plural).group(1))
    present = {entry.msgid for entry in catalogue if not entry.obsolete}
    problems += [f"{path}: missing {msgid!r}" for msgid in sorted(source_ids - present)]
    for entry in catalogue:
        if entry.obsolete:
            continue
        where = f"{path}: {entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals)]
            if not all(forms) or len(entry.msgstr_plural) != nplurals:
                problems.append(f"{where} needs {nplurals} plural forms")
            plural_wanted = set(PLACEHOLDER.findall(entry.msgid_plural)) | set(wanted)
            for form in forms:
                if form and not set(PLACEHOLDER.findall(form)) <= plural_wanted:
                    problems.append(f"{where} plural form has an unknown placeholder")
        elif not entry.msgstr:
            problems.append(f"{where} is not translated")
        elif sorted(PLACEHOLDER.findall(entry.msgstr)) != wanted:
            problems.append(f"{where} breaks its placeholders {wanted}")
    return problems


def check():
    """Every problem across the catalogues, as a list of messages (empty when all is well)."""
    problems = []
    for project in PROJECTS:
        with tempfile.TemporaryDirectory() as workdir:
            for domain, pot in extract_pot(project, workdir).items():
                source_path = po_path(project, SOURCE_LOCALE, domain)
                committed = {e.msgid for e in polib.pofile(str(source_path))} if source_path.exists() else set()
                fresh = {entry.msgid for entry in pot}
                problems += [f"{source_path}: {msgid!r} is in the code but not in the source catalogue "
                             "(run make extract_translations)" for msgid in sorted(fresh - committed)]
                for locale, plural in LANGUAGES.items():
                    path = po_path(project, locale, domain)
                    if not path.exists():
                        problems.append(f"{path}: missing catalogue")
                        continue
                    problems += check_catalogue(path, plural, fresh)
    for target, (kind, source, locale) in compiled_outputs().items():
        if source.exists() and (not target.exists() or target.read_bytes() != render_output(kind, source, locale)):
            problems.append(f"{target.relative_to(ROOT)} is out of date (run make compile_translations)")
    return problems


def main(argv=None):
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("command", choices=["extract", "compile", "check"])
    args = parser.parse_args(argv)
    if shutil.which("xgettext") is None:
        sys.exit("GNU gettext is required: apt-get install gettext")
    if args.command == "extract":
        extract()
    elif args.command == "compile":
        compile_all()
    else:
        problems = check()
        for problem in problems:
            print(problem)
        if problems:
            sys.exit(f"{len(problems)} translation problems")
        print("translations: all catalogues complete and compiled")


if __name__ == "__main__":
    main()
