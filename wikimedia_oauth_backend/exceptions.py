"""Refusals specific to Wikimedia logins, each an ``AuthException`` with a message a person can act on.

social-core's exceptions carry a generic message chosen by their ``code``; these keep the code
(so middleware maps them to the right HTTP status) and replace the message.
"""

from social_core.exceptions import AuthInputError, AuthPolicyError, AuthResponseError


class _ClearMessage:
    """Mixin: ``str(error)`` is the class's ``message`` instead of social-core's generic text."""

    message = ""

    def __init__(self, backend=None, *details, **kwargs):
        super().__init__(backend, *details, **kwargs)
        self.args = (self.message,)

    def __str__(self):
        return self.message


class BlockedUser(_ClearMessage, AuthPolicyError):
    """The wiki account is blocked and the operator does not let blocked accounts log in."""

    default_code = "authentication_disallowed"
    message = ("Your Wikimedia account is currently blocked, so it cannot be used to log in here. "
               "Contact the course team if you think this is a mistake.")


class UnsafeRedirect(_ClearMessage, AuthInputError):
    """The ``next`` address after login points to another site."""

    default_code = "invalid_parameter"
    message = "The address to return to after login is not on this site; login was refused."


class StaleIdentity(_ClearMessage, AuthResponseError):
    """The OAuth 1.0a identity JWT was issued too long ago (a replayed response)."""

    default_code = "response_expired"
    message = "The Wikimedia identity response is too old; please log in again."


class InvalidProfile(_ClearMessage, AuthResponseError):
    """The profile from the wiki lacks its stable user id (``sub``) or user name."""

    default_code = "missing_claim"
    message = "Wikimedia did not return a usable profile (user id and name); please try again later."
