"""The CKEditor 5 image upload endpoint.

Replaces django-ckeditor-5's own view, which only checks `is_staff` and has no size limit: here the
user must be allowed to add articles, the request must carry the CSRF token (Django's middleware),
and the image is checked and re-encoded like article photos.
"""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from longkhanh.images import reencode
from longkhanh.models import StoredImage


def _error(message, status):
    # CKEditor 5 shows error.message to the editor.
    return JsonResponse({"error": {"message": message}}, status=status)


@require_POST
@permission_required("news.add_article", raise_exception=True)
def editor_upload(request):
    upload = request.FILES.get("upload")
    if upload is None:
        return _error("Không có tệp ảnh nào được gửi lên.", 400)
    try:
        image = reencode(upload)
    except ValidationError as exc:
        return _error(" ".join(exc.messages), 400)
    stored = StoredImage.store(image)  # renditions made now, once, not by readers
    return JsonResponse({"url": default_storage.url(stored.name)})
