"""A local Wikimedia (MediaWiki) OAuth provider for tests and the sandbox.

OAuth 2.0 (``/w/rest.php/oauth2/authorize``, ``/access_token``, ``/resource/profile``) on
oauthlib's ``WebApplicationServer``, and OAuth 1.0a ``Special:OAuth`` initiate / authorize /
token / identify on oauthlib's OAuth 1 endpoints with an HS256 identity JWT.
Run it for the sandbox with ``python -m tests.peers.mediawiki_oauth --port 8001``.
"""

from tests.peers.mediawiki_oauth.server import MediaWikiProvider
from tests.peers.mediawiki_oauth.store import Consumer, Store, WikiUser, demo_users

__all__ = ["Consumer", "MediaWikiProvider", "Store", "WikiUser", "demo_users"]
