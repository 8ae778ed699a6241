"""Uploads held in memory only: an import file is full of personal data and must never
land in a temporary file on disk."""

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.utils.translation import gettext as _

from atis.core.errors import DomainError

MAX_UPLOAD = 64 * 1024 * 1024


class InMemoryUploadHandler(MemoryFileUploadHandler):
    """Django's memory handler, for every size (the request's size is checked first)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True


def keep_in_memory(request) -> DomainError | None:
    """Call before the request's body is read. A request too large has its files dropped
    unread, and the refusal to give is returned."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPLOAD:
        request.upload_handlers = []
        return DomainError({"file": _("The file is larger than %(mb)d MB: import it with the "
                                      "command line (atis import cases).")
                            % {"mb": MAX_UPLOAD // (1024 * 1024)}})
    request.upload_handlers = [InMemoryUploadHandler(request)]
    return None
