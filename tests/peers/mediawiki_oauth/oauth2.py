"""OAuth 2.0 for the local provider: oauthlib's ``WebApplicationServer`` with a validator over the store.

Authorization code with PKCE (required), confidential clients (client_secret in the body),
refresh tokens (rotated), single-use codes that expire after 10 minutes.

Errors are answered as the MediaWiki OAuth extension answers them: its REST handlers
(``Rest/Handler/AuthenticationHandler::errorResponse``) send league/oauth2-server's
``OAuthServerException::generateHttpResponse`` as it is for a redirect or a POST: a 302 to the
redirect URI with the payload in the query, or the payload as JSON with the exception's status.
The payload is ``error``, ``error_description`` and, when given, ``hint``; the wikimedia fork used
by REL1_39 to REL1_45 (61d770dc) also repeats the description as ``message``
(``getPayload``'s backwards-compatibility copy, removed in league 9).
"""

import base64
import hashlib
import hmac
import re
import time

from oauthlib.oauth2 import RequestValidator, WebApplicationServer
from oauthlib.oauth2.rfc6749.errors import OAuth2Error

from tests.peers.mediawiki_oauth.store import KNOWN_SCOPES

TOKEN_LIFETIME = 14400
INVALID_REQUEST = ("The request is missing a required parameter, includes an invalid parameter value, "
                   "includes a parameter more than once, or is otherwise malformed.")
INVALID_GRANT = ("The provided authorization grant (e.g., authorization code, resource owner credentials) or "
                 "refresh token is invalid, expired, revoked, does not match the redirection URI used in the "
                 "authorization request, or was issued to another client.")
INVALID_SCOPE = "The requested scope is invalid, unknown, or malformed"
# Authorize::execute on approval_cancel: OAuthServerException( wfMessage(
# 'mwoauth-oauth2-error-user-approval-deny' )->plain(), 401, 'unauthorized_client', 400, null,
# $authRequest->getRedirectUri() ); the message in English (i18n/en.json).
USER_APPROVAL_DENY = "User has rejected the request from client application"


class LeagueError(OAuth2Error):
    """An ``OAuthServerException`` as the wiki sends it (see the module docstring)."""

    def __init__(self, store, error, description, hint=None, status_code=400):
        self.error = error
        super().__init__(description=description, status_code=status_code)
        self.payload = {"error": error, "error_description": description}
        if hint is not None:
            self.payload["hint"] = hint
        if store.extension_branch == "REL1_39":
            self.payload["message"] = description

    @property
    def twotuples(self):
        """The payload, for the redirect query or the JSON body."""
        return list(self.payload.items())


def spent_code_error(store, hint):
    """A code past its lifetime or already exchanged (AuthCodeGrant::validateAuthorizationCode).

    The fork (REL1_39-REL1_45) throws ``invalidRequest('code', hint)``; league 9.1 and later, so
    REL1_46 and master, ``invalidGrant(hint)``.
    """
    if store.extension_branch == "REL1_39":
        return LeagueError(store, "invalid_request", INVALID_REQUEST, hint)
    return LeagueError(store, "invalid_grant", INVALID_GRANT, hint)


# RFC 7636 sections 4.1 and 4.2, as league checks both the challenge and the verifier.
PKCE_VALUE = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
# AuthCodeGrant's verifiers, by the exact method name it accepts (S256Verifier / PlainVerifier::getMethod).
PKCE_METHODS = {
    "S256": lambda verifier: base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("="),
    "plain": lambda verifier: verifier,
}


def challenge_error(store, method, challenge):
    """What ``AuthCodeGrant::validateAuthorizationRequest`` throws for a code challenge, or None.

    league 8.x (the REL1_39-REL1_45 fork) and 9.x: the method must be one of the verifiers' names,
    compared exactly (``s256`` is refused), and the challenge must match RFC 7636's alphabet and
    length. Both are ``invalidRequest`` without a redirect URI: the wiki shows its error page.
    """
    if method not in PKCE_METHODS:
        return LeagueError(store, "invalid_request", INVALID_REQUEST,
                           "Code challenge method must be one of `S256`, `plain`")
    if not PKCE_VALUE.fullmatch(challenge or ""):
        return LeagueError(store, "invalid_request", INVALID_REQUEST,
                           "Code challenge must follow the specifications of RFC-7636.")
    return None


def check_code_verifier(store, grant, request):
    """League's order: ``validateAuthorizationCode``'s redirect check, then ``validateCodeChallenge``."""
    if grant["redirect_uri"] != request.redirect_uri:
        hint = "Check the `redirect_uri` parameter" if request.redirect_uri is None else "Invalid redirect URI"
        raise LeagueError(store, "invalid_request", INVALID_REQUEST, hint)
    verifier = request.code_verifier
    if verifier is None:
        raise LeagueError(store, "invalid_request", INVALID_REQUEST, "Check the `code_verifier` parameter")
    if not PKCE_VALUE.fullmatch(verifier):
        raise LeagueError(store, "invalid_request", INVALID_REQUEST,
                          "Code Verifier must follow the specifications of RFC-7636.")
    if not hmac.compare_digest(PKCE_METHODS[grant["method"]](verifier), grant["challenge"]):
        raise LeagueError(store, "invalid_grant", INVALID_GRANT, "Failed to verify `code_verifier`.")


def unknown_scope(scopes):
    """The first scope identifier the wiki does not know, or None."""
    return next((scope for scope in scopes if scope not in KNOWN_SCOPES), None)


def cancel_error(store):
    """The user pressed Cancel on the approval page; redirected without ``state``."""
    return LeagueError(store, "unauthorized_client", USER_APPROVAL_DENY)


def scope_error(store, scope):
    """An unknown scope identifier (AbstractGrant::validateScopes -> invalidScope with the redirect URI)."""
    return LeagueError(store, "invalid_scope", INVALID_SCOPE, f"Check the `{scope}` scope")


def granted_scopes(consumer, requested, asked):
    """The scopes an approval carries, as ``Authorize::setValidScopes`` and ``ScopeRepository`` decide.

    No ``scope`` parameter, or ``#default``: every grant the consumer was registered with.
    Otherwise the requested ones the consumer was registered with; the rest are dropped silently.
    """
    if not asked or "#default" in requested:
        return list(consumer.grants)
    return [scope for scope in requested if scope in consumer.grants]


class _Client:
    """What oauthlib expects on ``request.client``."""

    def __init__(self, consumer):
        self.client_id = consumer.key
        self.consumer = consumer


class Validator(RequestValidator):
    """Answers oauthlib's questions from a :class:`~tests.peers.mediawiki_oauth.store.Store`."""

    def __init__(self, store):
        super().__init__()
        self.store = store

    # Clients and redirects
    def validate_client_id(self, client_id, request, *args, **kwargs):
        return client_id in self.store.consumers

    def client_authentication_required(self, request, *args, **kwargs):
        return True

    def authenticate_client(self, request, *args, **kwargs):
        consumer = self.store.consumers.get(request.client_id)
        if consumer is None or request.client_secret != consumer.secret:
            return False
        request.client = _Client(consumer)
        return True

    def authenticate_client_id(self, client_id, request, *args, **kwargs):
        return False

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        return self.store.consumers[client_id].allows_callback(redirect_uri)

    def get_default_redirect_uri(self, client_id, request, *args, **kwargs):
        return None

    def validate_response_type(self, client_id, response_type, client, request, *args, **kwargs):
        return response_type == "code"

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        return grant_type in ("authorization_code", "refresh_token")

    # Scopes (Wikimedia calls them grants): once oauthlib has checked the client and redirect URI,
    # the server refuses unknown identifiers in the wiki's error shape and filters the rest
    # (server.py, :func:`granted_scopes`). No scope: league's default scope, '#default'
    # (AuthorizationProvider::__construct ``setDefaultScope( '#default' )``).
    def get_default_scopes(self, client_id, request, *args, **kwargs):
        return ["#default"]

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        return True

    # Authorization codes and PKCE
    def is_pkce_required(self, client_id, request):
        return True

    def save_authorization_code(self, client_id, code, request, *args, **kwargs):
        with self.store.lock:
            # ``granted`` comes in the server's credentials: oauthlib would put the requested scopes
            # back in place of an empty list.
            self.store.codes[code["code"]] = {
                "client_id": client_id, "user": request.user, "scopes": list(request.granted),
                "redirect_uri": request.redirect_uri, "challenge": request.code_challenge,
                "method": request.code_challenge_method, "used": False,
                "expires": time.time() + self.store.code_lifetime,
            }

    def get_code_challenge(self, code, request):
        grant = self.store.codes.get(code)
        return grant and grant["challenge"]

    def get_code_challenge_method(self, code, request):
        grant = self.store.codes.get(code)
        return grant and grant["method"]

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        """The checks of AuthCodeGrant::validateAuthorizationCode, in its order.

        An exchanged code is deleted from the wiki's cache (AuthCodeRepository::revokeAuthCode),
        so replaying it reads as "revoked"; the tokens it bought stay valid, as on the wiki.
        """
        with self.store.lock:
            grant = self.store.codes.get(code)
            if grant is None:  # the wiki cannot decrypt a code it did not issue
                raise LeagueError(self.store, "invalid_request", INVALID_REQUEST,
                                  "Cannot decrypt the authorization code")
            if time.time() > grant["expires"]:
                raise spent_code_error(self.store, "Authorization code has expired")
            if grant["used"]:
                raise spent_code_error(self.store, "Authorization code has been revoked")
            if grant["client_id"] != client_id:
                raise LeagueError(self.store, "invalid_request", INVALID_REQUEST,
                                  "Authorization code was not issued to this client")
            check_code_verifier(self.store, grant, request)
            request.user, request.scopes = grant["user"], grant["scopes"]
            return True

    def confirm_redirect_uri(self, client_id, code, redirect_uri, client, request, *args, **kwargs):
        grant = self.store.codes.get(code)
        return grant is not None and grant["redirect_uri"] == redirect_uri

    def invalidate_authorization_code(self, client_id, code, request, *args, **kwargs):
        with self.store.lock:
            self.store.codes[code]["used"] = True

    # Tokens
    def save_bearer_token(self, token, request, *args, **kwargs):
        with self.store.lock:
            scopes = list(request.scopes or [])
            record = {"user": request.user, "scopes": scopes, "expires": time.time() + TOKEN_LIFETIME}
            self.store.access_tokens[token["access_token"]] = record
            if "refresh_token" in token:
                self.store.refresh_tokens[token["refresh_token"]] = {
                    "user": request.user, "scopes": scopes, "client_id": request.client.client_id}

    def validate_bearer_token(self, token, scopes, request):
        record = self.store.access_tokens.get(token)
        if record is None or record["expires"] < time.time():
            return False
        request.user, request.scopes = record["user"], record["scopes"]
        return True

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        record = self.store.refresh_tokens.get(refresh_token)
        if record is None or record["client_id"] != client.client_id:
            return False
        request.user = record["user"]
        return True

    def get_original_scopes(self, refresh_token, request, *args, **kwargs):
        return self.store.refresh_tokens[refresh_token]["scopes"]

    def rotate_refresh_token(self, request):
        self.store.refresh_tokens.pop(request.refresh_token, None)
        return True


def make_server(store):
    """An oauthlib server for the store, issuing tokens that last four hours."""
    return WebApplicationServer(Validator(store), token_expires_in=TOKEN_LIFETIME)


def profile_for(store, request):
    """The profile JSON for a validated resource request: the grants its token carries decide the fields."""
    return store.user(request.user).profile(grants=request.scopes or [])
