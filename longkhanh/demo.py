"""The site settings part of the demo content: the old site's slogan and footer."""

from longkhanh.models import SiteSettings
from news.demo_content import FOOTER, SLOGAN


def load():
    """Creates the settings row from the seed unless it exists; returns how many rows it made."""
    _, created = SiteSettings.objects.get_or_create(
        pk=1,
        defaults={
            "site_title": "Trang thông tin điện tử Thành phố Long Khánh",
            "slogan": SLOGAN,
            "agency": FOOTER["agency"],
            "responsible": FOOTER["responsible"],
            "address": FOOTER["address"],
            "email": FOOTER["email"],
            "phones": FOOTER["phones"],
        },
    )
    return int(created)
