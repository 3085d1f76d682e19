"""Reading an uploaded file for /verify/upload/ without storing it anywhere (ADR 0022).

The view refuses a request whose Content-Length is over the limit before reading its body; this handler
keeps the one file field in memory (never in a temporary file) and stops the upload once it passes the
limit, whatever the request claimed.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload

FIELD = "file"
MULTIPART_SLACK = 16 * 1024  # boundaries, headers and the CSRF field around the file


class BoundedMemoryUpload(FileUploadHandler):
    """One file field, in memory, at most `limit` bytes; `too_large` tells the view it stopped."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.too_large = False
        self.buffer: io.BytesIO | None = None
        self.received = 0

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        if field_name != FIELD or self.buffer is not None:
            raise SkipFile
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            self.buffer = io.BytesIO()  # drop what was kept
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        if self.buffer is None or self.too_large:
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
