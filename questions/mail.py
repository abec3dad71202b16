"""Mail to askers, stored before it is sent (questions.models.Mail): a submission never waits
on, nor is lost by, a mail server that is down."""

from django.db import transaction
from django.urls import reverse

from longkhanh import site_url
from questions.models import Mail


def _follow_url(question):
    return site_url.absolute_url(None, f"{reverse('questions:follow')}?ma={question.code}")


def queue(question, subject, body):
    """A message to the asker (if they gave an email), sent once the transaction commits."""
    if not question.email:
        return None
    mail = Mail.objects.create(question=question, to=question.email, subject=subject, body=body)
    transaction.on_commit(lambda: Mail.objects.get(pk=mail.pk).send())
    return mail


def acknowledge(question):
    return queue(
        question,
        f"Đã nhận câu hỏi {question.code}",
        f"Kính gửi {question.name},\n\n"
        f"Ủy ban nhân dân thành phố Long Khánh đã nhận câu hỏi “{question.title}” của bạn.\n"
        f"Mã theo dõi: {question.code}\n"
        f"Theo dõi tình trạng xử lý tại: {_follow_url(question)}\n\n"
        "Thư này được gửi tự động, xin đừng trả lời thư.",
    )


def answered(question):
    return queue(
        question,
        f"Đã có trả lời cho câu hỏi {question.code}",
        f"Kính gửi {question.name},\n\n"
        f"Câu hỏi “{question.title}” của bạn đã được trả lời.\n"
        f"Xem câu trả lời tại: {_follow_url(question)}\n\n"
        "Thư này được gửi tự động, xin đừng trả lời thư.",
    )


def send_pending(limit=500, max_attempts=20):
    """Sends what is still unsent, oldest first; returns (sent, failed)."""
    sent = failed = 0
    pending = Mail.objects.filter(sent_at=None, attempts__lt=max_attempts).order_by("created_at")
    for mail in pending[:limit]:
        if mail.send():
            sent += 1
        else:
            failed += 1
    return sent, failed
