"""A site that had the wards and communes as the links block's picker group ("Website Xã -
Phường") gets them as units of kind "Phường, xã", with their websites, in the same order; the
group is then switched off, since the organisation's own picker shows them (and their pages).
Nothing is deleted: the administrator can switch the group back on in "Liên kết"."""

from django.db import migrations

GROUP = "Website Xã - Phường"


def move(apps, schema_editor):
    from longkhanh.text import slugify_vi

    LinkGroup = apps.get_model("links", "LinkGroup")
    Unit = apps.get_model("organisation", "Unit")
    group = LinkGroup.objects.filter(name=GROUP).first()
    if group is None or Unit.objects.filter(kind="ward").exists():
        return
    taken = set(Unit.objects.values_list("slug", flat=True))
    for position, link in enumerate(group.links.filter(active=True).order_by("position", "id")):
        slug = base = slugify_vi(link.name) or f"don-vi-{link.pk}"
        n = 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        Unit.objects.create(
            name=link.name, slug=slug, kind="ward", website=link.url, position=100 + position
        )
    group.links.update(active=False)


class Migration(migrations.Migration):
    dependencies = [("organisation", "0002_editorial_roles"), ("links", "0001_initial")]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
