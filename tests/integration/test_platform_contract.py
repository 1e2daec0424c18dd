"""The sandbox behaves as edx-platform where the suite depends on it: each test pins one platform fact.

If the sandbox drifts from the platform (kinder or stricter than the real code), these turn red.
The edx-platform file and function each fact comes from is named in the test's docstring.
"""

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation
from submissions import api as submissions_api
from xblock.exceptions import InvalidScopeError

from sandbox.grades import SandboxCompletionService
from sandbox.i18n import SandboxI18nService, python_locale
from sandbox.models import BlockCompletion, GradebookScore, LearnerProfile, PublishedEvent
from sandbox.services import RebindUserServiceError, SandboxRebindUserService
from xblocks.pitch_review.block import PitchReviewBlock
from xblocks.rubric.block import RubricBlock
from xblocks.timezone_poll.block import TimezonePollBlock

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
COURSE = settings.WIKILEARN_SANDBOX_COURSE
BLOCK_CLASSES = (RubricBlock, PitchReviewBlock, TimezonePollBlock)


@pytest.fixture
def rubric(blocks):
    return blocks.create("<wikilearn_rubric prompt='Decide.'/>")


def user_attrs(blocks, usage, user, surface="lms"):
    block = blocks.block(usage, user, surface)
    return block, block.runtime.service(block, "user")


def test_lms_user_service_keys(blocks, rubric, users):
    """common/djangoapps/xblock_django/user_service.py ``_convert_django_user_to_xblock_user`` and
    lms/djangoapps/courseware/block_render.py: anonymous id per course, staff from has_access."""
    _block, service = user_attrs(blocks, rubric, users["learner_7"])
    attrs = service.get_current_user().opt_attrs
    assert attrs["edx-platform.username"] == "learner_7" and attrs["edx-platform.user_id"] == users["learner_7"].pk
    assert attrs["edx-platform.is_authenticated"] is True
    assert (attrs["edx-platform.user_is_staff"], attrs["edx-platform.user_role"]) == (False, "student")
    assert attrs["edx-platform.user_preferences"] == {"pref-lang": "ar", "time_zone": "Africa/Cairo"}
    anonymous_id = attrs["edx-platform.anonymous_user_id"]
    assert len(anonymous_id) == 32 and service.get_user_by_anonymous_id(anonymous_id) == users["learner_7"]
    # get_anonymous_user_id answers None unless the current user is staff.
    assert service.get_anonymous_user_id("learner_7", COURSE) is None
    _block, staff = user_attrs(blocks, rubric, users["staff_1"])
    assert staff.get_current_user().opt_attrs["edx-platform.user_is_staff"] is True
    assert staff.get_anonymous_user_id("learner_7", COURSE) == anonymous_id
    _block, visitor = user_attrs(blocks, rubric, None)
    assert visitor.get_current_user().opt_attrs == {"edx-platform.is_authenticated": False}


def test_studio_editor_services(blocks, rubric, users):
    """cms/djangoapps/contentstore/utils.py ``load_services_for_studio``: DjangoXBlockUserService(user) with no
    anonymous id, not staff, role 'student'; StudioPermissionsService.can_write = has_studio_write_access."""
    block, service = user_attrs(blocks, rubric, users["staff_1"], "studio")
    attrs = service.get_current_user().opt_attrs
    assert attrs["edx-platform.anonymous_user_id"] is None
    assert (attrs["edx-platform.user_is_staff"], attrs["edx-platform.user_role"]) == (False, "student")
    permissions = block.runtime.service(block, "studio_user_permissions")
    assert permissions.can_write(COURSE) and permissions.can_write("course-v1:Other+X+1")  # global staff
    LearnerProfile.objects.filter(user=users["learner_8"]).update(role="staff")  # course team, not global staff
    team_block, _service = user_attrs(blocks, rubric, users["learner_8"], "studio")
    team = team_block.runtime.service(team_block, "studio_user_permissions")
    assert team.can_write(COURSE) and not team.can_write("course-v1:Other+X+1")
    learner_block, _service = user_attrs(blocks, rubric, users["learner_1"], "studio")
    assert not learner_block.runtime.service(learner_block, "studio_user_permissions").can_write(COURSE)
    assert block.runtime.service(block, "completion") is None
    lms_block, _service = user_attrs(blocks, rubric, users["staff_1"])
    assert lms_block.runtime.service(lms_block, "studio_user_permissions") is None  # the LMS has no such service


def test_studio_preview_services(blocks, rubric, users):
    """cms/djangoapps/contentstore/views/preview.py ``_prepare_runtime_for_preview``: anonymous id 'student',
    role from get_user_role, not staff, studio_user_permissions, is_author_mode."""
    block, service = user_attrs(blocks, rubric, users["staff_1"], "preview")
    attrs = service.get_current_user().opt_attrs
    assert attrs["edx-platform.anonymous_user_id"] == "student"
    assert (attrs["edx-platform.user_is_staff"], attrs["edx-platform.user_role"]) == (False, "instructor")
    assert block.runtime.is_author_mode and block.runtime.service(block, "studio_user_permissions") is not None


def test_rebind_refuses_a_logged_in_requester(blocks, rubric, users):
    """xmodule/services.py ``RebindUserService.rebind_noauth_module_to_user`` raises for an authenticated user."""
    block = blocks.block(rubric, users["staff_1"])
    with pytest.raises(RebindUserServiceError):
        SandboxRebindUserService(users["staff_1"]).rebind_noauth_module_to_user(block, users["learner_1"])
    # The suite's blocks do not even ask for it.
    assert all(cls.service_declaration("rebind_user") is None for cls in BLOCK_CLASSES)


def test_grade_events_count_for_the_requester_only(blocks, rubric, users):
    """xmodule/services.py ``EventPublishingService._handle_grade_event``: SCORE_PUBLISHED for ``self.user``;
    nothing for a visitor; any user named in the event is ignored."""
    block = blocks.block(rubric, users["staff_1"])
    block.runtime.publish(block, "grade", {"value": 3, "max_value": 3, "user_id": users["learner_2"].pk})
    assert list(PublishedEvent.objects.values_list("username", flat=True)) == ["staff_1"]
    visitor = blocks.block(rubric, None)
    visitor.runtime.publish(visitor, "grade", {"value": 1, "max_value": 3})
    assert PublishedEvent.objects.count() == 1


def test_authored_fields_are_read_only_in_the_lms_and_preview(blocks, rubric, users):
    """lms/djangoapps/lms_xblock/field_data.py ``LmsFieldData``: authored scopes in ReadOnlyFieldData
    (``set`` raises InvalidScopeError); Studio's editor writes them."""
    for surface in ("lms", "preview"):
        block = blocks.block(rubric, users["staff_1"], surface)
        block.prompt = "Changed in the LMS"
        with pytest.raises(InvalidScopeError):
            block.save()
    block = blocks.block(rubric, users["staff_1"], "studio")
    block.prompt = "Changed in Studio"
    block.save()
    assert blocks.block(rubric, users["learner_1"]).prompt == "Changed in Studio"


def test_submissions_score_set_becomes_the_learners_grade(users):
    """lms/djangoapps/grades/signals/handlers.py ``submissions_score_set_handler``: user from
    user_by_anonymous_id; nothing for an unknown id or points_possible == 0."""
    from sandbox.services import anonymous_id_for

    learner = users["learner_3"]
    item = {"student_id": anonymous_id_for(learner, COURSE), "course_id": COURSE, "item_id": "usage-x",
            "item_type": "wikilearn_rubric"}
    submission = submissions_api.create_submission(item, {"attempt": 1}, attempt_number=1)
    submissions_api.set_score(submission["uuid"], 4, 6)
    row = GradebookScore.objects.get(user=learner, usage_id="usage-x")
    assert (row.earned, row.possible, row.course_id) == (4, 6, COURSE)
    unknown = submissions_api.create_submission({**item, "student_id": "nobody"}, {"attempt": 1})
    submissions_api.set_score(unknown["uuid"], 1, 6)
    submissions_api.set_score(submission["uuid"], 0, 0)  # a hidden score
    assert GradebookScore.objects.count() == 1 and GradebookScore.objects.get().earned == 4


def test_completion_service_for_other_users(users):
    """completion/services.py ``submit_group_completion``: completes for the users named; an unknown id raises
    User.DoesNotExist."""
    service = SandboxCompletionService(users["staff_1"], COURSE)
    service.submit_group_completion("usage-x", 1.0, user_ids=[users["learner_1"].pk])
    assert BlockCompletion.objects.get(usage_id="usage-x").user == users["learner_1"]
    with pytest.raises(get_user_model().DoesNotExist):
        service.submit_group_completion("usage-x", 1.0, user_ids=[999_999])


@pytest.mark.parametrize("block_class", BLOCK_CLASSES)
def test_block_catalogues_are_found_by_root_module(block_class, settings, tmp_path):
    """xmodule/modulestore/django.py ``XBlockI18nService.get_python_locale``: ``xblocks/translations`` (domain
    ``text``) unless ``conf/plugins-locale/xblock.v1/xblocks`` exists; then only there (domain ``django``),
    falling back to Django's own translations when the language is missing there."""
    assert python_locale(block_class) == ("text", str(ROOT / "xblocks" / "translations"))
    with translation.override("fr"):
        service = SandboxI18nService(block_class.__new__(block_class))
        expected = gettext.translation("text", ROOT / "xblocks" / "translations", ["fr"]).gettext("Display name")
        assert service.gettext("Display name") == expected != "Display name"
    atlas = tmp_path / "xblocks" / "ar" / "LC_MESSAGES"
    atlas.mkdir(parents=True)
    settings.WIKILEARN_SANDBOX_PLUGINS_LOCALE = str(tmp_path)
    assert python_locale(block_class) == ("django", str(tmp_path / "xblocks"))
    with translation.override("fr"):  # no French under the atlas folder: Django's catalogue, not text.mo
        assert SandboxI18nService(block_class.__new__(block_class)).gettext("Display name") == "Display name"


def test_lms_handler_view_auth_and_csrf(rubric, users):
    """lms/djangoapps/courseware/block_render.py ``handle_xblock_callback``: a visitor's non-GET gets a plain
    403 'Unauthenticated'; a session user's POST is CSRF-checked (the view is csrf_exempt and checks itself)."""
    url = f"/handler/{rubric}/learner_state/"
    visitor = Client(enforce_csrf_checks=True).post(url, "{}", content_type="application/json")
    assert (visitor.status_code, visitor.content) == (403, b"Unauthenticated")
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["learner_1"])
    no_token = client.post(url, "{}", content_type="application/json")
    assert no_token.status_code == 403 and no_token["Content-Type"].startswith("text/html")
    client.get("/")  # the CSRF cookie
    ok = client.post(url, "{}", content_type="application/json", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert ok.status_code == 200


def test_studio_pages_are_for_course_authors(rubric, users):
    """cms/djangoapps/contentstore/views/component.py ``_get_item_in_course``: PermissionDenied unless
    has_course_author_access; Studio views need a login."""
    client = Client()
    assert client.get("/scenario/wikilearn_rubric.0/studio_view/").status_code == 302
    client.force_login(users["learner_1"])
    assert client.get("/scenario/wikilearn_rubric.0/studio_view/").status_code == 403
    client.force_login(users["staff_1"])
    page = client.get("/scenario/wikilearn_rubric.0/studio_view/").content.decode()
    assert 'data-handler-base="/studio/handler/"' in page
