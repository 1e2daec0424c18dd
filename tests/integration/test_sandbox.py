"""The sandbox loads the suite the LMS way and its services speak the LMS contract."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

SUITE_BLOCKS = ["wikilearn_rubric", "wikilearn_pitch_review", "wikilearn_timezone_poll"]


def test_plugin_apps_and_settings_come_from_the_plugin_framework():
    assert "openedx_plugins.wikilearn.apps.WikiLearnConfig" in settings.INSTALLED_APPS
    assert "openedx_plugins.recordings.apps.RecordingsConfig" in settings.INSTALLED_APPS
    assert settings.WIKILEARN_MAX_ANSWER_LENGTH > 0
    assert settings.WIKILEARN_BBB_SERVERS == {}


def test_plugin_urls_are_mounted():
    response = Client().get("/wikilearn/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_demo_data_is_idempotent(users):
    before = len(users)
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.contrib.auth import get_user_model
    assert get_user_model().objects.count() == before == 9
    zones = {user.sandbox_profile.time_zone for user in users.values()}
    languages = {user.sandbox_profile.language for user in users.values()}
    assert len(zones) == 9 and {"ar", "fr", "es", "hi", "id", "pt-br"} <= languages


@pytest.mark.parametrize("block_type", SUITE_BLOCKS)
def test_every_block_renders_for_every_kind_of_user(blocks, users, block_type):
    usage = blocks.create(f"<{block_type} display_name='Week &lt;b&gt;1&lt;/b&gt;'/>")
    for user in (None, users["learner_1"], users["staff_1"]):
        html = blocks.render(usage, user)
        assert "wikilearn" in html
        assert "Week &lt;b&gt;1&lt;/b&gt;" in html  # autoescaped, never raw HTML


@pytest.mark.parametrize("block_type", SUITE_BLOCKS)
def test_block_views_carry_lang_and_dir(blocks, users, block_type):
    usage = blocks.create(f"<{block_type}/>")
    assert 'lang="ar" dir="rtl"' in blocks.render(usage, users["learner_7"])
    assert 'lang="fr" dir="ltr"' in blocks.render(usage, users["learner_4"])


def test_scenario_pages_and_user_switch(users):
    client = Client()
    index = client.get("/")
    assert index.status_code == 200
    for block_type in SUITE_BLOCKS:
        assert f"/scenario/{block_type}.0/" in index.content.decode()
    response = client.post("/login-as/", {"username": "learner_7", "next": "/scenario/wikilearn_rubric.0/"})
    assert response.status_code == 302 and response.url == "/scenario/wikilearn_rubric.0/"
    page = client.get(response.url).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert client.post("/login-as/", {"username": "nobody"}).status_code == 400
    assert client.post("/login-as/", {"username": "staff_1", "next": "https://evil.example/"}).url == "/"
    assert client.get("/scenario/nope.0/").status_code == 404
    assert client.get("/handler/nope.d0.u0/submit/").status_code == 404


def test_language_preference_can_be_changed(users):
    client = Client()
    client.post("/login-as/", {"username": "learner_3"})
    assert client.post("/language/", {"language": "xx"}).status_code == 400
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    users["learner_3"].sandbox_profile.refresh_from_db()
    assert users["learner_3"].sandbox_profile.language == "en"
    assert '<html lang="en" dir="ltr">' in client.get("/").content.decode()
