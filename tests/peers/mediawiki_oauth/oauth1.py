"""OAuth 1.0a for the local provider: oauthlib's endpoints behind ``Special:OAuth`` and an HS256 identity JWT.

As on Wikimedia wikis, ``initiate`` takes ``oauth_callback=oob`` and the authorize step sends the
user to the consumer's registered callback (here: the ``redirect_uri`` the client passes, when it
starts with a registered prefix). ``identify`` answers a JWT signed with the consumer secret whose
``nonce`` is the identify request's ``oauth_nonce``.
"""

import time
from urllib.parse import parse_qs, urlsplit

import jwt
from oauthlib.oauth1 import (
    AccessTokenEndpoint,
    AuthorizationEndpoint,
    RequestTokenEndpoint,
    RequestValidator,
    ResourceEndpoint,
)

JWT_LIFETIME = 100


class Validator(RequestValidator):
    """Answers oauthlib's OAuth 1.0a questions from the store."""

    enforce_ssl = False  # a loopback development peer

    def __init__(self, store):
        super().__init__()
        self.store = store

    # Format checks: oauthlib's defaults are stricter than what clients send; accept any shape.
    def check_client_key(self, client_key):
        return bool(client_key)

    def check_request_token(self, request_token):
        return bool(request_token)

    def check_access_token(self, request_token):
        return bool(request_token)

    def check_nonce(self, nonce):
        return bool(nonce)

    def check_verifier(self, verifier):
        return bool(verifier)

    @property
    def dummy_client(self):
        return "dummy-client"

    @property
    def dummy_request_token(self):
        return "dummy-request-token"

    @property
    def dummy_access_token(self):
        return "dummy-access-token"

    def get_client_secret(self, client_key, request):
        consumer = self.store.consumers.get(client_key)
        return consumer.secret if consumer else "dummy-secret"

    def get_request_token_secret(self, client_key, token, request):
        return self.store.request_tokens.get(token, {}).get("secret", "dummy-secret")

    def get_access_token_secret(self, client_key, token, request):
        return self.store.oauth1_access.get(token, {}).get("secret", "dummy-secret")

    def get_default_realms(self, client_key, request):
        return []

    def get_realms(self, token, request):
        return []

    def validate_requested_realms(self, client_key, realms, request):
        return True

    def verify_realms(self, token, realms, request):
        return True

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True

    def validate_client_key(self, client_key, request):
        return client_key in self.store.consumers

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None,
                                     access_token=None):
        with self.store.lock:
            key = (client_key, timestamp, nonce, request_token, access_token)
            if key in self.store.nonces:
                return False
            self.store.nonces.add(key)
            return True

    def validate_redirect_uri(self, client_key, redirect_uri, request):
        return redirect_uri == "oob" or self.store.consumers[client_key].allows_callback(redirect_uri)

    def save_request_token(self, token, request):
        with self.store.lock:
            self.store.request_tokens[token["oauth_token"]] = {
                "secret": token["oauth_token_secret"], "client_key": request.client_key,
                "callback": request.redirect_uri, "verifier": None, "user": None,
            }

    def verify_request_token(self, token, request):
        return token in self.store.request_tokens

    def get_redirect_uri(self, token, request):
        record = self.store.request_tokens[token]
        consumer = self.store.consumers[record["client_key"]]
        asked = parse_qs(urlsplit(request.uri).query).get("redirect_uri", [""])[0]
        wanted = asked if record["callback"] == "oob" else record["callback"]
        return wanted if consumer.allows_callback(wanted) else consumer.callback_prefixes[0] + "/"

    def save_verifier(self, token, verifier, request):
        with self.store.lock:
            record = self.store.request_tokens[token]
            record["verifier"] = verifier["oauth_verifier"]

    def validate_request_token(self, client_key, token, request):
        record = self.store.request_tokens.get(token)
        return record is not None and record["client_key"] == client_key

    def validate_verifier(self, client_key, token, verifier, request):
        record = self.store.request_tokens.get(token)
        if record is None or not record["verifier"] or record["verifier"] != verifier:
            return False
        request.user = record["user"]
        return True

    def invalidate_request_token(self, client_key, request_token, request):
        self.store.request_tokens.pop(request_token, None)

    def save_access_token(self, token, request):
        with self.store.lock:
            self.store.oauth1_access[token["oauth_token"]] = {
                "secret": token["oauth_token_secret"], "client_key": request.client_key, "user": request.user}

    def validate_access_token(self, client_key, token, request):
        record = self.store.oauth1_access.get(token)
        return record is not None and record["client_key"] == client_key


class OAuth1Provider:
    """The four ``Special:OAuth`` pages."""

    def __init__(self, store, issuer):
        self.store = store
        self.issuer = issuer
        validator = Validator(store)
        self.initiate_endpoint = RequestTokenEndpoint(validator)
        self.authorize_endpoint = AuthorizationEndpoint(validator)
        self.token_endpoint = AccessTokenEndpoint(validator)
        self.resource_endpoint = ResourceEndpoint(validator)

    def initiate(self, uri, method, body, headers):
        """``Special:OAuth/initiate``: a request token for a signed consumer request."""
        return self.initiate_endpoint.create_request_token_response(uri, method, body, headers)

    def authorize(self, uri, username):
        """``Special:OAuth/authorize``: the user allowed access; redirect to the callback with a verifier."""
        token = parse_qs(urlsplit(uri).query).get("oauth_token", [""])[0]
        with self.store.lock:
            record = self.store.request_tokens.get(token)
            if record is None:
                return {"Content-Type": "text/plain"}, "Error: unknown oauth_token", 400
            record["user"] = username
        return self.authorize_endpoint.create_authorization_response(uri)

    def token(self, uri, method, body, headers):
        """``Special:OAuth/token``: exchange the authorized request token for an access token."""
        return self.token_endpoint.create_access_token_response(uri, method, body, headers)

    def identify(self, uri, method, body, headers):
        """``Special:OAuth/identify``: the identity JWT (or a faulty one, as configured)."""
        valid, request = self.resource_endpoint.validate_protected_resource_request(uri, method, body, headers)
        if not valid:
            return {"Content-Type": "text/plain"}, "Error: invalid OAuth request", 401
        record = self.store.oauth1_access[request.resource_owner_key]
        consumer = self.store.consumers[record["client_key"]]
        claims = self.claims(record["user"], consumer.key, request.nonce)
        secret = self.apply_fault(claims, consumer.secret)
        return {"Content-Type": "application/jwt"}, jwt.encode(claims, secret, algorithm="HS256"), 200

    def claims(self, username, audience, nonce):
        """MediaWiki's identify claims for the user (SpecialMWOAuth::outputJWT).

        ``UserStatementProvider::getUserStatement``: iss, aud, exp (now + 100), iat, plus the
        profile for the approval's grants (a hidden user's is only sub and blocked), plus the
        identify request's ``oauth_nonce``.
        """
        now = int(time.time())
        profile = self.store.user(username).profile(grants=self.store.consumers[audience].grants)
        return {"iss": self.issuer, "aud": audience, "exp": now + JWT_LIFETIME, "iat": now, **profile,
                "nonce": nonce}

    def apply_fault(self, claims, secret):
        """Spoil the claims or the key as the test asked; returns the signing key."""
        fault = self.store.faults.get("identify")
        with self.store.lock:
            previous, self.store.last_identify_nonce = self.store.last_identify_nonce, claims["nonce"]
        if fault == "bad_signature":
            return secret + "-not-the-consumer-secret"
        if fault == "wrong_issuer":
            claims["iss"] = "https://evil.example.org"
        elif fault == "wrong_audience":
            claims["aud"] = "some-other-consumer"
        elif fault == "old_iat":
            claims["iat"] -= 3600  # issued an hour ago, still inside a forged exp
        elif fault == "reused_nonce" and previous:
            claims["nonce"] = previous
        elif fault == "slow":
            time.sleep(self.store.slow_seconds)
        return secret
