"""What each news page says about itself in its head: title, description, canonical address,
OpenGraph and Twitter preview, and the JSON-LD (the publisher, the breadcrumbs, NewsArticle,
CollectionPage, ProfilePage), read by search engines and by the apps a link is shared in.

An article's part is stored with its rendered HTML (news/rendered.py lists this module among what
its version follows), so a change here renders each article again on its next view; the views'
own code (news/views.py) is not part of that fingerprint.
"""

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from longkhanh import site_url
from longkhanh.models import SiteSettings

HOME_DESCRIPTION = (
    "Tin tức, thông báo và hoạt động của chính quyền Thành phố Long Khánh, tỉnh Đồng Nai."
)
# The raster logo for search engines and link previews (Google wants at least 112 × 112 px).
LOGO = "img/logo-512.png"
LOGO_SIZE = 512
# Where the city is: the organisation's area and the locality of its address.
CITY, PROVINCE, COUNTRY = "Long Khánh", "Đồng Nai", "VN"
# The crops of an article's first photo that search engines ask for (16:9, 4:3, 1:1, 1200 px
# wide where the photo allows); the first one is also the link-preview image.
SHARE_RENDITIONS = ("share_16x9", "share_4x3", "share_1x1")  # longkhanh/renditions.py


def site_logo(request, site):
    return {
        "url": site_url.absolute_url(request, static(LOGO)),
        "width": LOGO_SIZE,
        "height": LOGO_SIZE,
        "alt": f"Biểu trưng {site.site_title}",
    }


def organization(request, site):
    """The portal's agency as schema.org sees it: the home page's and every article's publisher."""
    home = site_url.absolute_url(request, reverse("news:home"))
    data = {
        "@type": "GovernmentOrganization",
        "@id": f"{home}#co-quan",
        "name": site.site_title,
        "url": home,
        # No width/height here: schema.org wants them as Distance texts, not numbers, and search
        # engines read the size from the image itself.
        "logo": {"@type": "ImageObject", "url": site_logo(request, site)["url"]},
        "areaServed": {
            "@type": "City",
            "name": CITY,
            "containedInPlace": {"@type": "AdministrativeArea", "name": PROVINCE},
        },
    }
    if site.agency:
        data["parentOrganization"] = {"@type": "GovernmentOrganization", "name": site.agency}
    if site.address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": site.address,
            "addressLocality": CITY,
            "addressRegion": PROVINCE,
            "addressCountry": COUNTRY,
        }
    if site.email:
        data["email"] = site.email
    if site.phones:
        data["telephone"] = site.phones
    return data


def breadcrumb_list(trail):
    """JSON-LD BreadcrumbList of (name, absolute URL) pairs, from the home page down."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }


def section_feed(request, category):
    path = reverse("news:category_feed", args=[category.slug])
    return {"title": category.name, "path": path, "url": site_url.absolute_url(request, path)}


def home_metadata(request):
    """Canonical URL, link preview and JSON-LD (WebSite with its search, the organisation)."""
    site = SiteSettings.current(request)
    home = site_url.absolute_url(request, reverse("news:home"))
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": f"{home}#website",
        "url": home,
        "name": site.site_title,
        "description": HOME_DESCRIPTION,
        "inLanguage": "vi",
        "publisher": {"@id": f"{home}#co-quan"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                # Appended, not passed through absolute_url: that would escape the braces.
                "urlTemplate": site_url.absolute_url(request, reverse("news:search"))
                + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }
    return {
        "canonical": home,
        "type": "website",
        "title": site.site_title,
        "description": HOME_DESCRIPTION,
        "image": site_logo(request, site),
        "twitter_card": "summary",
        "json_ld": [website, {"@context": "https://schema.org", **organization(request, site)}],
    }


def page_title(name, page):
    """A list's title; a deeper page says from which day its articles go back."""
    if page["first_page"] or not page["articles"]:
        return name
    newest = timezone.localtime(page["articles"][0].published_at)
    return f"{name} – tin từ {newest:%d/%m/%Y} trở về trước"


def category_metadata(request, category, page):
    """A section page: its canonical URL (a deeper page is its own page), preview,
    CollectionPage."""
    site = SiteSettings.current(request)
    home = site_url.absolute_url(request, reverse("news:home"))
    first_page = site_url.absolute_url(request, category.get_absolute_url())
    canonical = site_url.absolute_url(request, category.get_absolute_url() + page["query"])
    title = page_title(category.name, page)
    description = category.description or f"Tin mới chuyên mục {category.name}."
    collection = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "@id": canonical,
        "url": canonical,
        "name": title,
        "description": description,
        "inLanguage": "vi",
        "isPartOf": {"@type": "WebSite", "name": site.site_title, "url": home},
    }
    if page["articles"]:
        collection["mainEntity"] = {
            "@type": "ItemList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": article.title,
                    "url": site_url.absolute_url(request, article.get_absolute_url()),
                }
                for position, article in enumerate(page["articles"], start=1)
            ],
        }
    return {
        "canonical": canonical,
        "type": "website",
        "title": title,
        "description": description,
        "image": site_logo(request, site),
        "twitter_card": "summary",
        "json_ld": [
            collection,
            breadcrumb_list([("Trang chủ", home), (category.name, first_page)]),
        ],
        "feed": section_feed(request, category),
    }


def share_images(request, photo):
    """The 16:9, 4:3 and 1:1 crops of `photo` (never upscaled), as absolute URLs with sizes."""
    images = []
    for name in SHARE_RENDITIONS:
        rendition = photo.renditions.get(name)  # made when the photo was saved
        if rendition:
            images.append(
                {
                    "url": site_url.absolute_url(request, rendition["src"]),
                    "width": rendition["width"],
                    "height": rendition["height"],
                    "alt": photo.alt_text,
                }
            )
    return images


def byline(request, article, site):
    """The NewsArticle's author: the byline's person and page, or the agency when unsigned."""
    if not article.author:
        return organization(request, site)
    return {
        "@type": "Person",
        "name": article.author,
        "url": site_url.absolute_url(request, article.get_author_url()),
    }


def article_metadata(request, article):
    """Canonical URL, OpenGraph/Twitter image and JSON-LD (NewsArticle, BreadcrumbList)."""
    canonical = site_url.absolute_url(request, article.get_absolute_url())
    photo = next(iter(article.photos.all()), None)
    images = share_images(request, photo) if photo is not None else []
    site = SiteSettings.current(request)
    news_article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.description,
        "datePublished": timezone.localtime(article.published_at or article.created_at).isoformat(),
        "dateModified": timezone.localtime(article.updated_at).isoformat(),
        "author": byline(request, article, site),
        "publisher": organization(request, site),
        "mainEntityOfPage": canonical,
        "articleSection": article.category.name,
        "inLanguage": "vi",
    }
    if images:
        news_article["image"] = [image["url"] for image in images]
    breadcrumbs = breadcrumb_list(
        [
            ("Trang chủ", site_url.absolute_url(request, reverse("news:home"))),
            (
                article.category.name,
                site_url.absolute_url(request, article.category.get_absolute_url()),
            ),
            (article.title, canonical),
        ]
    )
    return {
        "canonical": canonical,
        "type": "article",
        "title": article.title,
        "description": article.description,
        "image": images[0] if images else None,
        "twitter_card": "summary_large_image" if images else "summary",
        "json_ld": [news_article, breadcrumbs],
        "feed": section_feed(request, article.category),
    }


def author_metadata(request, author, path, page):
    """A byline's page: canonical URL (a deeper page is its own), preview, ProfilePage."""
    site = SiteSettings.current(request)
    home = site_url.absolute_url(request, reverse("news:home"))
    first_page = site_url.absolute_url(request, path)
    canonical = site_url.absolute_url(request, path + page["query"])
    title = page_title(f"Bài viết của {author}", page)
    description = f"Các bài viết của tác giả {author} trên {site.site_title}."
    profile = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": canonical,
        "name": title,
        "inLanguage": "vi",
        "mainEntity": {"@type": "Person", "name": author, "url": first_page},
    }
    return {
        "canonical": canonical,
        "type": "profile",
        "title": title,
        "description": description,
        "image": site_logo(request, site),
        "twitter_card": "summary",
        "json_ld": [profile, breadcrumb_list([("Trang chủ", home), (title, first_page)])],
    }
