"""The links part of the demo content: related government sites and the 15 wards and communes.

The wards' and communes' addresses follow the province's naming pattern; run
`manage.py check_links` and correct them in the admin before going live.
"""

from links.models import Link, LinkGroup

RELATED = [
    ("Cổng thông tin điện tử tỉnh Đồng Nai", "https://www.dongnai.gov.vn/"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    ("Cổng Dịch vụ công tỉnh Đồng Nai", "https://dichvucong.dongnai.gov.vn/"),
    ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
]
WARDS = [
    ("Phường Xuân An", "xuanan"),
    ("Phường Xuân Bình", "xuanbinh"),
    ("Phường Xuân Hòa", "xuanhoa"),
    ("Phường Xuân Trung", "xuantrung"),
    ("Phường Xuân Thanh", "xuanthanh"),
    ("Phường Phú Bình", "phubinh"),
    ("Phường Xuân Lập", "xuanlap"),
    ("Phường Xuân Tân", "xuantan"),
    ("Phường Bảo Vinh", "baovinh"),
    ("Phường Suối Tre", "suoitre"),
    ("Phường Bàu Sen", "bausen"),
    ("Xã Bảo Quang", "baoquang"),
    ("Xã Bàu Trâm", "bautram"),
    ("Xã Bình Lộc", "binhloc"),
    ("Xã Hàng Gòn", "hanggon"),
]


def load():
    """Creates each group with its links unless a group of that name exists."""
    created = 0
    groups = [
        ("Liên kết website", LinkGroup.Display.LINKS, RELATED),
        (
            "Website Xã - Phường",
            LinkGroup.Display.SELECT,
            [(name, f"https://{host}.longkhanh.dongnai.gov.vn/") for name, host in WARDS],
        ),
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
