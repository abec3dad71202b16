import datetime
import html
import re

from django.contrib import admin
from django.utils import timezone
from django.utils.html import strip_tags
from simple_history.template_utils import HistoricalRecordContextHelper


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records the site writes by itself (visits, votes, versions): listed, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# What waits for the signed-in editor, shown on the admin's first page. Each app registers a
# function taking the request and returning a list of (text, url) notices: apps add their own
# queues without the admin's index knowing them.
_notice_sources = []


def register_notices(source):
    _notice_sources.append(source)
    return source


def notices_for(request):
    return [notice for source in _notice_sources for notice in source(request)]


# Versions (django-simple-history) as editors read them, for every app's history pages.


def local_time(moment):
    """A time as editors read it: "14:05 ngày 29/11/2026", in Asia/Ho_Chi_Minh."""
    return f"{timezone.localtime(moment):%H:%M} ngày {timezone.localtime(moment):%d/%m/%Y}"


def shown_value(field, value):
    """A field's stored value as an editor reads it: labels, local times, no raw values."""
    if value is None or value == "":
        return "(trống)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, datetime.datetime):
        return local_time(value)
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, str) and "<" in value:  # a body: its text, paragraphs apart
        return " ".join(html.unescape(strip_tags(re.sub(r"<[^>]+>", " ", value))).split())
    return str(value)


class VietnameseChanges(HistoricalRecordContextHelper):
    """simple-history's list of changes, with labels and local times instead of raw values."""

    def prepare_delta_change_value(self, change, value):
        return shown_value(self.model._meta.get_field(change.field), value)
