"""The news part of the demo content: the seed article word for word, its photos, more articles.

Idempotent: rows are looked up by slug and created only when missing, so a second run changes
nothing (existing rows, edited or not, are left as they are). Called by `manage.py seed_demo`.
"""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.utils.html import escape
from PIL import Image, ImageDraw

from longkhanh.text import slugify_vi
from news import demo_content as content
from news.models import Article, Category, Photo


def demo_image(seed, size=(1280, 720)):
    """A JPEG drawn with Pillow: a sky-to-ground gradient with shapes, different for each seed."""
    rng = random.Random(seed)
    width, height = size
    top = (rng.randint(20, 90), rng.randint(70, 140), rng.randint(140, 220))
    bottom = (rng.randint(150, 230), rng.randint(130, 200), rng.randint(80, 150))
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / (height - 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    for _ in range(rng.randint(6, 12)):
        x, y = rng.randint(0, width), rng.randint(height // 3, height)
        w, h = rng.randint(80, 320), rng.randint(40, 200)
        colour = tuple(rng.randint(30, 230) for _ in range(3))
        draw.rectangle([x, y, x + w, y + h], fill=colour)
    for _ in range(rng.randint(10, 24)):
        x, y, r = rng.randint(0, width), rng.randint(height // 2, height), rng.randint(14, 30)
        draw.ellipse(
            [x - r, y - r, x + r, y + r], fill=tuple(rng.randint(10, 120) for _ in range(3))
        )
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def paragraphs_html(paragraphs):
    return "\n".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def load():
    """Adds what is missing; returns how many rows it created."""
    created = 0
    categories = {}
    for position, (name, slug, description) in enumerate(content.CATEGORIES):
        categories[slug], made = Category.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "position": position},
        )
        created += made

    seed = content.SEED_ARTICLE
    created += add_article(
        categories[seed["category"]],
        title=seed["title"],
        summary=seed["summary"],
        body=paragraphs_html(seed["paragraphs"]),
        author=seed["author"],
        source=seed["source"],
        published_at=seed["published_at"],
        featured=seed["featured"],
        photos=[
            (p["filename"], p["caption"], p["alt_text"], p["after_paragraph"])
            for p in seed["photos"]
        ],
    )

    start = datetime.datetime(2022, 5, 20, 8, 0, tzinfo=content.TZ)
    for n, (section, title, summary, paragraphs, alt_text, featured) in enumerate(
        content.MORE_ARTICLES
    ):
        created += add_article(
            categories[section],
            title=title,
            summary=summary,
            body=paragraphs_html(paragraphs),
            author="Ban Biên tập",
            source="Trung tâm Văn hóa, Thông tin và Thể thao thành phố Long Khánh",
            published_at=start + datetime.timedelta(days=2 * n, hours=n % 5),
            featured=featured,
            photos=[(f"{slugify_vi(title, 60)}.jpg", "", alt_text, None)],
        )
    return created


def add_article(category, *, title, photos, **fields):
    """Creates the article and its photos unless an article with this title's slug exists."""
    slug = slugify_vi(title)
    if Article.objects.filter(slug=slug).exists():
        return 0
    article = Article.objects.create(
        category=category, title=title, slug=slug, status=Article.Status.PUBLISHED, **fields
    )
    # Demo articles were last edited when they went out, not when the demo was loaded.
    Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
    for position, (filename, caption, alt_text, after_paragraph) in enumerate(photos):
        photo = Photo(
            article=article,
            caption=caption,
            alt_text=alt_text,
            position=position,
            after_paragraph=after_paragraph,
        )
        photo.image.save(filename, ContentFile(demo_image(f"{slug}-{position}")), save=False)
        photo.save()
    return 1 + len(photos)
