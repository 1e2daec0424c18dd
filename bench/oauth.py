"""HTTP round trips (and time, SQL queries) per Wikimedia login, for both protocols.

Each login runs the sandbox's real stack (Django test client + social_django + the suite's
backends) against the local provider on 127.0.0.1 (tests/peers/mediawiki_oauth). Counted:

- requests the wiki receives (the provider's own log), by endpoint;
- requests the Django side sends to the wiki (social-core's ``requests.request`` calls);

    .venv/bin/python bench/oauth.py          # writes the "oauth" section of bench/RESULTS.md
"""

import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGINS = int(os.environ.get("OAUTH_BENCH_LOGINS", "30"))
TARGET = {"mediawiki-oauth2": ["authorize", "token", "profile"],
          "mediawiki-oauth1": ["initiate", "authorize1", "token1", "identify"]}


def setup_django(workdir):
    """Sandbox settings on a throwaway SQLite database, migrated."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sandbox.settings"
    os.environ["WIKILEARN_DB"] = "sqlite"
    os.environ["WIKILEARN_VAR_DIR"] = str(workdir)
    os.environ["WIKILEARN_SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


class OutboundCounter:
    """Counts the HTTP requests social-core sends, by wrapping ``requests.request`` in its module."""

    def __init__(self):
        import social_core.backends.base as base

        self.base, self.original, self.count = base, base.requests.request, 0

    def __enter__(self):
        def counting(*args, **kwargs):
            self.count += 1
            return self.original(*args, **kwargs)

        self.base.requests.request = counting
        return self

    def __exit__(self, *exc):
        self.base.requests.request = self.original


def one_login(provider, backend, index):
    """A fresh wiki user logs in; returns (wiki endpoints, outbound count, seconds, queries)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.peers.mediawiki_oauth import WikiUser
    from tests.peers.mediawiki_oauth.testing import authorize, begin, local_path

    name = f"Bench {backend[-6:]} {index}"
    sub = str(index + (50_000 if backend.endswith("1") else 60_000))  # a central user id, distinct per protocol
    provider.store.add_user(WikiUser(sub, name, email=f"u{index}@example.org", confirmed_email=True))
    provider.store.current_user = name
    provider.store.log.clear()
    client = Client()
    started = time.perf_counter()
    with OutboundCounter() as outbound, CaptureQueriesContext(connection) as queries:
        callback = authorize(begin(client, backend))
        response = client.get(local_path(callback))
    elapsed = time.perf_counter() - started
    assert response.status_code == 302 and response["Location"] == "/", response
    endpoints = [endpoint for _method, endpoint in provider.store.log]
    return endpoints, outbound.count, elapsed, len(queries)


def measure(provider, backend):
    """LOGINS logins; the figures that vary are summarised."""
    runs = [one_login(provider, backend, index) for index in range(LOGINS)]
    endpoints = Counter(tuple(run[0]) for run in runs)
    assert len(endpoints) == 1, endpoints
    wiki_calls = list(endpoints)[0]
    return {
        "wiki_calls": wiki_calls, "outbound": max(run[1] for run in runs),
        "median_ms": statistics.median(run[2] for run in runs) * 1000,
        "queries": statistics.median(run[3] for run in runs),
        "on_target": list(wiki_calls) == TARGET[backend],
    }


def main():
    """Run both protocols and write the section."""
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(Path(workdir))
        from django.test.utils import override_settings

        from tests.peers.mediawiki_oauth.testing import KEY, SECRET, running_provider

        rows = {}
        with running_provider() as provider:
            overrides = {f"SOCIAL_AUTH_MEDIAWIKI_OAUTH{n}_{field}": value for n in (1, 2)
                         for field, value in (("KEY", KEY), ("SECRET", SECRET), ("URL", provider.url))}
            with override_settings(**overrides, SOCIAL_AUTH_RAISE_EXCEPTIONS=True):
                for backend in TARGET:
                    rows[backend] = measure(provider, backend)
    lines = [
        "## Wikimedia login round trips (`bench/oauth.py`)", "",
        f"{LOGINS} logins per protocol, each by a new wiki account, through the sandbox's stack (Django test client, "
        "social_django, the suite's backends) against the local provider on 127.0.0.1. Target for OAuth 2.0: the "
        "authorize redirect, one token request, one profile request, and no more.", "",
        "| backend | requests the wiki receives | of them from the server | on target "
        "| median login ms | SQL queries per login |",
        "|---|---|---:|---|---:|---:|",
    ]
    for backend, row in rows.items():
        calls = ", ".join(row["wiki_calls"])
        lines.append(f"| `{backend}` | {len(row['wiki_calls'])} ({calls}) | {row['outbound']} "
                     f"| {'yes' if row['on_target'] else 'NO'} | {row['median_ms']:.1f} | {row['queries']:.0f} |")
    lines += ["", "The browser itself makes three requests per login: POST `/social/login/<backend>/`, the wiki's "
              "authorize page (counted above) and the callback `/social/complete/<backend>/`. OAuth 1.0a needs "
              "one more server request than OAuth 2.0 (the request token, before the browser leaves). Median login "
              "time includes both sides on one machine (the provider runs in the same process). Two of the queries "
              "are the one-account-per-wiki-user lookups the backend makes before the pipeline (this protocol's "
              "association, then the other protocol's; `wikimedia_oauth_backend/accounts.py`)."]
    from bench.results import write_section

    write_section("oauth", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
