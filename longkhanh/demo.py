"""The site settings part of the demo content: the old site's slogan and footer, word for word
(shared/seed/000_e9a64e6ac722019d.txt)."""

from longkhanh.models import SiteSettings

SLOGAN = (
    'KHÔNG CHỦ QUAN, LƠ LÀ VỚI DỊCH BỆNH COVID-19, THỰC HIỆN TỐT THÔNG ĐIỆP 5K "KHẨU TRANG - KHỬ '
    'KHUẨN - KHOẢNG CÁCH - KHÔNG TẬP TRUNG - KHAI BÁO Y TẾ" + VẮCXIN - ĐOÀN KẾT - DÂN CHỦ - KỶ '
    "CƯƠNG - SÁNG TẠO - PHÁT TRIỂN - TOÀN ĐẢNG, TOÀN DÂN, TOÀN QUÂN QUYẾT TÂM THỰC HIỆN THẮNG LỢI "
    "NGHỊ QUYẾT ĐẠI HỘI ĐẢNG BỘ THÀNH PHỐ LONG KHÁNH LẦN THỨ IV, NHIỆM KỲ 2020 - 2025 - TĂNG CƯỜNG "
    "XÂY DỰNG ĐẢNG TRONG SẠCH, VỮNG MẠNH; PHÁT HUY TRUYỀN THỐNG ANH HÙNG, ĐOÀN KẾT, NĂNG ĐỘNG, SÁNG "
    "TẠO, XÂY DỰNG THÀNH PHỐ LONG KHÁNH “XANH - VĂN MINH - AN TOÀN - HIỆN ĐẠI”"
)
FOOTER = {
    "site_title": "TRANG THÔNG TIN ĐIỆN TỬ THÀNH PHỐ LONG KHÁNH",
    "agency": "THÀNH ỦY-UBND THÀNH PHỐ LONG KHÁNH",
    "responsible": "Chủ tịch Ủy ban nhân dân thành phố Long Khánh.",
    "address": "Cách Mạng Tháng Tám, phường Xuân An, thành phố Long Khánh, tỉnh Đồng Nai.",
    "email": "longkhanhradio@gmail.com",
    "phones": "02513.877.172 - 02513.877.124",
}


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
            "hotline": "02513.877.172",
            "site_title_en": "Long Khanh City Web Portal",
            "agency_en": "Party Committee and People's Committee of Long Khanh City",
            "address_en": "Cach Mang Thang Tam Street, Xuan An Ward, Long Khanh City, Dong Nai Province",
        },
    )
    return int(created)
