"""The handler docs say what the code does: every error code with its status, and every documented limit.

Error codes are read from the code itself (every ``BadRequest("code", ...)``, ``Forbidden``, ``NotFound``,
``Conflict``, ``ServiceUnavailable`` and ``BlockError(..., status=...)`` call, and the code tables a
block raises from), and compared both ways with the "## Errors" table of the doc that covers them.
"""

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATUS = {"BadRequest": 400, "Forbidden": 403, "NotFound": 404, "Conflict": 409, "ServiceUnavailable": 503,
          "BlockError": 400}
CODE_TABLES = {"CONFLICT_MESSAGES": 409, "CHECK_MESSAGES": 400}
# Which doc covers which code: each block's own package, the shared modules, content translations.
DOCS = {
    "xblocks/rubric/API.md": [ROOT / "xblocks" / "rubric"],
    "xblocks/pitch_review/API.md": [ROOT / "xblocks" / "pitch_review"],
    "xblocks/timezone_poll/API.md": [ROOT / "xblocks" / "timezone_poll"],
    "xblocks/common/ERRORS.md": [p for p in (ROOT / "xblocks" / "common").iterdir()
                                 if p.suffix == ".py" or (p.is_dir() and p.name not in ("content_translation",
                                                                                          "__pycache__"))],
    "xblocks/common/CONTENT_TRANSLATIONS.md": [ROOT / "xblocks" / "common" / "content_translation"],
}


def raised_codes(paths):
    """``{code: {status}}`` of every error the modules under ``paths`` raise."""
    found = {}
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*.py")))]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in STATUS and node.args \
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                status = next((k.value.value for k in node.keywords if k.arg == "status"), STATUS[node.func.id])
                found.setdefault(node.args[0].value, set()).add(status)
            for keyword in getattr(node, "keywords", []) if isinstance(node, ast.Call) else []:
                if keyword.arg == "missing_code" and isinstance(keyword.value, ast.Constant):  # raised as a 400
                    found.setdefault(keyword.value.value, set()).add(400)
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) in CODE_TABLES \
                    and isinstance(node.value, ast.Dict):
                for key in node.value.keys:
                    found.setdefault(key.value, set()).add(CODE_TABLES[node.targets[0].id])
    return found


def section(doc, title):
    text = (ROOT / doc).read_text(encoding="utf-8")
    assert f"## {title}" in text, f"{doc} has no '## {title}' section"
    body = text.split(f"## {title}", 1)[1]
    return body.split("\n## ", 1)[0]


def documented_codes(doc):
    """``{code: {status}}`` from the doc's "## Errors" table: ``| 400 | [when |] `code`, ... |`` rows."""
    found = {}
    for status, rest in re.findall(r"^\| (\d{3}) \|(.*)\|\s*$", section(doc, "Errors"), re.M):
        for code in re.findall(r"`(\w+)`", rest.split("|")[-1]):
            found.setdefault(code, set()).add(int(status))
    return found


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_every_error_code_is_documented_with_its_status(doc):
    raised, documented = raised_codes(DOCS[doc]), documented_codes(doc)
    assert sorted(set(raised) - set(documented)) == [], f"{doc} does not document these codes"
    assert sorted(set(documented) - set(raised)) == [], f"{doc} documents codes the code never answers"
    wrong = {code: (raised[code], documented[code]) for code in raised if raised[code] != documented[code]}
    assert wrong == {}, f"{doc}: code -> (status in the code, status documented)"
    for code, statuses in raised.items():
        assert len(statuses) == 1, f"{code} is answered with several statuses: {statuses}"


def constant(path):
    """The value a doc names as ``module.NAME`` or ``module.NAME["key"]``."""
    match = re.fullmatch(r"([\w.]+)\.(\w+)(?:\[\"(\w+)\"\])?", path)
    assert match, path
    value = getattr(importlib.import_module(match.group(1)), match.group(2))
    return value[match.group(3)] if match.group(3) else value


@pytest.mark.parametrize("doc", [d for d in sorted(DOCS) if "## Limits" in (ROOT / d).read_text(encoding="utf-8")])
def test_documented_limits_are_the_codes(doc):
    rows = re.findall(r"^\| ([^|]+) \| ([^|]+) \| `([^`]+)` \|\s*$", section(doc, "Limits"), re.M)
    assert rows, f"{doc}: no limits rows"
    for what, limit, path in rows:
        stated = int(re.search(r"\d[\d,]*", limit).group(0).replace(",", ""))
        assert constant(path) == stated, f"{doc}: {what} says {limit}, {path} is {constant(path)}"
