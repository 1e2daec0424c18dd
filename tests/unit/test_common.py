import json
from types import SimpleNamespace

import pytest
from webob import Request

from xblocks.common.rendering import json_script
from xblocks.common.runtime.access import AUTHOR, LEARNER, STAFF, require
from xblocks.common.runtime.errors import BadRequest, Conflict, Forbidden, json_handler, parse_json_body
from xblocks.common.runtime.i18n import language_direction
from xblocks.common.runtime.user import UserContext, current_user

LMS_LEARNER = {
    "edx-platform.is_authenticated": True,
    "edx-platform.anonymous_user_id": "abc",
    "edx-platform.user_id": 7,
    "edx-platform.username": "learner_7",
    "edx-platform.user_is_staff": False,
    "edx-platform.user_role": "student",
    "edx-platform.user_preferences": {"pref-lang": "ar", "time_zone": "Africa/Cairo"},
}


class FakeUser:
    def __init__(self, **attrs):
        self.opt_attrs = attrs


class FakePermissions:
    def __init__(self, writers):
        self.writers = writers

    def can_write(self, course_key):
        return course_key in self.writers


class FakeRuntime:
    def __init__(self, user, permissions=None, author_mode=False):
        self.user = user
        self.permissions = permissions
        self.is_author_mode = author_mode
        self.course_id = "course-v1:W+1+2"

    def service(self, block, name):
        if name == "user":
            return SimpleNamespace(get_current_user=lambda: self.user)
        if name == "studio_user_permissions":
            return self.permissions
        return None


def block_with(user, permissions=None, author_mode=False):
    block = SimpleNamespace(scope_ids=SimpleNamespace(usage_id="usage-1"))
    block.runtime = FakeRuntime(user, permissions, author_mode)
    return block


def test_lms_learner_from_the_user_service_keys():
    from django.utils import translation

    with translation.override("ar"):
        ctx = current_user(block_with(FakeUser(**LMS_LEARNER)))
    assert (ctx.anonymous_id, ctx.username, ctx.user_id, ctx.is_staff) == ("abc", "learner_7", 7, False)
    assert (ctx.language, ctx.time_zone, ctx.surface, ctx.can_author) == ("ar", "Africa/Cairo", "lms", False)
    assert ctx.is_participant and not ctx.is_anonymous


def test_staff_only_from_the_lms_flag():
    staff = current_user(block_with(FakeUser(**{**LMS_LEARNER, "edx-platform.user_is_staff": True})))
    assert staff.is_staff
    # A role alone is not staff access (the LMS sets user_is_staff from has_access(user, 'staff', ...)).
    assert not current_user(block_with(FakeUser(**{**LMS_LEARNER, "edx-platform.user_role": "instructor"}))).is_staff
    assert current_user(block_with(FakeUser(**{"edx-platform.is_authenticated": False}))).is_anonymous
    assert current_user(block_with(None)).is_anonymous


def test_studio_author_has_no_anonymous_id_and_may_write():
    studio = {"edx-platform.is_authenticated": True, "edx-platform.anonymous_user_id": None,
              "edx-platform.username": "author", "edx-platform.user_is_staff": False,
              "edx-platform.user_role": "student", "edx-platform.user_preferences": {}}
    author = current_user(block_with(FakeUser(**studio), FakePermissions({"course-v1:W+1+2"})))
    assert (author.surface, author.can_author, author.is_participant, author.is_staff) == ("studio", True, False, False)
    reader = current_user(block_with(FakeUser(**studio), FakePermissions(set())))
    assert (reader.surface, reader.can_author) == ("studio", False)
    preview = current_user(block_with(FakeUser(**{**studio, "edx-platform.anonymous_user_id": "student"}),
                                      FakePermissions({"course-v1:W+1+2"}), author_mode=True))
    assert (preview.surface, preview.can_author, preview.is_participant) == ("preview", False, True)


def test_permission_levels():
    learner = UserContext("l", "learner_1", False, "student", is_authenticated=True)
    staff = UserContext("s", "staff_1", True, "instructor", is_authenticated=True)
    author = UserContext(None, "author", is_authenticated=True, surface="studio", can_author=True)
    preview = UserContext("student", "author", is_authenticated=True, surface="preview")
    assert require(learner) is learner and require(staff, STAFF) is staff and require(author, AUTHOR) is author
    assert require(preview) is preview
    for user, level, writes, code in (
        (learner, STAFF, False, "not_staff"), (UserContext.anonymous(), LEARNER, False, "login_required"),
        (staff, AUTHOR, False, "studio_only"), (preview, AUTHOR, False, "studio_only"),
        (UserContext(None, "reader", is_authenticated=True, surface="studio"), AUTHOR, False, "not_author"),
        (author, LEARNER, False, "course_only"), (preview, LEARNER, True, "preview_only"),
    ):
        with pytest.raises(Forbidden) as error:
            require(user, level, writes)
        assert error.value.status == 403 and error.value.error_code == code, (user, level)


def test_error_shape_is_translated_and_formatted():
    error = Conflict("stale_version", "Changed by %(name)s.", name="staff_2")
    assert error.status == 409
    assert error.to_dict(lambda text: text.replace("Changed", "Modifié")) == {
        "error_code": "stale_version", "message": "Modifié by staff_2."}


@pytest.mark.parametrize("body, code", [
    (b"{", "invalid_json"), (b"[1, 2]", "invalid_json"), (b"\xff\xfe", "invalid_json"),
])
def test_bad_json_bodies(body, code):
    request = Request.blank("/", method="POST", body=body, content_type="application/json")
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

    ok = Block().echo(Request.blank("/", method="POST", body=b'{"a": 1}', content_type="application/json"))
    assert ok.status_code == 200 and json.loads(ok.body) == {"got": {"a": 1}}
    bad = Block().echo(Request.blank("/", method="POST", body=b'{"fail": true}', content_type="application/json"))
    assert bad.status_code == 400 and json.loads(bad.body) == {"error_code": "nope", "message": "No way."}
    get = Block().echo(Request.blank("/", method="GET"))
    form = Block().echo(Request.blank("/", method="POST", body=b"a=1",
                                      content_type="application/x-www-form-urlencoded"))
    assert form.status_code == 415 and json.loads(form.body)["error_code"] == "unsupported_media_type"
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
