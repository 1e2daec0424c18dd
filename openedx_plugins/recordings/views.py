"""LMS pages: a course's recordings and the download of one file."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from openedx_plugins.recordings import access
from openedx_plugins.recordings.models import CourseRecordingSettings, Recording, RecordingFile
from openedx_plugins.recordings.serving import readable_filename, serve
from openedx_plugins.recordings.storage import get_storage


def _level_or_deny(request, course_id):
    """The user's level on the course; anonymous users go to login, others without access get 403."""
    course_key = access.parse_course_key(course_id)
    if course_key is None:
        raise Http404
    if not request.user.is_authenticated:
        return course_key, None
    level = access.course_level(request.user, course_key)
    if level == access.NONE:
        raise PermissionDenied
    return course_key, level


def extension_of(file):
    """The file's extension as the app stored it (``mp4``, ``vtt``...)."""
    base = file.storage_name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1] if "." in base else ""


SLOW_LINE, FAST_LINE = 256_000, 1_000_000  # bits per second: the lines the page quotes times for


def download_time(size, bits_per_second):
    """How long ``size`` bytes take at ``bits_per_second``, in words."""
    seconds = size * 8 / bits_per_second
    if seconds < 60:
        return gettext("under a minute")
    minutes = round(seconds / 60)
    if minutes < 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return gettext("%(hours)d h %(minutes)02d min") % {"hours": minutes // 60, "minutes": minutes % 60}


def lesson_list(course_key, level):
    """The recordings the user sees, each with its files (lightest first, with download times), its
    captions and transcripts, and the lightest file that carries the voice. Lesson package files of
    a kind the course switched off are not listed.
    """
    recordings = Recording.objects.filter(course_key=str(course_key)).prefetch_related("files")
    if level != access.STAFF:
        recordings = recordings.filter(available=True)
    switched_on = CourseRecordingSettings.package_kinds_for(str(course_key))
    lessons = []
    for recording in recordings:
        files = [f for f in recording.files.all()
                 if f.ready and (f.kind not in RecordingFile.PACKAGE_SWITCHES or f.kind in switched_on)]
        for file in files:
            file.filename = readable_filename(recording, file, extension_of(file))
            file.url = reverse("wikilearn_recordings:download", args=[str(course_key), file.pk, file.filename])
            file.time_slow, file.time_fast = download_time(file.size, SLOW_LINE), download_time(file.size, FAST_LINE)
        media = sorted((f for f in files if not f.is_captions), key=lambda f: f.size)
        voice = [f for f in media if f.has_voice]
        lessons.append({
            "recording": recording,
            "minutes": max(round((recording.duration or 0) / 60), 1) if recording.duration else 0,
            "media": media,
            "captions": sorted((f for f in files if f.is_captions), key=lambda f: (f.kind, f.language)),
            "lightest_id": voice[0].pk if len(media) > 1 and voice else None,
            "can_download": access.may_download(level, recording),
        })
    return lessons


def course_name(course_key):
    """The course's display name in the LMS (CourseOverview, imported lazily); '' elsewhere."""
    try:
        from openedx.core.djangoapps.content.course_overviews.models import CourseOverview  # noqa: PLC0415
    except ImportError:
        return ""
    overview = CourseOverview.objects.filter(id=course_key).only("display_name").first()
    return overview.display_name if overview else ""


def lms_course(course_key):
    """The LMS's course (its tabs make the course navigation of the page frame); None elsewhere.

    edx-platform ``openedx/core/lib/courses.py`` ``get_course_by_id`` reads it from the modulestore and
    raises Http404 for a course it does not have (recordings of a deleted course still list).
    """
    try:
        from openedx.core.lib.courses import get_course_by_id  # noqa: PLC0415 - only inside edx-platform
    except ImportError:
        return None
    try:
        return get_course_by_id(course_key)
    except Http404:
        return None


@require_safe
def course_recordings(request, course_id):
    """Every lesson recording of a course with its files, sizes and captions, in the LMS's page frame."""
    course_key, level = _level_or_deny(request, course_id)
    if level is None:
        return redirect_to_login(request.get_full_path())
    language = translation.get_language() or "en"
    course = lms_course(course_key)
    if course is not None:
        # As the course wiki's middleware does for its pages (lms/djangoapps/course_wiki/middleware.py
        # WikiAccessMiddleware.process_view): main_django.html's header shows ``request.course``.
        request.course = course
    return render(request, "wikilearn_recordings/course.html", {
        "course": course,
        "course_key": str(course_key),
        "course_name": course_name(course_key),
        "lessons": lesson_list(course_key, level),
        "is_staff": level == access.STAFF,
        "downloads_off": level == access.VIEW,
        "lang": language,
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
    })


@require_http_methods(["GET", "HEAD"])
def download(request, course_id, file_id, filename=""):
    """One ready file as an attachment (ranges, ETag), or a redirect to a signed URL."""
    course_key, level = _level_or_deny(request, course_id)
    if level is None:
        return redirect_to_login(request.get_full_path())
    file = (RecordingFile.objects.select_related("recording")
            .filter(pk=file_id, ready=True, recording__course_key=str(course_key)).first())
    if file is None or not (file.recording.available or level == access.STAFF):
        raise Http404
    if not access.may_download(level, file.recording):
        raise PermissionDenied
    return serve(request, get_storage(), file, readable_filename(file.recording, file, extension_of(file)))
