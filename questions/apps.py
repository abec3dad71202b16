from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "questions"
    verbose_name = "Hỏi đáp – góp ý"

    def ready(self):
        from longkhanh import pagecache, search
        from questions.models import Question, Topic

        pagecache.connect([Question, Topic])
        search.register(
            Question,
            Question.search_document,
            queryset=lambda: Question.objects.filter(status=Question.Status.PUBLISHED),
        )
