"""Removes askers' personal data (name, address, phone, email, network address, attachment)
from questions older than the retention period the administrator set ("Cài đặt hỏi đáp"); the
question and its answer stay. Run it daily from cron (docs/OPERATIONS.md)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from questions.models import Question, Settings


class Command(BaseCommand):
    help = "Xóa thông tin cá nhân của người hỏi khi đã quá thời hạn lưu."

    def handle(self, *args, **options):
        days = Settings.current().retention_days
        before = timezone.now() - datetime.timedelta(days=days)
        old = Question.objects.filter(submitted_at__lt=before, personal_data_removed_at=None)
        count = 0
        for question in old.iterator():
            if question.attachment:
                question.attachment.delete(save=False)
            question.remove_personal_data()
            question.mails.update(to="", body="", subject="(đã xóa)")
            question.save()
            count += 1
        self.stdout.write(
            f"purge_question_personal_data: đã xóa thông tin cá nhân của {count} câu hỏi "
            f"gửi trước {days} ngày."
        )
