"""The OAuth 1.0a identity: ``Special:OAuth/identify``'s JWT, fetched and verified the same way on every social-core.

What the wiki sends (extension OAuth, ``SpecialMWOAuth::outputJWT``): the claims of
``UserStatementProvider::getUserStatement`` (``iss`` = ``$wgCanonicalServer``, ``aud`` = the
consumer key, ``exp`` = now + 100 s, ``iat``, ``sub`` and the profile the grants allow; a
suppressed user's profile is only ``sub`` and ``blocked``) plus ``nonce``, the ``oauth_nonce``
of the identify request, signed HS256 with the consumer secret.

Why not social-core's check: its ``MediaWiki`` backend reads the JWT in ``get_user_details`` in
4.8 and 5.x and returns a reduced mapping (no ``sub``, ``realname`` or ``iat``), and in
``user_data`` from 6.0; reading it here gives every release the same checks, the same claims and
the same refusals.
"""

import secrets
import time
from urllib.parse import urlsplit

import jwt
from requests_oauthlib import OAuth1

from wikimedia_oauth_backend.compat import stage_kwargs
from wikimedia_oauth_backend.exceptions import StaleIdentity, UnverifiedIdentity

# PyJWT's failures and the check they stand for (the refusal's ``code``).
_JWT_CODES = ((jwt.InvalidSignatureError, "invalid_signature"), (jwt.DecodeError, "malformed_response"),
              (jwt.InvalidAudienceError, "invalid_claim"), (jwt.ImmatureSignatureError, "invalid_claim"),
              (jwt.MissingRequiredClaimError, "missing_claim"))


def fetch_identity(backend, access_token):
    """POST ``Special:OAuth/identify`` signed with the access token and a fresh nonce; (JWT text, nonce)."""
    key, secret = backend.get_key_and_secret()
    nonce = secrets.token_hex(16)
    auth = OAuth1(key, client_secret=secret, resource_owner_key=access_token["oauth_token"],
                  resource_owner_secret=access_token["oauth_token_secret"], nonce=nonce)
    response = backend.request(backend.setting("MEDIAWIKI_URL"), method="POST",
                               params={"title": "Special:OAuth/identify"}, auth=auth, **stage_kwargs("user_info"))
    return response.content, nonce


def decode_identity(backend, token, *, nonce, max_age, leeway):
    """The claims, once the JWT is proven to come from the wiki, for this consumer and this request.

    Order matters: a suppressed account's JWT (no ``username``) is refused as blocked by the
    backend's ``refuse_blocked`` before anything asks for a name; an identity older than
    ``max_age`` (or past its ``exp``) is stale, whatever else it says.
    """
    key, secret = backend.get_key_and_secret()
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], audience=key, leeway=leeway,
                            options={"require": ["iss", "aud", "iat", "exp", "nonce", "sub"]})
    except jwt.ExpiredSignatureError as error:
        raise StaleIdentity(backend, stage="user_info", claim="exp") from error
    except jwt.PyJWTError as error:
        code = next((code for kind, code in _JWT_CODES if isinstance(error, kind)), "invalid_claim")
        raise UnverifiedIdentity(backend, str(error), stage="user_info", code=code) from error
    backend.refuse_blocked(claims)
    expected_host = urlsplit(backend.setting("MEDIAWIKI_URL")).netloc
    if not isinstance(claims["iss"], str) or urlsplit(claims["iss"]).netloc != expected_host:
        raise UnverifiedIdentity(backend, stage="user_info", claim="iss")
    if not isinstance(claims["nonce"], str) or not secrets.compare_digest(claims["nonce"], nonce):
        raise UnverifiedIdentity(backend, stage="user_info", claim="nonce", code="nonce_mismatch")
    issued_at, now = claims["iat"], time.time()
    # Checked here, not left to PyJWT: 2.10 (Ulmo's pin) no longer refuses an ``iat`` in the future.
    if not isinstance(issued_at, (int, float)) or isinstance(issued_at, bool) or issued_at > now + leeway:
        raise UnverifiedIdentity(backend, stage="user_info", claim="iat")
    if now - issued_at > max_age + leeway:
        raise StaleIdentity(backend, stage="user_info", claim="iat")
    return claims
