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


def clean_attachments(files, policy, owns):
    """The attachment descriptors a learner sends with a submission, checked; 400 when unusable.

    ``files`` is the request's list of ``{"key", "name", "size"}`` as ``upload_attachment`` answered
    them; ``owns(key)`` says whether the caller uploaded that key here. Names, sizes and types are
    taken from what was stored, never trusted from the request beyond display.
    """
    if files in (None, ""):
        return []
    if not isinstance(files, list) or not all(isinstance(item, dict) for item in files):
        raise BadRequest("invalid_attachments", _("Send the attachments as a list of uploaded files."))
    if len(files) > policy.max_files:
        raise BadRequest("too_many_files", _("You can attach at most %(count)s files."), count=policy.max_files)
    kept = []
    for item in files:
        key = item.get("key")
        if not isinstance(key, str) or not owns(key):
            raise BadRequest("unknown_attachment", _("An attachment is missing; upload it again."))
        if extension(key) not in policy.extensions:
            raise BadRequest("file_type_not_allowed", _("Files of this type are not accepted. Accepted: %(types)s."),
                             types=", ".join(policy.extensions))
        size = item.get("size")
        kept.append({"key": key, "name": str(item.get("name") or key.rsplit("/", 1)[-1])[:120],
                     "size": size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else 0,
                     "content_type": CONTENT_TYPES.get(extension(key), "application/octet-stream")})
    return kept


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
