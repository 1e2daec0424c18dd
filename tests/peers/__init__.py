"""Local protocol peers for tests and the sandbox (BigBlueButton API, MediaWiki OAuth)."""
