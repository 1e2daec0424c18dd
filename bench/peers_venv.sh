#!/usr/bin/env bash
# Build the peers' virtualenv for bench/side_by_side.py (and bench/rubric.py, bench/timezone_poll.py):
# the suite's test set at the versions requirements/test.txt pins, the suite itself (editable, from
# this checkout), ORA2 and xblock-poll from PyPI, constrained by the same pins so that the peers run
# on the suite's Django, XBlock, xblock-sdk and edx-submissions. Idempotent: re-running reinstalls
# only what changed; PEERS_VENV_CLEAR=1 starts from an empty venv.
#
#   bench/peers_venv.sh                      # -> bench/.work/peers-venv (git-ignored)
#   bench/.work/peers-venv/bin/python bench/side_by_side.py
#
# Python 3.12 is looked for as the Makefile does (python3.12 on PATH when it really runs, then
# pyenv, then common paths), else 3.11; PEERS_PYTHON=/path/to/python overrides.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${PEERS_VENV:-bench/.work/peers-venv}
# ORA2 7.1.2 is the version issue 18's table names; xblock-poll 1.16.1 likewise.
ORA2_VERSION=${ORA2_VERSION:-7.1.2}
XBLOCK_POLL_VERSION=${XBLOCK_POLL_VERSION:-1.16.1}
LOCK=requirements/test.txt

find_python() {
    local version candidate
    for version in 3.12 3.11; do
        for candidate in "python$version" "$(pyenv root 2>/dev/null)"/versions/"$version"*/bin/"python$version" \
            "$HOME"/.pyenv/versions/"$version"*/bin/"python$version" /usr/local/bin/"python$version" \
            /usr/bin/"python$version"; do
            if "$candidate" -c "import sys; assert '%d.%d' % sys.version_info[:2] == '$version'" >/dev/null 2>&1
            then
                echo "$candidate"
                return 0
            fi
        done
    done
    return 1
}

PYTHON=${PEERS_PYTHON:-$(find_python || true)}
if [ -z "$PYTHON" ]; then
    echo "Python 3.12 or 3.11 is required and was not found (tried python3.12, python3.11 and pyenv)." >&2
    echo "Install one, e.g. 'pyenv install 3.12', or set PEERS_PYTHON=/path/to/python." >&2
    exit 1
fi

if [ "${PEERS_VENV_CLEAR:-0}" = 1 ]; then
    rm -rf "$VENV"
fi
mkdir -p "$(dirname "$VENV")"
test -x "$VENV/bin/python" || "$PYTHON" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip)
echo "peers venv: $VENV ($("$VENV/bin/python" --version))"

"${PIP[@]}" install -q --upgrade pip
# The suite's test set (xblock-sdk's workbench runtime, edx-submissions, mysqlclient for --db mysql).
"${PIP[@]}" install -q -c "$LOCK" -r "$LOCK"
"${PIP[@]}" install -q --no-deps --no-build-isolation -e .
# The peers, with their own dependencies pinned to whatever the lock already pins.
"${PIP[@]}" install -q -c "$LOCK" "ora2==$ORA2_VERSION" "xblock-poll==$XBLOCK_POLL_VERSION"
"${PIP[@]}" check

"$VENV/bin/python" - <<'EOF'
from importlib.metadata import version
print(", ".join(f"{name} {version(name)}" for name in
                ("django", "xblock", "xblock-sdk", "edx-submissions", "ora2", "xblock-poll")))
EOF
touch "$VENV/.installed"
