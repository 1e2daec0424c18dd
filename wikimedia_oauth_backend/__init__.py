"""social-auth-core backends for logging in with a Wikimedia (MediaWiki) account."""
