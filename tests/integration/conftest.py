"""Fixtures of the integration tests that log in through the local MediaWiki OAuth provider."""

import pytest

from tests.peers.mediawiki_oauth.testing import running_provider


@pytest.fixture(scope="module")
def provider():
    """One local provider per test module; each test resets it (``reset_wiki``)."""
    with running_provider() as running:
        yield running
