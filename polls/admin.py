import csv

from django.contrib import admin
from django.db.models import Count
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from longkhanh.admin_tools import InlineAddText, ReadOnlyAdmin
from polls.models import Choice, Poll, Vote


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["text", "position"]


@admin.register(Poll)
class PollAdmin(InlineAddText, admin.ModelAdmin):
    list_display = ["question", "audience", "active", "opens_at", "closes_at", "vote_count"]
    list_filter = ["active", "audience"]
    search_fields = ["question"]
    date_hierarchy = "opens_at"
    inlines = [ChoiceInline]
    fields = [
        "question",
        "description",
        "audience",
        "active",
        "opens_at",
        "closes_at",
        "results_table",
    ]
    readonly_fields = ["results_table"]
    actions = ["export_results_csv"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(vote_total=Count("vote"))

    @admin.display(description="số phiếu", ordering="vote_total")
    def vote_count(self, poll):
        return poll.vote_total

    @admin.display(description="kết quả")
    def results_table(self, poll):
        if not poll.pk:
            return "—"
        choices, total = poll.results()
        return render_to_string(
            "admin/polls/results_table.html", {"choices": choices, "total": total}
        )

    @admin.action(description="Xuất kết quả các cuộc thăm dò đã chọn (CSV)")
    def export_results_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"ket-qua-tham-do-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")  # so that Excel reads the Vietnamese text as UTF-8
        writer = csv.writer(response)
        writer.writerow(["Cuộc thăm dò", "Phương án", "Số phiếu", "Tỷ lệ (%)"])
        for poll in queryset.order_by("pk"):
            choices, total = poll.results()
            for choice in choices:
                writer.writerow([poll.question, choice.text, choice.votes, choice.percent])
            writer.writerow([poll.question, "Tổng số", total, 100 if total else 0])
        return response


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    """Votes are cast by residents and staff, never typed in or changed here."""

    list_display = ["created_at", "poll", "choice", "user"]
    list_filter = ["poll"]
    list_select_related = ["poll", "choice", "user"]
    date_hierarchy = "created_at"
