from django.apps import AppConfig
from django.db.models.signals import post_delete


def delete_attachment(sender, instance, **kwargs):
    """A deleted question leaves no attachment behind (it may hold personal data)."""
    from django.db import transaction

    name, storage = instance.attachment.name, instance.attachment.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def answer_found(wanted):
    """{question id: (where, the passage with the most of them)}: for each question of
    `wanted` ({id: words of a search its title and summary lack}), where its question or its
    answer has them (a trial found "Đăng ký khai sinh…" by its answer, with nothing on its card
    to say why)."""
    from longkhanh.sanitize import plain_text
    from longkhanh.text import excerpt
    from questions.models import Question

    found = {}
    texts = Question.objects.filter(pk__in=wanted).order_by().values_list("pk", "body", "answer")
    for pk, body, answer in texts:
        for where, text in [("câu hỏi", body), ("câu trả lời", plain_text(answer))]:
            quoted = excerpt(text, wanted[pk])
            if quoted:
                found[pk] = (where, quoted)
                break
    return found


class QuestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "questions"
    verbose_name = "Hỏi đáp – góp ý"

    def ready(self):
        from longkhanh.accounts import register_roles
        from questions.roles import APPROVER_PERMISSIONS, WRITER_PERMISSIONS

        register_roles("questions", WRITER_PERMISSIONS, APPROVER_PERMISSIONS)
        from longkhanh import pagecache, search
        from questions.models import Question, Topic

        pagecache.connect([Question, Topic], scope="questions")  # the sidebar's "Hỏi đáp"
        post_delete.connect(delete_attachment, sender=Question, dispatch_uid="questions-files")
        search.register(
            Question,
            Question.search_document,
            queryset=lambda: Question.objects.filter(status=Question.Status.PUBLISHED),
            excerpts=answer_found,
        )
