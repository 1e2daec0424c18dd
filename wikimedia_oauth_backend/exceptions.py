"""Refusals specific to Wikimedia logins, each an ``AuthException`` with a message a person can act on.

social-core's exceptions carry a generic message chosen by their ``code``; these keep the code
(so middleware maps them to the right HTTP status) and replace the message.

How a learner reads them. The LMS's ``third_party_auth.middleware.ExceptionMiddleware``
(edx-platform ``common/djangoapps/third_party_auth/middleware.py``) is social_django's
``SocialAuthExceptionMiddleware``: for any social-auth exception it stores ``str(exception)`` as a
Django message tagged ``social-auth`` and redirects to the page the login started from
(``get_redirect_uri``: ``pipeline.AUTH_DISPATCH_URLS[auth_entry]``, the login page). The login
page's context (``openedx/core/djangoapps/user_authn/views/utils.py``
``third_party_auth_context``) shows that message as ``errorMessage`` after passing it through
``gettext`` again, so the English text below is translated when a catalogue of an installed
Django app holds it. This package imports no Django, so the texts are only marked with
:func:`gettext_noop` for extraction (the suite's style, see ``xblocks/common/i18n.py``).

Each class is one of social-core's refusal families (from :mod:`wikimedia_oauth_backend.compat`:
social-core's own from 6.0, subclasses of the matching 4.8 classes before), so the message, the
class the middleware sees and ``code`` / ``stage`` / ``claim`` are the same on every release.
"""

from wikimedia_oauth_backend.compat import (
    AuthCanceled,
    AuthConfigurationError,
    AuthCredentialError,
    AuthInputError,
    AuthPolicyError,
    AuthResponseError,
)


def gettext_noop(text):
    """Mark ``text`` for extraction; the LMS translates it when it shows the message."""
    return text


_ = gettext_noop


class _ClearMessage:
    """Mixin: ``str(error)`` is the class's ``message`` instead of social-core's generic text."""

    message = ""

    def __init__(self, backend=None, *details, **kwargs):
        super().__init__(backend, *details, **kwargs)
        self.args = (self.message,)

    def __str__(self):
        return self.message


class LoginCanceled(_ClearMessage, AuthCanceled):
    """The learner pressed Cancel on the wiki's "allow access" page.

    MediaWiki answers a cancel with ``error=unauthorized_client`` (and no ``state``), which
    social-core would read as a broken configuration (see ``MediaWikiOAuth2.get_provider_error``).
    """

    default_code = "authorization_declined"
    # Translators: "Cancel" and "Allow" are the buttons of Wikimedia's approval page; use the wiki's
    # own labels in your language.
    message = _("You chose Cancel on the Wikimedia page, so you are not logged in. "
                "To try again, log in with Wikimedia again and choose Allow.")


class SignInExpired(_ClearMessage, AuthCredentialError):
    """The wiki refused the authorization code: already used (a reload, a second tab) or older than 10 minutes."""

    default_code = "authorization_code_rejected"
    message = _("This Wikimedia login link has expired or was already used. "
                "Please log in with Wikimedia again.")


class BlockedUser(_ClearMessage, AuthPolicyError):
    """The wiki account is blocked and may not log in here (always so for a suppressed account)."""

    default_code = "authentication_disallowed"
    message = _("Your Wikimedia account is currently blocked, so it cannot be used to log in here. "
                "Contact the course team if you think this is a mistake.")


class UnsafeRedirect(_ClearMessage, AuthInputError):
    """The ``next`` address after login points to another site."""

    default_code = "invalid_parameter"
    message = _("The address to return to after login is not on this site; login was refused.")


class StaleIdentity(_ClearMessage, AuthResponseError):
    """The OAuth 1.0a identity JWT was issued too long ago (a replayed response)."""

    default_code = "response_expired"
    message = _("The Wikimedia identity response is too old; please log in again.")


class UnverifiedIdentity(_ClearMessage, AuthResponseError):
    """The OAuth 1.0a identity JWT failed a check: signature, audience, issuer, issue time or nonce."""

    default_code = "invalid_claim"
    message = _("The Wikimedia identity response could not be verified; please log in again.")


class InsecureConfiguration(_ClearMessage, AuthConfigurationError):
    """The site's settings would make the wiki refuse every login, or weaken it (PKCE other than S256)."""

    default_code = "invalid_setting"
    message = _("Wikimedia login is not set up correctly on this site. Please contact the site's administrators.")


class InvalidProfile(_ClearMessage, AuthResponseError):
    """The profile from the wiki lacks a usable user id (``sub``) or user name."""

    default_code = "missing_claim"
    message = _("Wikimedia did not return a usable profile (user id and name); please try again later.")
