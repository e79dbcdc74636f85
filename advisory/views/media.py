"""Members' uploaded files, served through the storage API (local disk or an S3-compatible
bucket, by settings) and only to the people who may see them: the bucket stays private and
no page loads anything from another origin."""

import mimetypes
import posixpath

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import path

from advisory.views.common import concern_of
from cms.storage_response import storage_file_response


@login_required
def concern_audio(request, slug: str, pk: int):
    """A concern's voice recording, to whoever may read the concern."""
    concern = concern_of(request, slug, pk)
    if not request.user.has_perm("advisory.view_concern", concern) or not concern.audio:
        raise Http404
    content_type = mimetypes.guess_type(concern.audio.name)[0] or "application/octet-stream"
    return storage_file_response(
        concern.audio, content_type, filename=posixpath.basename(concern.audio.name)
    )


urlpatterns = [
    path("<slug:slug>/concerns/<int:pk>/audio/", concern_audio, name="concern_audio"),
]
