"""Recording models: where a course's recordings come from, the recordings, their files.

One row per recording and one per file, written by the sync engine through ``catalog.py``;
staff switch downloads on and off per course (``CourseRecordingSettings``) and per recording.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordingSource(models.Model):
    """A BigBlueButton server and the meetings whose recordings belong to a course."""

    course_key = models.CharField(_("course key"), max_length=255, db_index=True)
    server = models.CharField(_("server"), max_length=64,
                              help_text=_("A name from the WIKILEARN_BBB_SERVERS setting."))
    meeting_ids = models.TextField(_("meeting IDs"), blank=True, default="",
                                   help_text=_("One BigBlueButton meeting ID per line."))
    meta_filter = models.JSONField(_("metadata filter"), blank=True, default=dict,
                                   help_text=_('meta_ parameters, e.g. {"bbb-context-id": "PB101"}.'))
    enabled = models.BooleanField(_("enabled"), default=True)
    last_synced = models.DateTimeField(_("last synced"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True, default="")
    last_warnings = models.TextField(_("last warnings"), blank=True, default="",
                                     help_text=_("What the last sync could not put into lesson packages."))

    class Meta:
        verbose_name = _("recording source")
        verbose_name_plural = _("recording sources")

    def __str__(self):
        return f"{self.course_key} <- {self.server}"

    def meeting_id_list(self):
        """The meeting IDs as a list (blank lines and spaces ignored)."""
        return [line.strip() for line in self.meeting_ids.splitlines() if line.strip()]


class CourseRecordingSettings(models.Model):
    """The per-course switches: downloads, and each kind of lesson package file (a course without
    a row allows downloads and gets every kind).
    """

    course_key = models.CharField(_("course key"), max_length=255, unique=True)
    downloads_allowed = models.BooleanField(_("learners may download"), default=True)
    slides_pdf = models.BooleanField(_("slides PDF"), default=True,
                                     help_text=_("Make a PDF of the slides shown in each lesson."))
    slides_video = models.BooleanField(_("slides and voice video"), default=True,
                                       help_text=_("Make a light video of the slides with the lesson's voice."))
    transcripts = models.BooleanField(_("transcripts"), default=True,
                                      help_text=_("Make a plain-text transcript from each caption track."))

    class Meta:
        verbose_name = _("course recording settings")
        verbose_name_plural = _("course recording settings")

    def __str__(self):
        return self.course_key

    @classmethod
    def downloads_allowed_for(cls, course_key):
        """Whether learners of ``course_key`` may download recordings."""
        row = cls.objects.filter(course_key=course_key).only("downloads_allowed").first()
        return True if row is None else row.downloads_allowed

    @classmethod
    def package_kinds_for(cls, course_key):
        """The lesson package kinds (``recordings_sync.lesson_package.KINDS``) switched on for a course."""
        row = cls.objects.filter(course_key=course_key).first()
        switches = {"slides": "slides_pdf", "slidesvideo": "slides_video", "transcript": "transcripts"}
        return tuple(kind for kind, name in switches.items() if row is None or getattr(row, name))


class Recording(models.Model):
    """One BigBlueButton recording of a lesson, as last seen on the server."""

    course_key = models.CharField(_("course key"), max_length=255)
    source = models.ForeignKey(RecordingSource, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="recordings")
    record_id = models.CharField(_("BigBlueButton record ID"), max_length=255)
    meeting_id = models.CharField(_("meeting ID"), max_length=255, blank=True, default="")
    title = models.CharField(_("title"), max_length=255, blank=True, default="")
    start = models.DateTimeField(_("start"), null=True, blank=True)
    duration = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=32, blank=True, default="")
    available = models.BooleanField(_("available"), default=True,
                                    help_text=_("False once the recording is unpublished or deleted on BBB."))
    downloads_allowed = models.BooleanField(_("learners may download"), default=True)
    metadata = models.JSONField(_("BigBlueButton metadata"), blank=True, default=dict)
    # The engine's opaque note of what getRecordings last said (a hash, maybe with a suffix): unchanged = nothing to do.
    fingerprint = models.CharField(max_length=255, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["course_key", "start", "id"]
        constraints = [models.UniqueConstraint(fields=["course_key", "record_id"], name="wl_rec_course_record")]
        indexes = [models.Index(fields=["course_key", "available"], name="wl_rec_course_avail")]

    def __str__(self):
        return self.title or self.record_id


class RecordingFile(models.Model):
    """One downloadable file of a recording: a published video, a rendition or a caption track."""

    VIDEO = "video"
    COMBINED = "combined"
    AUDIO = "audio"
    LOWRES = "lowres"
    CAPTIONS = "captions"
    WEBCAMS = "webcams"
    DESKSHARE = "deskshare"
    SLIDES = "slides"
    SLIDES_VIDEO = "slidesvideo"
    TRANSCRIPT = "transcript"
    KINDS = [
        (VIDEO, _("Video")),
        (COMBINED, _("Video (camera and screen)")),
        (WEBCAMS, _("Camera video")),
        (DESKSHARE, _("Screen video")),
        (AUDIO, _("Audio only")),
        (LOWRES, _("Low-resolution video")),
        (CAPTIONS, _("Captions")),
        (SLIDES, _("Slides (PDF)")),
        (SLIDES_VIDEO, _("Slides and voice")),
        (TRANSCRIPT, _("Transcript")),
    ]
    PACKAGE_SWITCHES = {SLIDES: "slides_pdf", SLIDES_VIDEO: "slides_video", TRANSCRIPT: "transcripts"}

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=16, choices=KINDS)
    # The file's name within its recording as the sync names it ("video.m4v", "captions-fr.vtt").
    key = models.CharField(_("key"), max_length=100)
    language = models.CharField(_("language"), max_length=35, blank=True, default="")
    label = models.CharField(_("label"), max_length=255, blank=True, default="")
    storage_name = models.CharField(_("storage name"), max_length=512)
    size = models.BigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, default="")
    mime_type = models.CharField(_("MIME type"), max_length=100, default="application/octet-stream")
    ready = models.BooleanField(_("ready"), default=False)
    # What a lesson package file lacks, as the sync found it ("incomplete: slide 3 missing ..."); "" if complete.
    notes = models.TextField(_("notes"), blank=True, default="")
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recording file")
        verbose_name_plural = _("recording files")
        ordering = ["recording", "size", "id"]
        constraints = [models.UniqueConstraint(fields=["recording", "key"], name="wl_recfile_recording_key")]

    def __str__(self):
        return f"{self.recording} / {self.key}"

    @property
    def is_captions(self):
        """Caption tracks (and the transcripts made from them) are listed apart from the media files."""
        return self.kind in (self.CAPTIONS, self.TRANSCRIPT)

    @property
    def has_voice(self):
        """Whether the file carries the lesson's voice (the slides PDF and texts do not)."""
        return self.kind not in (self.CAPTIONS, self.TRANSCRIPT, self.SLIDES, self.DESKSHARE)
