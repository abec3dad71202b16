"""RSS 2.0 of the newest published answers: the question's title and text and the answer, never
the asker's data (plain text escaped once more, as news/feeds.py explains)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape

from longkhanh import site_url
from longkhanh.models import SiteSettings
from questions.models import Question

FEED_SIZE = 20


class LatestAnswersFeed(Feed):
    language = "vi"
    description = "Câu hỏi của người dân và trả lời của chính quyền Thành phố Long Khánh."

    def title(self):
        return escape(f"Hỏi đáp – {SiteSettings.current().site_title}")

    def link(self):
        return site_url.absolute_url(None, reverse("questions:archive"))

    def feed_url(self):
        return site_url.absolute_url(None, reverse("questions:feed"))

    def items(self):
        return Question.objects.published().order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, question):
        return escape(question.title)

    def item_description(self, question):
        return escape(question.body[:500])

    def item_link(self, question):
        return site_url.absolute_url(None, question.get_absolute_url())

    def item_pubdate(self, question):
        return question.published_at
