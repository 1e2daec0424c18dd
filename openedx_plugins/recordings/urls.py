"""URLs the LMS mounts under ``/wikilearn/recordings/``."""

app_name = "wikilearn_recordings"

urlpatterns = []
