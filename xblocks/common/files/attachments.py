"""Learner file attachments for any block: upload and download handlers over Django storage.

A block mixing this in sets ``upload_feature`` (a folder name) and provides ``upload_policy()``
(an :class:`~xblocks.common.files.policy.UploadPolicy`) and ``accept_files``. Uploaded files belong
to the uploader (the key holds their anonymous id); the owner and course staff may download.
"""


from openedx_plugins.wikilearn import uploads as storage
from xblocks.common.files.downloads import file_response
from xblocks.common.files.policy import CONTENT_TYPES, check_file, extension
from xblocks.common.runtime.access import LEARNER, plain_access
from xblocks.common.runtime.errors import BadRequest, Forbidden, NotFound, json_response
from xblocks.common.runtime.i18n import gettext_noop as _

MULTIPART_OVERHEAD = 64 * 1024


class AttachmentsMixin:
    """``upload_attachment`` (POST multipart ``file``) and ``attachment`` (GET ``?key=``) handlers."""

    upload_feature = "files"

    @plain_access(LEARNER, writes=True)
    def upload_attachment(self, request, suffix, user):
        """Store one file for the current learner; answers the descriptor to send with a submission."""
        if request.method != "POST":
            raise BadRequest("method_not_allowed", _("This action only accepts POST requests."), status=405)
        if not getattr(self, "accept_files", False):
            raise BadRequest("files_not_accepted", _("This assignment does not accept files."))
        policy = self.upload_policy()
        if (request.content_length or 0) > policy.max_bytes + MULTIPART_OVERHEAD:
            raise BadRequest("file_too_large", _("The file is larger than %(size)s MB."),
                             size=round(policy.max_bytes / 1024 / 1024, 1))
        upload = request.POST.get("file")
        if upload is None or not hasattr(upload, "file"):
            raise BadRequest("missing_file", _("Choose a file to upload."))
        upload.file.seek(0, 2)
        size = upload.file.tell()
        upload.file.seek(0)
        name = check_file(policy, upload.filename or "", size)
        descriptor = storage.save(self.upload_feature, self.course_key, self.item_id, user.anonymous_id, name,
                                  upload.file, size, CONTENT_TYPES.get(extension(name), "application/octet-stream"))
        return json_response(descriptor)

    @plain_access(LEARNER)
    def attachment(self, request, suffix, user):
        """Download a file: its owner or course staff only."""
        key = request.GET.get("key", "")
        owner = storage.owner_of(self.upload_feature, self.course_key, self.item_id, key)
        if owner is None:
            raise NotFound("no_file", _("There is no such file."))
        if owner != user.anonymous_id and not user.is_staff:
            raise Forbidden("not_yours", _("You cannot open this file."))
        return file_response(key)
