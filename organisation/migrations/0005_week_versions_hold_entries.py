"""A week's versions hold its entries (organisation.models.WeekVersion). Versions saved before
hold None (not known), but the newest version of each week, whose entries are those of today."""

from django.db import migrations, models

KEPT = [
    "day",
    "starts_at",
    "content",
    "place",
    "participants",
    "preparer",
    "cancelled",
    "recurring",
    "changed",
]  # fmt: skip  (Entry.KEPT when this migration was written)


def newest_versions_hold_todays_entries(apps, schema_editor):
    Week = apps.get_model("organisation", "Week")
    HistoricalWeek = apps.get_model("organisation", "HistoricalWeek")
    Entry = apps.get_model("organisation", "Entry")
    for week_id in Week.objects.values_list("pk", flat=True):
        versions = HistoricalWeek.objects.filter(id=week_id).exclude(history_type="-")
        newest = versions.order_by("-history_date", "-history_id").first()
        if newest is None:
            continue
        entries = []
        for entry in Entry.objects.filter(week_id=week_id).prefetch_related("leaders"):
            kept = {"id": entry.pk, **{name: getattr(entry, name) for name in KEPT}}
            kept["day"], kept["starts_at"] = entry.day.isoformat(), entry.starts_at.isoformat()
            kept["leaders"] = sorted(person.pk for person in entry.leaders.all())
            entries.append(kept)
        versions.filter(history_id=newest.history_id).update(entries=entries)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0004_bodies_without_block_whitespace"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalweek",
            name="entries",
            field=models.JSONField(editable=False, null=True),
        ),
        migrations.RunPython(newest_versions_hold_todays_entries, migrations.RunPython.noop),
    ]
