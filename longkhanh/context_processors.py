from django.conf import settings


def site(request):
    """Constants every template may use; no database query here (see docs/ARCHITECTURE.md)."""
    return {"SITE_NAME": settings.SITE_NAME}
