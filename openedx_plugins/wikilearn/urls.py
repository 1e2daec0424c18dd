"""URLs the LMS mounts under ``/wikilearn/``."""

from django.urls import path, re_path

from openedx_plugins.wikilearn import views
from openedx_plugins.wikilearn.pages import inbox, learner, progress

app_name = "wikilearn"

COURSE = r"(?P<course_id>[^/]+)"

urlpatterns = [
    path("health", views.health, name="health"),
    re_path(rf"^courses/{COURSE}/inbox/$", inbox.inbox_page, name="course_inbox"),
    re_path(rf"^courses/{COURSE}/progress/$", progress.progress_page, name="course_progress"),
    re_path(rf"^courses/{COURSE}/progress\.csv$", progress.progress_csv, name="course_progress_csv"),
    re_path(rf"^courses/{COURSE}/feedback/$", learner.feedback_page, name="course_feedback"),
    re_path(rf"^courses/{COURSE}/showcase/$", learner.showcase_page, name="course_showcase"),
    re_path(rf"^courses/{COURSE}/showcase/pick$", learner.showcase_pick, name="showcase_pick"),
    re_path(rf"^courses/{COURSE}/showcase/(?P<piece>[0-9]{{1,18}})/files/(?P<index>[0-9]{{1,4}})/(?P<filename>[^/]*)$",
            learner.showcase_file, name="showcase_file"),
    re_path(rf"^api/v1/courses/{COURSE}/inbox$", inbox.inbox_api, name="api_course_inbox"),
]
