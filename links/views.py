from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from links.models import Link


@require_GET
def go(request):
    """Sends the visitor to a stored, active link chosen by id, and to nothing else."""
    raw = request.GET.get("id", "")
    if not (raw.isascii() and raw.isdigit() and len(raw) < 19):
        return render(request, "links/invalid.html", status=400)
    link = get_object_or_404(Link, pk=int(raw), active=True)
    return redirect(link.url)
