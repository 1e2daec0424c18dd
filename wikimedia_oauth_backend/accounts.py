"""One wiki user, one Open edX account, whichever protocol (OAuth 1.0a or 2.0) they log in with.

social-core keys an account association by ``(provider, uid)`` with ``provider`` the backend's
name, so the same wiki user (same central user id ``sub``) logging in once through
``mediawiki-oauth1`` and once through ``mediawiki-oauth2`` would get two accounts, and a site that
moves from 1.0a to 2.0 would duplicate every returning learner.

Why this happens in the backend and not in a pipeline step: on Ulmo, edx-platform's
``third_party_auth`` app sets ``SOCIAL_AUTH_PIPELINE`` itself when it starts
(``common/djangoapps/third_party_auth/settings.py`` ``apply_settings``, called from ``apps.py``
``ThirdPartyAuthConfig.ready``: "All auth backends must work with this pipeline"), after plugin
settings have run, so a step added by a plugin is overwritten. Since openedx-platform PR #37965
(January 2026, Verawood) the list is static in ``lms/envs/common.py`` and can be edited, so a
step would work on one release and not the other; a per-backend ``PIPELINE`` setting would
replace the LMS's own steps (registration form, analytics, cookies). Instead the backend, just
before the pipeline runs (``MediaWikiMixin.pipeline``), gives its own provider name the account
the other protocol already has for this ``sub``; any pipeline, the LMS's included, then finds it
in its ``social_user`` step and carries on as for any returning learner. Only stored
associations are read, so this also works after the old protocol's backend has been removed
from ``AUTHENTICATION_BACKENDS``.

The providers treated as "the same wiki users" are the other protocol's backend by default, or
the ``LINKED_PROVIDERS`` setting (e.g. adding an older backend's name when migrating from it).
They must log in against the same wiki farm: ``sub`` is that farm's central user id.
"""

from wikimedia_oauth_backend import compat

SIBLING_PROVIDERS = {
    "mediawiki-oauth2": ("mediawiki-oauth1",),
    "mediawiki-oauth1": ("mediawiki-oauth2",),
}


def linked_providers(backend):
    """Provider names whose associations are the same wiki users as ``backend``'s."""
    configured = backend.setting("LINKED_PROVIDERS")
    names = SIBLING_PROVIDERS.get(backend.name, ()) if configured is None else configured
    return [str(name) for name in names if name and name != backend.name]


def link_same_wiki_user(backend, uid):
    """Give ``backend`` the account a linked provider already has for ``uid``; returns the new association.

    Does nothing when ``backend`` already has an association for ``uid`` (a returning learner, or
    two accounts made before linking existed: those stay as they are), or when no linked
    provider knows ``uid`` (a new learner).
    """
    storage = backend.strategy.storage.user
    uid = str(uid)
    if storage.get_social_auth(backend.name, uid) is not None:
        return None
    for provider in linked_providers(backend):
        existing = storage.get_social_auth(provider, uid)
        if existing is None:
            continue
        try:
            return storage.create_social_auth(existing.user, uid, backend.name,
                                              **compat.association_fields(backend, storage))
        except Exception as error:
            if not backend.strategy.storage.is_integrity_error(error):
                raise
            return None  # a concurrent login of the same learner linked it first
    return None
