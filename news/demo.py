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

from longkhanh import search
from longkhanh.renditions import make_all
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


# Synthetic articles for benchmarks: `manage.py seed_demo --articles N`.
SUBJECTS = [
    "UBND thành phố", "Phường Xuân An", "Xã Bảo Quang", "Hội Nông dân", "Đoàn Thanh niên",
    "Phòng Nội vụ", "Trung tâm Y tế", "Công an thành phố", "Hội Phụ nữ", "Phường Suối Tre",
]  # fmt: skip
ACTIONS = [
    "triển khai", "tổng kết", "kiểm tra", "hướng dẫn", "đánh giá", "phát động", "hỗ trợ",
]  # fmt: skip
TOPICS = [
    "cải cách hành chính", "chuyển đổi số", "phòng chống dịch bệnh", "xây dựng nông thôn mới",
    "an toàn giao thông", "tiêu thụ trái cây", "bảo vệ môi trường", "dịch vụ công trực tuyến",
    "an sinh xã hội", "phòng cháy chữa cháy", "khuyến học", "giảm nghèo bền vững",
]  # fmt: skip
POOL_SIZE = 12
BATCH = 2000


def load_synthetic(count, stdout=None):
    """Adds `count` synthetic published articles with one photo each, in bulk.

    The photos share a small pool of image files, so a hundred thousand articles take minutes and
    little disk. Bulk inserts skip Article.save() and its signals, so what they would do is done here.
    """
    import random

    rng = random.Random(count)
    categories = list(Category.objects.all())
    if not categories:
        raise ValueError("Chạy seed_demo (không có --articles) trước để có chuyên mục.")
    pool = []
    for n in range(POOL_SIZE):
        photo = Photo(alt_text=f"Ảnh minh họa {n}")
        photo.image.save(f"bench-{n}.jpg", ContentFile(demo_image(f"bench-{n}")), save=False)
        width, height = photo.image.width, photo.image.height
        pool.append((photo.image.name, width, height, make_all(photo.image.name)))
    start = Article.objects.count()
    now = datetime.datetime.now(tz=content.TZ)
    made = 0
    while made < count:
        articles = []
        for n in range(start + made, start + min(made + BATCH, count)):
            subject, action, topic = rng.choice(SUBJECTS), rng.choice(ACTIONS), rng.choice(TOPICS)
            title = f"{subject} {action} công tác {topic} (số {n})"
            summary = f"{subject} {action} công tác {topic} trên địa bàn thành phố Long Khánh."
            body = paragraphs_html(
                [
                    f"Ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}, {subject} đã {action} "
                    f"công tác {topic}, với sự tham dự của đại diện các phòng, ban, đơn vị.",
                    f"Theo báo cáo, kết quả thực hiện {topic} đạt {rng.randint(60, 99)}% kế hoạch; "
                    "các đơn vị được yêu cầu khắc phục hạn chế, phục vụ người dân tốt hơn.",
                ]
            )
            article = Article(
                title=title,
                slug=f"{slugify_vi(title, 180)}-{n}",
                category=categories[n % len(categories)],
                summary=summary,
                body=body,
                author="Ban Biên tập",
                author_slug="ban-bien-tap",
                status=Article.Status.PUBLISHED,
                published_at=now - datetime.timedelta(minutes=37 * (n + 1)),
            )
            articles.append(article)
        Article.objects.bulk_create(articles)
        saved = list(Article.objects.filter(slug__in=[a.slug for a in articles]).order_by("pk"))
        search.index_many(Article, saved)
        saved = [article.pk for article in saved]
        Photo.objects.bulk_create(
            Photo(
                article_id=pk,
                image=pool[pk % POOL_SIZE][0],
                width=pool[pk % POOL_SIZE][1],
                height=pool[pk % POOL_SIZE][2],
                renditions=pool[pk % POOL_SIZE][3],
                alt_text="Ảnh minh họa",
                caption="Ảnh minh họa",
            )
            for pk in saved
        )
        made += len(articles)
        if stdout:
            stdout.write(f"seed_demo: {made}/{count} bài tổng hợp")
    return made
