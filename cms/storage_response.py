"""Serving a stored file (local disk or an S3-compatible bucket, by settings) through a view,
so the bucket stays private and only the people a view lets through hear or see it."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def storage_file_response(
    storage_file: FieldFile, content_type: str, filename: str | None = None
) -> FileResponse:
    """The file as a private, cacheable response, or a 404 when there is none or storage
    no longer has it (deleted, or the bucket unreachable): a missing file is not a server
    error."""
    if not storage_file:
        raise Http404
    try:
        handle = storage_file.open("rb")
    except OSError:  # FileNotFoundError, on disk and (django-storages) on a bucket
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, filename=filename or "")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
