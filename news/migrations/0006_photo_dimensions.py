"""Photos saved without their dimensions get them, so that loading a photo never opens its file."""

from django.db import migrations
from PIL import Image


def fill_dimensions(apps, schema_editor):
    Photo = apps.get_model("news", "Photo")
    for photo in Photo.objects.filter(width__isnull=True).iterator():
        try:
            with photo.image.open("rb") as file, Image.open(file) as image:
                width, height = image.size
        except (OSError, ValueError):
            continue  # a missing or unreadable file: left for the editors to replace
        Photo.objects.filter(pk=photo.pk).update(width=width, height=height)


class Migration(migrations.Migration):
    dependencies = [("news", "0005_review_queue")]

    operations = [migrations.RunPython(fill_dimensions, migrations.RunPython.noop)]
