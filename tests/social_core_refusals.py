"""What social-auth-core itself raises where the Wikimedia login tests meet it, per release (4.8, 5.0, 6.0+).

The backend's own refusals (``wikimedia_oauth_backend.exceptions``) are the same classes and
messages on every release. These are the failures social-core classifies itself, which differ;
each expectation names the social-core code that decides it (tags 4.8.3, 5.0.2 and 7.0.0;
5.0.2's code is 4.8.3's for all of these).
"""

from typing import NamedTuple

import requests
from social_core import exceptions as core

from wikimedia_oauth_backend import compat

STRUCTURED = compat.STRUCTURED


class Refusal(NamedTuple):
    """The class social-core raises and words of its message."""

    error_class: type
    words: str


def expected(structured, legacy):
    """``structured`` on social-core 6.0+, else ``legacy``: ``(class name or class, words)`` each."""
    name, words = structured if STRUCTURED else legacy
    return Refusal(getattr(core, name) if isinstance(name, str) else name, words)


# 7.0 BaseOAuth2.validate_state: AuthInputError(parameter="state", code="missing_parameter").
# 4.8 OAuthAuth.validate_state: AuthMissingParameter(self, "state").
MISSING_STATE = expected(("AuthInputError", "parameter is missing"),
                         ("AuthMissingParameter", "Missing needed parameter"))
# A state this session never issued. 7.0: no session transaction for it, AuthSessionError
# ("session_context_missing"); 4.8: the session's one state differs, AuthStateForbidden.
FOREIGN_STATE = expected(("AuthSessionError", "Please restart login"), ("AuthStateForbidden", "Wrong state parameter"))
# HTTP 400 invalid_grant ("Failed to verify `code_verifier`"). 7.0 utils.provider_error:
# AuthCredentialError("authorization_code_rejected"); 4.8 utils.handle_http_errors: any 400 is
# AuthCanceled (and is logged with social_logger.exception).
VERIFIER_REJECTED = expected(("AuthCredentialError", "authorization code was rejected"),
                             ("AuthCanceled", "Authentication process canceled"))
# HTTP 503. 7.0 utils.http_error: AuthProviderError("unavailable"); 4.8 handle_http_errors:
# AuthUnreachableProvider.
UNAVAILABLE = expected(("AuthProviderError", "temporarily unavailable"),
                       ("AuthUnreachableProvider", "could not be reached"))
# A 200 whose body is not JSON. 7.0 BaseAuth.get_json: AuthResponseError("malformed_response");
# 4.8 lets requests' JSONDecodeError out, wikimedia_oauth_backend.compat.provider_failures refuses it.
NOT_JSON = expected(("AuthResponseError", "invalid response"), (compat.AuthResponseError, "not JSON"))
# A read timeout. 7.0 BaseAuth.request: AuthProviderError("timeout"); 4.8 lets ReadTimeout out,
# compat.provider_failures refuses it (on 4.8's AuthUnreachableProvider, whose message is fixed).
TIMEOUT = expected(("AuthProviderError", "did not respond in time"), (compat.AuthProviderError, "could not be reached"))
# OAuth 1.0a callback with an oauth_token this session did not ask for. 7.0
# BaseOAuth1.get_unauthorized_token: AuthSessionError; 4.8: AuthTokenError("Incorrect tokens").
FOREIGN_OAUTH1_TOKEN = expected(("AuthSessionError", "does not match the session"),
                                ("AuthTokenError", "Incorrect tokens"))
# Callback error=invalid_scope (no state). 7.0 provider_error: AuthConfigurationError; 4.8
# BaseOAuth2.process_error: AuthFailed(error_description).
UNKNOWN_SCOPE = expected(("AuthConfigurationError", "configuration is invalid"),
                         ("AuthFailed", "The requested scope is invalid"))
# A spent refresh token (HTTP 400 invalid_grant). 7.0 BaseOAuth2.refresh_token: AuthCredentialError
# ("reauthentication_required"); 4.8 refresh_token: requests' HTTPError from raise_for_status.
SPENT_REFRESH_TOKEN = expected(("AuthCredentialError", "authenticate with the provider again"),
                               (requests.HTTPError, "400 Client Error"))
