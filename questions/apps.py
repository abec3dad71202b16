from django.apps import AppConfig
from django.db.models.signals import post_delete


def delete_attachment(sender, instance, **kwargs):
    """A deleted question leaves no attachment behind (it may hold personal data)."""
    from django.db import transaction

    name, storage = instance.attachment.name, instance.attachment.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


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
        )
