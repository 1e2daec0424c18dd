"""Pipeline steps for Wikimedia logins and the pipeline a plain Django site (the sandbox) uses.

The backends themselves refuse blocked accounts and unsafe ``next`` addresses, so those policies
also hold under the LMS's own third-party-auth pipeline. :func:`unique_username` replaces
social-core's ``get_username``, whose collision fallback is a random suffix and whose cleaning
drops every non-ASCII character.
"""

from social_core.pipeline import DEFAULT_AUTH_PIPELINE

from wikimedia_oauth_backend.details import USERNAME_MAX_LENGTH, make_username, stable_suffix

# social-core's default login pipeline (``social_core.pipeline.DEFAULT_AUTH_PIPELINE``), with
# ``unique_username`` in place of ``get_username``. Taken from the installed release: 6.0 added a
# ``social_names`` step that 4.8 and 5.x do not have.
PIPELINE = tuple("wikimedia_oauth_backend.pipeline.unique_username" if step == "social_core.pipeline.user.get_username"
                 else step for step in DEFAULT_AUTH_PIPELINE)
MAX_ATTEMPTS = 50


def username_candidates(base, uid):
    """``base``, then ``base_<hash of uid>``, then that with a counter: stable for the same person."""
    yield base
    suffix = stable_suffix(uid)
    stem = base[: USERNAME_MAX_LENGTH - len(suffix) - 1].rstrip("_-")
    yield f"{stem}_{suffix}"
    for number in range(2, MAX_ATTEMPTS):
        tail = f"{suffix}{number}"
        yield f"{base[: USERNAME_MAX_LENGTH - len(tail) - 1].rstrip('_-')}_{tail}"


def _taken(storage, username):
    """Whether an account already uses ``username``; case-insensitively, as Open edX compares them."""
    try:
        return storage.user.user_exists(username__iexact=username)
    except (TypeError, ValueError, AttributeError):  # a storage without Django lookups
        return storage.user.user_exists(username=username)


def unique_username(strategy, details, backend, user=None, uid=None, *args, **kwargs):
    """The username for a new account: the details' username, made unique in the user store.

    An existing account keeps its username (a wiki rename does not rename the Open edX account).
    """
    storage = strategy.storage
    if user:
        return {"username": storage.user.get_username(user)}
    uid = uid or details.get("username") or ""
    base = details.get("username") or make_username("", uid)
    for candidate in username_candidates(base, uid):
        if not _taken(storage, candidate):
            return {"username": candidate}
    raise RuntimeError(f"no free username near {base!r}")  # 50 accounts sharing one stem and hash
