"""URLs the LMS mounts under ``/wikilearn/recordings/``.

Files are addressed by their database id; the trailing name only helps download managers that
name files after the URL, and never reaches the storage.
"""

from django.urls import re_path

from openedx_plugins.recordings import views

app_name = "wikilearn_recordings"

COURSE = r"(?P<course_id>[^/]+)"

urlpatterns = [
    re_path(rf"^{COURSE}/$", views.course_recordings, name="course"),
    re_path(rf"^{COURSE}/files/(?P<file_id>[0-9]+)/(?P<filename>[^/]*)$", views.download, name="download"),
]
