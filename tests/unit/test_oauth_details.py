"""The one mapping from a MediaWiki profile to Open edX user details, and the username step."""

import re

import pytest

from wikimedia_oauth_backend import details
from wikimedia_oauth_backend.details import extra_fields, make_username, split_realname, user_details
from wikimedia_oauth_backend.pipeline import unique_username, username_candidates

OPEN_EDX_ASCII = re.compile(r"^[A-Za-z0-9_-]{2,30}$")
OPEN_EDX_UNICODE = re.compile(r"^[\w-]{2,30}$")  # Django's validate_unicode_slug, with Open edX's lengths


def profile(**fields):
    """A MediaWiki OAuth 2.0 profile with the private grant."""
    return {"sub": "1001", "username": "Ada Wiki", "editcount": 10, "confirmed_email": True,
            "email": "ada@example.org", "realname": "Ada Lovelace", "blocked": False,
            "registered": "20200115093000", "groups": ["*", "user"], **fields}


@pytest.mark.parametrize(("wiki_name", "ascii_name", "unicode_name"), [
    ("Ada Wiki", "Ada_Wiki", "Ada_Wiki"),
    ("Jürgen Müller", "Jurgen_Muller", "Jürgen_Müller"),
    ("محمد علي", "mHmd_ly", "محمد_علي"),
    ("维基小明", "Wei_Ji_Xiao_Ming", "维基小明"),
    # Devanagari vowel signs are combining marks Django's \w refuses: transliterated in both modes.
    ("राजेश कुमार", "raajesh_kumaar", "raajesh_kumaar"),
    ("O'Brien (WMF)", "O_Brien_WMF", "O_Brien_WMF"),
    ("a.b@c--d", "a_b_c--d", "a_b_c--d"),
])
def test_usernames_are_valid_for_open_edx_in_both_modes(wiki_name, ascii_name, unicode_name):
    assert make_username(wiki_name, "7") == ascii_name
    assert make_username(wiki_name, "7", unicode_usernames=True) == unicode_name
    assert OPEN_EDX_ASCII.match(ascii_name)
    assert OPEN_EDX_UNICODE.match(unicode_name)


@pytest.mark.parametrize("wiki_name", ["", "!!!", "🙂🙂", "   ", None])
def test_nothing_usable_gives_a_stable_name_from_the_sub(wiki_name):
    first = make_username(wiki_name, "1234")
    assert first == make_username(wiki_name, "1234") == f"wiki_{details.stable_suffix('1234')}"
    assert first != make_username(wiki_name, "1235")
    assert OPEN_EDX_ASCII.match(first)


def test_short_and_long_names_are_brought_within_open_edx_lengths():
    assert OPEN_EDX_ASCII.match(make_username("X", "1"))
    long_name = make_username("A very long wiki user name that keeps going", "1")
    assert len(long_name) == 30 and OPEN_EDX_ASCII.match(long_name)
    assert not long_name.endswith("_")


def test_without_transliteration_library_non_latin_names_still_get_a_valid_name(monkeypatch):
    monkeypatch.setattr(details, "_transliterate", None)
    assert make_username("Jürgen", "1") == "Jurgen"
    assert make_username("维基小明", "1") == f"wiki_{details.stable_suffix('1')}"


def test_email_only_when_confirmed():
    assert user_details(profile())["email"] == "ada@example.org"
    assert user_details(profile(confirmed_email=False))["email"] == ""
    assert user_details(profile(confirmed_email="yes"))["email"] == ""
    assert user_details(profile(email=None, confirmed_email=True))["email"] == ""
    no_private_grant = {key: value for key, value in profile().items() if key not in ("email", "realname")}
    assert user_details(no_private_grant)["email"] == ""


def test_names_from_realname_in_any_script():
    assert split_realname("Ada  Lovelace") == ("Ada Lovelace", "Ada", "Lovelace")
    assert split_realname("Juan Carlos de la Cruz") == ("Juan Carlos de la Cruz", "Juan Carlos de la", "Cruz")
    assert split_realname("王小明") == ("王小明", "王小明", "")
    mapped = user_details(profile(realname="محمد علي"))
    assert (mapped["fullname"], mapped["first_name"], mapped["last_name"]) == ("محمد علي", "محمد", "علي")
    assert "fullname" not in user_details(profile(realname=""))
    assert "first_name" not in user_details(profile(realname=None))


def test_wiki_username_is_kept_and_extra_fields_are_the_listed_ones():
    mapped = user_details(profile(username="Ada Wiki"))
    assert mapped["wiki_username"] == "Ada Wiki" and mapped["username"] == "Ada_Wiki"
    extra = extra_fields(profile(editcount=5, blocked=True))
    assert extra == {"username": "Ada Wiki", "editcount": 5, "groups": ["*", "user"],
                     "registered": "20200115093000", "blocked": True, "confirmed_email": True}


class FakeUsers:
    """The part of a social-core storage the username step uses."""

    def __init__(self, taken):
        self.taken = {name.lower() for name in taken}

    def user_exists(self, username__iexact):
        return username__iexact.lower() in self.taken

    def get_username(self, user):
        return user.username


class FakeStrategy:
    """A strategy whose storage knows some usernames."""

    def __init__(self, taken):
        self.storage = type("Storage", (), {"user": FakeUsers(taken)})

    def get_storage(self, stage):
        return self.storage


def test_unique_username_keeps_a_free_name_and_suffixes_a_taken_one_stably():
    assert unique_username(FakeStrategy([]), {"username": "Ada_Wiki"}, None, uid="1001") == {"username": "Ada_Wiki"}
    taken = unique_username(FakeStrategy(["ada_wiki"]), {"username": "Ada_Wiki"}, None, uid="1001")["username"]
    assert taken == f"Ada_Wiki_{details.stable_suffix('1001')}"
    assert taken == unique_username(FakeStrategy(["ADA_WIKI"]), {"username": "Ada_Wiki"}, None, uid="1001")["username"]
    both = unique_username(FakeStrategy(["Ada_Wiki", taken]), {"username": "Ada_Wiki"}, None, uid="1001")
    assert both["username"] not in ("Ada_Wiki", taken) and OPEN_EDX_ASCII.match(both["username"])


def test_candidates_stay_within_thirty_characters():
    for candidate in list(username_candidates("b" * 30, "9"))[:10]:
        assert OPEN_EDX_ASCII.match(candidate), candidate


def test_existing_account_keeps_its_username():
    user = type("User", (), {"username": "old_name"})()
    result = unique_username(FakeStrategy(["old_name"]), {"username": "New_Name"}, None, user=user, uid="1")
    assert result == {"username": "old_name"}
