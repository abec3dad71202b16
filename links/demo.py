"""The links part of the demo content: related government sites. (The 15 wards and communes,
with their websites, are units of the organisation app: organisation/demo.py.)

Run `manage.py check_links` and correct the addresses in the admin before going live.
"""

from links.models import Link, LinkGroup

RELATED = [
    ("Cổng thông tin điện tử tỉnh Đồng Nai", "https://www.dongnai.gov.vn/"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    ("Cổng Dịch vụ công tỉnh Đồng Nai", "https://dichvucong.dongnai.gov.vn/"),
    ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
]


def load():
    """Creates each group with its links unless a group of that name exists."""
    created = 0
    groups = [
        ("Liên kết website", LinkGroup.Display.LINKS, RELATED),
    ]
    for position, (name, display, links) in enumerate(groups):
        group, made = LinkGroup.objects.get_or_create(
            name=name, defaults={"display": display, "position": position}
        )
        if not made:
            continue
        Link.objects.bulk_create(
            Link(group=group, name=text, url=url, position=n) for n, (text, url) in enumerate(links)
        )
        created += 1 + len(links)
    return created
