from django.conf import settings
from django.views.static import serve


def media(request, path):
    """Uploaded files, for when no web server in front serves /media/ (see docs/DEPLOYMENT.md)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
