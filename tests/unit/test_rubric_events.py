"""Grade and completion events go to the learner, with or without the LMS's rebind_user service."""

from types import SimpleNamespace

from xblocks.common.events import publish_for_learner, track


class FakeRuntime:
    def __init__(self, services):
        self.services = services
        self.published = []
        self.bound_to = None

    def service(self, block, name):
        return self.services.get(name)

    def publish(self, block, event_type, data):
        self.published.append((self.bound_to, event_type, data))


def make_block(with_rebind):
    learner = SimpleNamespace(pk=42, username="learner_1")
    runtime = FakeRuntime({})
    user_service = SimpleNamespace(get_user_by_anonymous_id=lambda aid: learner if aid == "anon-1" else None)
    runtime.services["user"] = user_service
    if with_rebind:
        def rebind(block, user):
            runtime.bound_to = user.username
        runtime.services["rebind_user"] = SimpleNamespace(rebind_noauth_module_to_user=rebind)
    return SimpleNamespace(runtime=runtime)


def test_lms_rebinds_the_block_to_the_learner_before_publishing():
    block = make_block(with_rebind=True)
    publish_for_learner(block, "anon-1", [("grade", {"value": 5, "max_value": 6}), ("completion", {"completion": 1.0})])
    assert block.runtime.published == [
        ("learner_1", "grade", {"value": 5, "max_value": 6, "anonymous_user_id": "anon-1", "user_id": 42}),
        ("learner_1", "completion", {"completion": 1.0, "anonymous_user_id": "anon-1", "user_id": 42}),
    ]


def test_without_rebind_the_event_names_the_learner():
    block = make_block(with_rebind=False)
    publish_for_learner(block, "anon-1", [("grade", {"value": 1, "max_value": 6})])
    assert block.runtime.published == [
        (None, "grade", {"value": 1, "max_value": 6, "anonymous_user_id": "anon-1", "user_id": 42})]
    publish_for_learner(block, "unknown", [("grade", {"value": 1, "max_value": 6})])
    assert block.runtime.published[-1][2] == {"value": 1, "max_value": 6, "anonymous_user_id": "unknown"}


def test_a_failing_tracker_never_breaks_the_action(caplog):
    block = make_block(with_rebind=False)

    def broken(*args):
        raise RuntimeError("tracker down")

    block.runtime.publish = broken
    track(block, "wikilearn.rubric.submitted", {"attempt": 1})
    assert "was not emitted" in caplog.text
