"""social-core backends for Wikimedia accounts: OAuth 2.0 (``mediawiki-oauth2``) and 1.0a (``mediawiki-oauth1``).

Settings (``SOCIAL_AUTH_<BACKEND>_<NAME>``, e.g. ``SOCIAL_AUTH_MEDIAWIKI_OAUTH2_KEY``), read
through ``self.setting()`` at call time:

- ``KEY`` / ``SECRET``: the consumer registered on ``Special:OAuthConsumerRegistration``.
- ``URL``: the wiki, default ``https://meta.wikimedia.org``.
- ``SCOPE``: OAuth 2.0 grants to request, empty by default. Empty means every grant the consumer
  was registered with (the wiki's ``Authorize::setValidScopes``); a listed grant the consumer was
  not registered with is silently dropped, so e-mail and real name come from registering the
  consumer with ``mwoauth-authonlyprivate``, not from this setting (see the README).
- ``USER_AGENT``: sent with every request to the wiki (Wikimedia's User-Agent policy wants a
  name, a version and a contact); by default ``WikiLearn/<version> (<USER_AGENT_CONTACT>) ...``.
- ``ALLOW_BLOCKED``: default ``True``; ``False`` refuses accounts blocked on the wiki. A suppressed
  (hidden) account is refused either way: the wiki withholds even its name.
- ``LINKED_PROVIDERS``: provider names whose accounts are the same wiki users, default the other
  protocol's backend (see :mod:`wikimedia_oauth_backend.accounts`).
- ``REQUESTS_TIMEOUT``: seconds per request to the wiki, default 10.
- ``UNICODE_USERNAMES``: keep non-Latin letters in usernames (Open edX
  ``ENABLE_UNICODE_USERNAME``), default ``False`` (ASCII transliteration).
- ``IDENTITY_MAX_AGE`` (OAuth 1.0a): oldest accepted identity JWT, in seconds, default 120.
"""

import re
from importlib import metadata
from urllib.parse import urlencode

import requests
import social_core
from social_core.backends.mediawiki import MediaWiki
from social_core.backends.oauth import BaseOAuth2PKCE
from social_core.exceptions import SocialAuthBaseException

from wikimedia_oauth_backend import compat
from wikimedia_oauth_backend.accounts import link_same_wiki_user
from wikimedia_oauth_backend.details import extra_fields, user_details
from wikimedia_oauth_backend.exceptions import (
    BlockedUser,
    InsecureConfiguration,
    InvalidProfile,
    LoginCanceled,
    SignInExpired,
    UnsafeRedirect,
)
from wikimedia_oauth_backend.identity import decode_identity, fetch_identity

DEFAULT_URL = "https://meta.wikimedia.org"
DEFAULT_TIMEOUT = 10
DEFAULT_CONTACT = "https://github.com/wikimedia/wikilearn-suite"
# A central user id: what the extension's UserStatementProvider::getUserProfile sends as ``sub``
# ("(string)$centralUserId"). It sends "0" for a user the central id lookup does not own; taking
# that as an id would put every such user in one account.
CENTRAL_ID = re.compile(r"[1-9][0-9]*")
# The two messages league/oauth2-server's AuthCodeGrant::validateAuthorizationCode gives as the
# ``hint`` of a token error when the code is past its 10 minutes (AuthorizationCodeProvider's
# PT10M) or already exchanged (AuthCodeRepository::isAuthCodeRevoked: the code left the cache).
SPENT_CODE_HINTS = ("Authorization code has expired", "Authorization code has been revoked")
# RFC 7636 section 4.1, as league/oauth2-server checks it (AuthCodeGrant::validateCodeChallenge:
# /^[A-Za-z0-9-._~]{43,128}$/, else invalid_request); social-core 4.8 makes 32-character verifiers.
VERIFIER_LENGTHS = range(43, 129)


def suite_version():
    """The installed suite's version (``0`` when running from an uninstalled checkout)."""
    try:
        return metadata.version("wikilearn-suite")
    except metadata.PackageNotFoundError:
        return "0"


def default_user_agent(contact=DEFAULT_CONTACT):
    """``WikiLearn/<version> (<contact>) social-auth-core/<v> python-requests/<v>``, per Wikimedia's policy."""
    return (f"WikiLearn/{suite_version()} ({contact}) social-auth-core/{social_core.__version__} "
            f"python-requests/{requests.__version__}")


class MediaWikiMixin:
    """What both protocols share: wiki URL, User-Agent, timeout, profile checks and user details."""

    title = "Wikimedia"
    ID_KEY = "sub"

    def wiki_url(self):
        """The wiki's base URL without a trailing slash."""
        return (self.setting("URL") or DEFAULT_URL).rstrip("/")

    def user_agent(self):
        """The User-Agent header sent to the wiki."""
        return self.setting("USER_AGENT") or default_user_agent(self.setting("USER_AGENT_CONTACT") or DEFAULT_CONTACT)

    def request(self, url, *, headers=None, timeout=None, **kwargs):
        """Every request to the wiki carries our User-Agent and the configured timeout."""
        headers = dict(headers or {})
        headers.setdefault("User-Agent", self.user_agent())
        if timeout is None:
            timeout = self.setting("REQUESTS_TIMEOUT") or DEFAULT_TIMEOUT
        return super().request(url, headers=headers, timeout=timeout, **kwargs)

    def refuse_unsafe_next(self, stage):
        """Refuse a ``next`` address that leaves this site (social-core would silently drop it)."""
        target = self.data.get("next")
        if not target:
            return
        hosts = [*(self.setting("ALLOWED_REDIRECT_HOSTS") or []), self.strategy.request_host()]
        if compat.safe_redirect(self, hosts, target) is None:
            raise UnsafeRedirect(self, stage=stage, parameter="next")

    def start(self):
        """Begin the login, after checking where it will return to."""
        self.refuse_unsafe_next("begin")
        with compat.provider_failures(self, "begin"):
            return super().start()

    def auth_complete(self, *args, **kwargs):
        """Complete the login, refusing a ``next`` address planted in the callback."""
        self.refuse_unsafe_next("callback")
        with compat.provider_failures(self, "callback"):
            return super().auth_complete(*args, **kwargs)

    def refuse_blocked(self, profile):
        """Refuse a blocked account before anything else is read from its profile.

        A suppressed (hidden) account's profile is only ``{"sub", "blocked": true}``
        (``UserStatementProvider::getUserProfile`` when ``$user->isHidden()``): no name to check or
        show, so it is refused whatever ``ALLOW_BLOCKED`` says.
        """
        if not isinstance(profile, dict) or profile.get("blocked") is not True:
            return
        if not profile.get("username") or not self.setting("ALLOW_BLOCKED", True):
            raise BlockedUser(self, stage="user_info", claim="blocked")

    def checked_profile(self, profile):
        """The profile, once it passes the blocked-account policy and has a central user id and a name."""
        if not isinstance(profile, dict):
            raise InvalidProfile(self, stage="user_info")
        self.refuse_blocked(profile)
        if not CENTRAL_ID.fullmatch(str(profile.get("sub") or "")):
            raise InvalidProfile(self, stage="user_info", claim="sub")
        if not profile.get("username"):
            raise InvalidProfile(self, stage="user_info", claim="username")
        return profile

    def get_user_details(self, response):
        """Open edX user details from the profile (see :mod:`wikimedia_oauth_backend.details`)."""
        return user_details(response, unicode_usernames=bool(self.setting("UNICODE_USERNAMES", False)))

    def get_user_id(self, details, response):
        """The central user id ``sub``: it survives renames on the wiki."""
        sub = response.get("sub") if isinstance(response, dict) else None
        if sub is None or sub == "":
            raise InvalidProfile(self, stage="user_info", claim="sub")
        return str(sub)

    def pipeline(self, pipeline, pipeline_index=0, *args, **kwargs):
        """Run the pipeline, first giving this protocol the account the other one has for this wiki user.

        Not on a resumed pipeline (``pipeline_index`` > 0): its ``social_user`` step already ran.
        """
        response = kwargs.get("response")
        if not pipeline_index and isinstance(response, dict):
            link_same_wiki_user(self, self.get_user_id(kwargs.get("details"), response))
        return super().pipeline(pipeline, pipeline_index, *args, **kwargs)

    def extra_data(self, user, uid, response, details, pipeline_kwargs):
        """Tokens plus ``editcount``, ``groups``, ``registered``, ``blocked``, refreshed at every login."""
        data = super().extra_data(user, uid, response, details, pipeline_kwargs)
        data.update(extra_fields(response))
        return data


class MediaWikiOAuth2(MediaWikiMixin, BaseOAuth2PKCE):
    """Wikimedia OAuth 2.0: authorization code with PKCE (S256) and state."""

    name = "mediawiki-oauth2"
    # The state goes in ``state`` only: the redirect_uri must equal the consumer's registered callback.
    REDIRECT_STATE = False
    EXTRA_DATA = [("refresh_token", "refresh_token", True), ("expires_in", "expires")]
    # The wiki (league/oauth2-server AuthCodeGrant::validateAuthorizationRequest) accepts the method
    # names `S256` and `plain` exactly; social-core 4.8.3 defaults to "s256" and 32 characters.
    PKCE_DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    PKCE_DEFAULT_CODE_VERIFIER_LENGTH = 64

    def authorization_url(self):
        """``{URL}/w/rest.php/oauth2/authorize``."""
        return f"{self.wiki_url()}/w/rest.php/oauth2/authorize"

    def access_token_url(self):
        """``{URL}/w/rest.php/oauth2/access_token`` (also used to refresh)."""
        return f"{self.wiki_url()}/w/rest.php/oauth2/access_token"

    def profile_url(self):
        """``{URL}/w/rest.php/oauth2/resource/profile``."""
        return f"{self.wiki_url()}/w/rest.php/oauth2/resource/profile"

    def generate_code_challenge(self, code_verifier, challenge_method):
        """S256 with a 43-128 character verifier only: what the wiki accepts (``plain`` would expose the verifier)."""
        if challenge_method != "S256":
            raise InsecureConfiguration(self, stage="begin", parameter="PKCE_CODE_CHALLENGE_METHOD")
        if len(code_verifier) not in VERIFIER_LENGTHS:
            raise InsecureConfiguration(self, stage="begin", parameter="PKCE_CODE_VERIFIER_LENGTH")
        return super().generate_code_challenge(code_verifier, challenge_method)

    def auth_complete(self, *args, **kwargs):
        """Complete the login; a Cancel on the wiki comes back without ``state``, so it is read first."""
        refusal = self.wiki_refusal(self.data, stage="callback")
        if refusal is not None:
            raise refusal
        return super().auth_complete(*args, **kwargs)

    def wiki_refusal(self, data, *, stage, status_code=None):
        """The wiki's refusals a learner caused, as messages they can act on; None for any other answer.

        - Cancel on the wiki's approval page: ``Authorize::execute`` (Rest/Handler/Authorize.php)
          throws ``unauthorized_client`` ("User has rejected the request from client
          application", in the user's language) with the request's redirect_uri and no ``state``.
          That is the only redirect carrying ``unauthorized_client``: league/oauth2-server's own
          ``unauthorizedClient()`` has no redirect. social-core reads it as a configuration error
          (6.0+) or a failure (4.8/5.x ``process_error``).
        - A code already exchanged or expired: HTTP 400 with one of :data:`SPENT_CODE_HINTS` as
          ``hint``, ``error`` being ``invalid_request`` on REL1_39-REL1_45 (wikimedia/oauth2-server
          fork 61d770dc) and ``invalid_grant`` from REL1_46 (league/oauth2-server 9.1+).
        """
        if not isinstance(data, dict):
            return None
        if stage == "callback" and data.get("error") in ("unauthorized_client", "access_denied"):
            return LoginCanceled(self, stage="callback", provider_code=data["error"])
        if stage == "token_exchange" and data.get("hint") in SPENT_CODE_HINTS:
            return SignInExpired(self, stage="token_exchange", provider_code=data.get("error"),
                                 status_code=status_code)
        return None

    def request_access_token(self, *args, **kwargs):
        """The token request; a spent or expired code is read from the wiki's answer before social-core reads it.

        4.8/5.x let the HTTP 400 out as ``requests.HTTPError`` (``handle_http_errors`` would log it
        as an exception and call it ``AuthCanceled``); 6.x and 7.x raise their own refusal ``from``
        it (``utils.http_error``: ``AuthConfigurationError`` for ``invalid_request``,
        ``AuthCredentialError`` for ``invalid_grant``), 6.x without asking the backend.
        """
        try:
            return super().request_access_token(*args, **kwargs)
        except (requests.HTTPError, SocialAuthBaseException) as error:
            response = compat.failed_response(error)
            refusal = None if response is None else self.wiki_refusal(
                _json_body(response), stage="token_exchange", status_code=response.status_code)
            if refusal is None:
                raise
            raise refusal from error

    def user_data(self, access_token, *args, **kwargs):
        """The profile, fetched with the Bearer token."""
        profile = self.get_json(self.profile_url(), headers={"Authorization": f"Bearer {access_token}"},
                                **compat.stage_kwargs("user_info"))
        return self.checked_profile(profile)


def _json_body(response):
    """The JSON object in an error response, or None."""
    try:
        return response.json()
    except ValueError:
        return None


class MediaWikiOAuth1(MediaWikiMixin, MediaWiki):
    """Wikimedia OAuth 1.0a: social-core's ``MediaWiki`` handshake; the identity JWT is read in :mod:`.identity`."""

    name = "mediawiki-oauth1"
    IDENTITY_MAX_AGE = 120

    def setting(self, name, default=None):
        """Derive ``MEDIAWIKI_URL`` (index.php) from ``URL``; MediaWiki wants the ``oob`` callback."""
        if name == "MEDIAWIKI_URL":
            return super().setting(name) or f"{self.wiki_url()}/w/index.php"
        if name == "CALLBACK":
            return super().setting(name) or "oob"
        return super().setting(name, default)

    def oauth_authorization_request(self, token):
        """MediaWiki's authorize page also needs the consumer key."""
        url = super().oauth_authorization_request(token)
        key, _secret = self.get_key_and_secret()
        return f"{url}&{urlencode({'oauth_consumer_key': key})}"

    def user_data(self, access_token, *args, **kwargs):
        """The identity JWT's claims once signature, audience, issuer, nonce and age are verified."""
        token, nonce = fetch_identity(self, access_token)
        max_age = self.setting("IDENTITY_MAX_AGE") or self.IDENTITY_MAX_AGE
        return self.checked_profile(decode_identity(self, token, nonce=nonce, max_age=max_age, leeway=self.LEEWAY))
