import json
from types import SimpleNamespace

import pytest
from webob import Request

from xblocks.common.context import UserContext, user_context
from xblocks.common.errors import BadRequest, Conflict, json_handler, parse_json_body
from xblocks.common.i18n import language_direction
from xblocks.common.permissions import STAFF, require
from xblocks.common.rendering import json_script


class FakeUser:
    def __init__(self, **attrs):
        self.opt_attrs = attrs


class FakeRuntime:
    def __init__(self, user):
        self.user = user

    def service(self, block, name):
        if name == "user":
            return SimpleNamespace(get_current_user=lambda: self.user)
        return None


def block_with(user):
    block = SimpleNamespace()
    block.runtime = FakeRuntime(user)
    return block


def test_user_context_reads_the_lms_keys():
    user = FakeUser(**{
        "edx-platform.anonymous_user_id": "abc",
        "edx-platform.username": "learner_7",
        "edx-platform.user_is_staff": False,
        "edx-platform.user_role": "student",
        "edx-platform.user_preferences": {"pref-lang": "ar", "time_zone": "Africa/Cairo"},
    })
    ctx = user_context(block_with(user))
    assert ctx == UserContext("abc", "learner_7", False, "student", "ar", "Africa/Cairo")
    assert not ctx.is_anonymous


def test_staff_from_flag_or_role_and_anonymous_is_never_staff():
    assert user_context(block_with(FakeUser(**{"edx-platform.anonymous_user_id": "s",
                                                "edx-platform.user_is_staff": True}))).is_staff
    assert user_context(block_with(FakeUser(**{"edx-platform.anonymous_user_id": "s",
                                                "edx-platform.user_role": "instructor"}))).is_staff
    assert not user_context(block_with(FakeUser(**{"edx-platform.user_is_staff": True}))).is_staff
    assert user_context(block_with(None)).is_anonymous


def test_permission_helper():
    learner = UserContext("l", "learner_1", False, "student", "en", None)
    staff = UserContext("s", "staff_1", True, "instructor", "en", None)
    assert require(learner) is learner
    assert require(staff, STAFF) is staff
    with pytest.raises(Exception) as error:
        require(learner, STAFF)
    assert error.value.status == 403 and error.value.error_code == "not_staff"
    with pytest.raises(Exception) as error:
        require(UserContext.anonymous())
    assert error.value.status == 403 and error.value.error_code == "login_required"


def test_error_shape_is_translated_and_formatted():
    error = Conflict("stale_version", "Changed by %(name)s.", name="staff_2")
    assert error.status == 409
    assert error.to_dict(lambda text: text.replace("Changed", "Modifié")) == {
        "error_code": "stale_version", "message": "Modifié by staff_2."}


@pytest.mark.parametrize("body, code", [
    (b"{", "invalid_json"), (b"[1, 2]", "invalid_json"), (b"\xff\xfe", "invalid_json"),
])
def test_bad_json_bodies(body, code):
    request = Request.blank("/", method="POST", body=body)
    with pytest.raises(BadRequest) as error:
        parse_json_body(request)
    assert error.value.error_code == code


def test_json_handler_wraps_errors_and_results():
    class Block:
        runtime = FakeRuntime(None)

        @json_handler
        def echo(self, data, suffix=""):
            if data.get("fail"):
                raise BadRequest("nope", "No %(what)s.", what="way")
            return {"got": data}

    ok = Block().echo(Request.blank("/", method="POST", body=b'{"a": 1}'))
    assert ok.status_code == 200 and json.loads(ok.body) == {"got": {"a": 1}}
    bad = Block().echo(Request.blank("/", method="POST", body=b'{"fail": true}'))
    assert bad.status_code == 400 and json.loads(bad.body) == {"error_code": "nope", "message": "No way."}
    get = Block().echo(Request.blank("/", method="GET"))
    assert get.status_code == 405 and json.loads(get.body)["error_code"] == "method_not_allowed"


@pytest.mark.parametrize("language, direction", [
    ("ar", "rtl"), ("fa-ir", "rtl"), ("he_IL", "rtl"), ("en", "ltr"), ("pt-br", "ltr"), (None, "ltr"),
])
def test_language_direction(language, direction):
    assert language_direction(language) == direction


def test_json_script_cannot_break_out_of_a_script_element():
    text = json_script({"answer": "</script><script>alert(1)</script> & <!--"})
    assert "</script>" not in text and "<!--" not in text
    assert json.loads(text)["answer"].startswith("</script>")
