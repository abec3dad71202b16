"""Sends the mail to askers that could not be sent at once (the mail server was down): run it
from cron every few minutes (docs/OPERATIONS.md)."""

from django.core.management.base import BaseCommand

from questions import mail


class Command(BaseCommand):
    help = "Gửi lại các thư cho người hỏi chưa gửi được (máy chủ thư bị lỗi lúc trước)."

    def handle(self, *args, **options):
        sent, failed = mail.send_pending()
        self.stdout.write(f"send_question_mail: đã gửi {sent} thư, {failed} thư còn lỗi.")
