"""Uploads stop at the size of the largest file Unsent takes (an export to import), unread.

Without this, Django writes an upload of any size to a temporary file before a view can look
at it. The handler comes first in FILE_UPLOAD_HANDLERS, so it sees every upload, on any page.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

from letters.portability import format as export_format

# Room in a request for the form's other fields and the boundaries around the file.
ENVELOPE_BYTES = 64 * 1024


class SizeLimit(FileUploadHandler):
    """Stop a file larger than the limit: unread if the request's length says so, else at the
    first chunk past the limit."""

    stopped = False
    declared_bytes = 0

    def handle_raw_input(
        self,
        input_data: object,
        META: dict,
        content_length: int,
        boundary: bytes,
        encoding: str | None = None,
    ) -> None:
        self.declared_bytes = content_length

    def new_file(self, *args: object, **kwargs: object) -> None:
        if self.declared_bytes > export_format.MAX_UPLOAD_BYTES + ENVELOPE_BYTES:
            self.stopped = True
            # The rest of the request is left unread: the proxy in front answers the browser if
            # it is set as the README says; otherwise the browser may only see the connection end.
            raise StopUpload(connection_reset=True)
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > export_format.MAX_UPLOAD_BYTES:
            self.stopped = True
            # Less than ENVELOPE_BYTES are left to read: they are read and dropped, so that the
            # browser hears the answer.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler keeps the file


def stopped(request: HttpRequest) -> bool:
    """Whether a file in this request was stopped for its size."""
    request.FILES  # noqa: B018 - the body is read, and any file stopped, on first use
    return any(
        isinstance(handler, SizeLimit) and handler.stopped for handler in request.upload_handlers
    )
