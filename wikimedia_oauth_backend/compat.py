"""The one place that knows which social-auth-core is installed: 4.8 (Open edX Ulmo), 5.0 (Verawood), 6 or 7.

The backends are written once; what differs between releases is found here by feature detection,
never by version number. Facts read in social-core's source (tags 4.8.3, 5.0.2, 5.2.0, 6.2.0, 7.0.0):

- ``exceptions.py``: since 6.0 every ``SocialAuthBaseException`` takes keyword fields (``code``,
  ``stage``, ``parameter``, ``claim``, ``provider_code``, ``status_code``...) and the refusals are
  sorted in families (``AuthConfigurationError``, ``AuthInputError``, ``AuthResponseError``,
  ``AuthCredentialError``, ``AuthPolicyError``, ``AuthProviderError``, ``AuthCanceled``). In 4.8
  and 5.x ``AuthException(backend, *args)`` passes its arguments to ``ValueError``, which refuses
  keywords, and none of those families but ``AuthCanceled`` exists. Where they are missing this
  module defines each as a subclass of the 4.8 class with the same meaning, taking the same
  keywords, so ``isinstance`` checks written for 4.8 (the LMS's ``third_party_auth.middleware``
  ``TPA_ERROR_CODES``) keep matching.
- ``utils.sanitize_redirect``: ``(hosts, redirect_to)`` in 4.8-5.1; since 5.2 a third argument,
  ``get_allowed_redirect_schemes(backend)``. 4.8's accepts ``javascript:...`` and ``/\\host``
  (any URL without a network location), which :func:`safe_redirect` refuses on every release.
- ``backends/base.py`` ``BaseAuth.request`` / ``get_json``: since 6.0 they take ``stage`` and turn
  every ``requests`` failure (timeout, refused connection, HTTP error status, a body that is not
  JSON) into ``AuthProviderError`` / ``AuthResponseError`` (``utils.http_error``, raised ``from``
  the ``requests`` error; 7.0 asks ``backend.get_provider_error`` first, 6.x does not). 4.8 and
  5.x let ``requests``' exceptions out: ``handle_http_errors`` maps HTTP 400/401/503 of
  ``auth_complete``/``do_auth`` to ``AuthCanceled`` / ``AuthForbidden`` / ``AuthUnreachableProvider``
  and re-raises the rest; a timeout or a body that is not JSON escapes as is (the LMS would answer
  500). :func:`provider_failures` refuses those, :func:`failed_response` finds the wiki's answer
  behind either shape.

What the LMS does with a refusal (edx-platform ``common/djangoapps/third_party_auth/``):
``settings.py`` ``apply_settings`` sets ``SOCIAL_AUTH_RAISE_EXCEPTIONS = False`` and
``SOCIAL_AUTH_SANITIZE_REDIRECTS = False`` (so social-core never checks ``next`` there: the
backend does, :func:`safe_redirect`); ``middleware.py`` ``ExceptionMiddleware`` (social_django's
``SocialAuthExceptionMiddleware``) turns any ``SocialAuthBaseException`` into ``str(exception)``
as a message on the login page and, for the account-settings flow, maps 4.x classes
(``AuthCanceled``, ``AuthFailed``, ``AuthTokenError``...) to codes in ``TPA_ERROR_CODES``.
"""

import contextlib
import inspect
from urllib.parse import urlsplit

import requests
from social_core import exceptions as _core
from social_core import utils as _utils
from social_core.backends.base import BaseAuth

# 6.0 and later: structured exceptions, staged requests, provider error classification.
STRUCTURED = hasattr(_core, "AuthCredentialError")
STAGED_REQUESTS = "stage" in inspect.signature(BaseAuth.get_json).parameters
_SCHEME_AWARE = hasattr(_utils, "get_allowed_redirect_schemes")
WEB_SCHEMES = frozenset({"http", "https"})


class _Fields:
    """The keyword fields of 6.0's exceptions, for a 4.8/5.x exception class.

    The 4.8 class's own ``__init__`` is skipped (``AuthMissingParameter`` wants ``parameter``
    positionally, ``AuthCanceled`` a ``response``); what they would set is set here.
    """

    default_code = "unknown_error"
    response = None  # 4.8's AuthCanceled keeps the provider's HTTP response here

    def __init__(self, backend=None, *details, code=None, stage="unknown", parameter=None, claim=None,
                 provider_code=None, status_code=None):
        _core.SocialAuthBaseException.__init__(self, *details)
        self.backend = backend
        self.code = code or self.default_code
        self.stage = stage
        self.parameter = parameter
        self.claim = claim
        self.provider_code = provider_code
        self.status_code = status_code
        self.detail = " ".join(str(detail) for detail in details)


def _family(name, legacy_bases, default_code):
    """social-core's class ``name`` where it exists, else a subclass of the first of ``legacy_bases`` it has.

    Bases are named, not imported: 6.0 removed most 4.8 classes.
    """
    if STRUCTURED:
        return getattr(_core, name)
    base = next(getattr(_core, base) for base in legacy_bases if hasattr(_core, base))
    return type(name, (_Fields, base), {"default_code": default_code, "__module__": __name__,
                                        "__doc__": f"social-core 6.0's {name}, on 4.8's {base.__name__}."})


# Each 4.8 base is the class 4.8 itself raises for that kind of failure: AuthMissingParameter for
# request input (validate_state), AuthFailed for a provider answer it cannot use (process_error),
# AuthTokenError for a rejected token request (wrap_access_token_error, 401), AuthForbidden for the
# site's own policy (pipeline.social_auth.auth_allowed), AuthUnreachableProvider for a provider
# that does not answer (handle_http_errors, 503), AuthCanceled for a refusal by the user; 5.0's
# SocialAuthImproperlyConfiguredError (strategy.py, a storage missing) for a configuration error.
AuthConfigurationError = _family("AuthConfigurationError",
                                 ("SocialAuthImproperlyConfiguredError", "SocialAuthBaseException"), "invalid_setting")
AuthInputError = _family("AuthInputError", ("AuthMissingParameter",), "invalid_parameter")
AuthResponseError = _family("AuthResponseError", ("AuthFailed",), "malformed_response")
AuthCredentialError = _family("AuthCredentialError", ("AuthTokenError",), "credential_rejected")
AuthPolicyError = _family("AuthPolicyError", ("AuthForbidden",), "authentication_disallowed")
AuthProviderError = _family("AuthProviderError", ("AuthUnreachableProvider",), "http_error")
AuthCanceled = _family("AuthCanceled", ("AuthCanceled",), "authorization_declined")


def association_fields(backend, storage):
    """``{"id_key": ...}`` where associations store the backend's id key (social-core 6.0+), else ``{}``.

    6.0's ``UserMixin.create_social_auth(user, uid, provider, id_key="")`` and ``social_user`` look
    associations up by ``(provider, uid, id_key)``; 4.8/5.x have ``backend.id_key()`` but no such
    column (social_django 5.4.1 ``create_social_auth(user, uid, provider)``).
    """
    if "id_key" in inspect.signature(storage.create_social_auth).parameters:
        return {"id_key": backend.id_key()}
    return {}


def stage_kwargs(stage):
    """``{"stage": stage}`` for social-core's ``request``/``get_json`` where they take it (6.0+), else ``{}``."""
    return {"stage": stage} if STAGED_REQUESTS else {}


def _scheme_allowed(backend, scheme):
    """http(s), or (6.0+) a private-use scheme the site listed in ``ALLOWED_REDIRECT_SCHEMES``."""
    if scheme in WEB_SCHEMES:
        return True
    return _SCHEME_AWARE and scheme in _utils.get_allowed_redirect_schemes(backend)


def safe_redirect(backend, hosts, target):
    """``target`` if it is an address on ``hosts``, else None.

    social-core's ``sanitize_redirect`` decides the host; before it, what 4.8's lets through is
    refused on every release: backslashes and control characters (browsers normalise ``/\\evil``
    to ``//evil``), a scheme other than http(s) (``javascript:``), a scheme without a host.
    """
    if not isinstance(target, str) or "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme and (not _scheme_allowed(backend, parts.scheme.lower())
                         or (parts.scheme.lower() in WEB_SCHEMES and not parts.netloc)):
        return None
    if _SCHEME_AWARE:
        return _utils.sanitize_redirect(hosts, target, _utils.get_allowed_redirect_schemes(backend))
    return _utils.sanitize_redirect(hosts, target)


def _failure(backend, error, stage):
    """The refusal social-core 6.0 would raise for a ``requests`` failure that 4.8/5.x let out."""
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None)
    if isinstance(error, requests.exceptions.JSONDecodeError):
        return AuthResponseError(backend, "the wiki's answer is not JSON", code="malformed_response", stage=stage)
    if isinstance(error, requests.Timeout):
        return AuthProviderError(backend, code="timeout", stage=stage)
    if isinstance(error, requests.ConnectionError):
        return AuthProviderError(backend, code="connection_failed", stage=stage)
    code = "unavailable" if status and status >= 500 else "http_error"
    return AuthProviderError(backend, code=code, stage=stage, status_code=status)


def failed_response(error):
    """The HTTP response behind a failed request (4.8/5.x: ``requests.HTTPError``; 6.0+: a refusal ``from`` it)."""
    cause = error if isinstance(error, requests.HTTPError) else error.__cause__
    return cause.response if isinstance(cause, requests.HTTPError) else None


@contextlib.contextmanager
def provider_failures(backend, stage):
    """Refuse what 4.8/5.x let out of a login step (timeouts, 5xx, non-JSON) as 6.0 does; nothing on 6.0+."""
    try:
        yield
    except requests.RequestException as error:
        if STRUCTURED:  # social-core turns these into its own refusals itself; one reaching here is a bug
            raise
        raise _failure(backend, error, stage) from error
