"""An article's body as readers get it: its rich text (longkhanh/richtext.py) with its captioned
photos placed after the paragraph each one names (`Photo.after_paragraph`)."""

from django.template.loader import render_to_string

from longkhanh import richtext


def render_body(body, photos):
    from news.templatetags.news_tags import photo_figure

    placed = [
        (photo.after_paragraph, render_to_string("news/includes/figure.html", photo_figure(photo)))
        for photo in photos
    ]
    return richtext.render(body, placed)
