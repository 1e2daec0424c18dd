"""OAuth 2.0 for the local provider: oauthlib's ``WebApplicationServer`` with a validator over the store.

Authorization code with PKCE (required), confidential clients (client_secret in the body),
refresh tokens (rotated), single-use codes: replaying a code fails and revokes what it issued.
"""

import time

from oauthlib.oauth2 import RequestValidator, WebApplicationServer

from tests.peers.mediawiki_oauth.store import PRIVATE_GRANT

TOKEN_LIFETIME = 14400


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

    # Scopes (Wikimedia calls them grants)
    def get_default_scopes(self, client_id, request, *args, **kwargs):
        return ["basic"]

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        return set(scopes) <= set(self.store.consumers[client_id].grants)

    # Authorization codes and PKCE
    def is_pkce_required(self, client_id, request):
        return True

    def save_authorization_code(self, client_id, code, request, *args, **kwargs):
        with self.store.lock:
            self.store.codes[code["code"]] = {
                "client_id": client_id, "user": request.user, "scopes": list(request.scopes),
                "redirect_uri": request.redirect_uri, "challenge": request.code_challenge,
                "method": request.code_challenge_method, "used": False, "tokens": [],
            }

    def get_code_challenge(self, code, request):
        grant = self.store.codes.get(code)
        return grant and grant["challenge"]

    def get_code_challenge_method(self, code, request):
        grant = self.store.codes.get(code)
        return grant and grant["method"]

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        with self.store.lock:
            grant = self.store.codes.get(code)
            if grant is None or grant["client_id"] != client_id:
                return False
            if grant["used"]:
                # A replayed code: refuse it and revoke the tokens it already bought (RFC 6749 4.1.2).
                for token in grant["tokens"]:
                    self.store.access_tokens.pop(token, None)
                return False
            request.user, request.scopes = grant["user"], grant["scopes"]
            request.code_grant = grant
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
            grant = getattr(request, "code_grant", None)
            if grant is not None:
                grant["tokens"].append(token["access_token"])

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
    """The profile JSON for a validated resource request."""
    return store.user(request.user).profile(private=PRIVATE_GRANT in (request.scopes or []))
