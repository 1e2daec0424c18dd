"""Linking the two protocols' associations (``wikimedia_oauth_backend.accounts``) on a stand-in storage."""

import types

import pytest

from wikimedia_oauth_backend.accounts import link_same_wiki_user, linked_providers


class IntegrityError(Exception):
    """What a database raises when two requests create the same association."""


class Storage:
    """social-core's storage interface, in memory: ``user`` (associations) and ``is_integrity_error``."""

    def __init__(self, rows=(), fail=None):
        self.rows = {(provider, uid): types.SimpleNamespace(provider=provider, uid=uid, user=user, id_key=None)
                     for provider, uid, user in rows}
        self.fail, self.created, self.user = fail, [], self

    def get_social_auth(self, provider, uid):
        return self.rows.get((provider, uid))

    def create_social_auth(self, user, uid, provider, id_key=""):
        """social-core 6.0+'s signature (``storage.UserMixin.create_social_auth``)."""
        return self.create(provider, uid, user, {"id_key": id_key})

    def create(self, provider, uid, user, fields):
        if self.fail:
            raise self.fail
        self.created.append((provider, uid, user, fields))
        self.rows[(provider, uid)] = types.SimpleNamespace(provider=provider, uid=uid, user=user, **fields)
        return self.rows[(provider, uid)]

    @staticmethod
    def is_integrity_error(error):
        return isinstance(error, IntegrityError)


class Storage4(Storage):
    """social-core 4.8/5.0 (social_django 5.4.1 ``UserSocialAuth.create_social_auth``): no id_key column."""

    def create_social_auth(self, user, uid, provider):
        return self.create(provider, uid, user, {})


def backend(name="mediawiki-oauth2", storage=None, settings=None):
    """A stand-in backend with ``name``, ``setting()``, ``id_key()`` (every release has it) and a strategy."""
    settings = settings or {}
    return types.SimpleNamespace(name=name, setting=lambda key, default=None: settings.get(key, default),
                                 id_key=lambda: "sub", strategy=types.SimpleNamespace(storage=storage or Storage()))


def test_default_links_each_protocol_to_the_other():
    assert linked_providers(backend("mediawiki-oauth2")) == ["mediawiki-oauth1"]
    assert linked_providers(backend("mediawiki-oauth1")) == ["mediawiki-oauth2"]


def test_setting_replaces_the_default_and_never_links_a_backend_to_itself():
    configured = backend(settings={"LINKED_PROVIDERS": ["wikimediaIdentityServer", "mediawiki-oauth2", ""]})
    assert linked_providers(configured) == ["wikimediaIdentityServer"]
    assert linked_providers(backend(settings={"LINKED_PROVIDERS": []})) == []


def test_the_other_protocols_account_is_given_to_this_one_with_its_id_key():
    storage = Storage(rows=[("mediawiki-oauth1", "1001", "ada")])
    social = link_same_wiki_user(backend(storage=storage), 1001)
    assert (social.provider, social.uid, social.user) == ("mediawiki-oauth2", "1001", "ada")
    assert storage.created == [("mediawiki-oauth2", "1001", "ada", {"id_key": "sub"})]


def test_social_core_4_storage_gets_no_id_key():
    storage = Storage4(rows=[("mediawiki-oauth1", "1001", "ada")])
    link_same_wiki_user(backend(storage=storage), "1001")
    assert storage.created == [("mediawiki-oauth2", "1001", "ada", {})]


@pytest.mark.parametrize("rows", [
    [("mediawiki-oauth2", "1001", "ada"), ("mediawiki-oauth1", "1001", "other")],  # already has its own
    [("mediawiki-oauth1", "1002", "bob")],  # another wiki user
    [],  # a new learner
])
def test_nothing_is_created_when_there_is_nothing_to_link(rows):
    storage = Storage(rows=rows)
    assert link_same_wiki_user(backend(storage=storage), "1001") is None
    assert storage.created == []


def test_a_concurrent_login_that_linked_first_is_not_an_error():
    storage = Storage(rows=[("mediawiki-oauth1", "1001", "ada")], fail=IntegrityError("duplicate"))
    assert link_same_wiki_user(backend(storage=storage), "1001") is None


def test_other_storage_failures_are_not_hidden():
    storage = Storage(rows=[("mediawiki-oauth1", "1001", "ada")], fail=RuntimeError("database gone"))
    with pytest.raises(RuntimeError):
        link_same_wiki_user(backend(storage=storage), "1001")
