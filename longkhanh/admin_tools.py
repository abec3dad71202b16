from django.contrib import admin


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
