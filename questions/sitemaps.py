from longkhanh.site_url import SiteSitemap
from questions.models import Question


class QuestionSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 2_000

    def items(self):
        return Question.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, question):
        return question.updated_at
