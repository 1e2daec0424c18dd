"""``python -m tests.peers.mediawiki_oauth --port 8001``: the development provider for the sandbox.

It registers one consumer usable by both protocols (key and secret below, which are also the
sandbox's defaults) and shows a form to pick the wiki account at the authorize step.
"""

import argparse

from tests.peers.mediawiki_oauth.server import MediaWikiProvider
from tests.peers.mediawiki_oauth.store import DEV_KEY, DEV_SECRET


def main(argv=None):
    """Parse arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--key", default=DEV_KEY)
    parser.add_argument("--secret", default=DEV_SECRET)
    parser.add_argument("--user", default=None, help="approve every login as this wiki user (no form)")
    args = parser.parse_args(argv)
    provider = MediaWikiProvider(args.host, args.port)
    provider.store.add_consumer(args.key, args.secret)
    provider.store.current_user = args.user
    print(f"MediaWiki OAuth development provider on {provider.url} (consumer key {args.key})", flush=True)
    try:
        provider.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
