"""The documents part of the demo content: the plans, decisions and notices a city publishes,
among them the 2022 administrative-reform plan the seed article cites, each with a PDF whose
text is searchable (made here with fpdf2 and a Unicode font of the system; without such a font
the file is a DOCX, searchable too)."""

import datetime
import functools
import io
import logging
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.models import Document, DocumentFile, DocumentType, Field, IssuingBody, Relation

TYPES = ["Quyết định", "Chỉ thị", "Nghị quyết", "Kế hoạch", "Thông báo", "Công văn", "Báo cáo",
         "Hướng dẫn"]  # fmt: skip
ISSUERS = ["UBND thành phố Long Khánh", "HĐND thành phố Long Khánh", "UBND tỉnh Đồng Nai",
           "Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Phòng Tài nguyên và Môi trường"]  # fmt: skip
FIELDS = ["Cải cách hành chính", "Tài chính - Ngân sách", "Đất đai - Xây dựng", "Y tế",
          "Giáo dục - Đào tạo", "Kinh tế - Xã hội"]  # fmt: skip
# (type, number, issuer, field, issued, summary, signer, words found only inside the file)
DOCUMENTS = [
    ("Kế hoạch", "125/KH-UBND", 0, 0, (2022, 1, 14),
     "Kế hoạch cải cách hành chính năm 2022 trên địa bàn thành phố Long Khánh",
     "Phó Chủ tịch UBND thành phố",
     "Đẩy mạnh dịch vụ công trực tuyến mức độ 4 và tiếp nhận hồ sơ qua bưu chính công ích."),
    ("Quyết định", "1520/QĐ-UBND", 0, 0, (2022, 6, 2),
     "Quyết định công bố danh mục thủ tục hành chính thực hiện tại Bộ phận một cửa thành phố",
     "Chủ tịch UBND thành phố",
     "Danh mục gồm 312 thủ tục thuộc thẩm quyền giải quyết của cấp thành phố."),
    ("Nghị quyết", "08/NQ-HĐND", 1, 1, (2022, 12, 16),
     "Nghị quyết về dự toán thu, chi ngân sách nhà nước thành phố Long Khánh năm 2023",
     "Chủ tịch HĐND thành phố",
     "Tổng thu ngân sách trên địa bàn và phân bổ chi đầu tư phát triển."),
    ("Chỉ thị", "03/CT-UBND", 0, 2, (2023, 3, 8),
     "Chỉ thị tăng cường quản lý nhà nước về đất đai, trật tự xây dựng",
     "Chủ tịch UBND thành phố",
     "Xử lý nghiêm các trường hợp phân lô tách thửa trái phép."),
    ("Thông báo", "210/TB-UBND", 0, 3, (2023, 5, 22),
     "Thông báo lịch tiêm chủng mở rộng tại các trạm y tế phường, xã",
     "Chánh Văn phòng HĐND và UBND thành phố",
     "Trạm y tế phường Xuân An tiêm vào sáng thứ ba hằng tuần."),
    ("Kế hoạch", "88/KH-UBND", 0, 4, (2023, 8, 1),
     "Kế hoạch tuyển sinh vào lớp 6 năm học 2023 - 2024",
     "Phó Chủ tịch UBND thành phố",
     "Chỉ tiêu tuyển sinh của từng trường trung học cơ sở."),
    ("Hướng dẫn", "15/HD-PNV", 3, 0, (2023, 9, 12),
     "Hướng dẫn đánh giá, xếp loại chất lượng cán bộ, công chức năm 2023",
     "Trưởng phòng Nội vụ",
     "Mẫu phiếu tự đánh giá và bảng chấm điểm chi tiết."),
    ("Quyết định", "4521/QĐ-UBND", 2, 2, (2023, 11, 20),
     "Quyết định phê duyệt điều chỉnh quy hoạch sử dụng đất thành phố Long Khánh",
     "Phó Chủ tịch UBND tỉnh",
     "Bản đồ điều chỉnh quy hoạch tỷ lệ 1/10.000."),
    ("Báo cáo", "356/BC-UBND", 0, 5, (2023, 12, 10),
     "Báo cáo tình hình kinh tế - xã hội năm 2023 và phương hướng năm 2024",
     "Chủ tịch UBND thành phố",
     "Tốc độ tăng trưởng giá trị sản xuất nông nghiệp ứng dụng công nghệ cao."),
    ("Công văn", "1024/UBND-KT", 0, 5, (2024, 2, 26),
     "Công văn về việc hỗ trợ tiêu thụ chôm chôm, sầu riêng cho nông dân",
     "Phó Chủ tịch UBND thành phố",
     "Kết nối doanh nghiệp thu mua trái cây với hợp tác xã."),
    ("Kế hoạch", "45/KH-UBND", 0, 0, (2024, 1, 19),
     "Kế hoạch cải cách hành chính năm 2024 trên địa bàn thành phố Long Khánh",
     "Phó Chủ tịch UBND thành phố",
     "Chuyển đổi số trong giải quyết thủ tục hành chính, thanh toán trực tuyến."),
    ("Quyết định", "230/QĐ-UBND", 0, 1, (2024, 3, 5),
     "Quyết định giao chỉ tiêu thu ngân sách cho các phường, xã năm 2024",
     "Chủ tịch UBND thành phố",
     "Phường Xuân Trung được giao chỉ tiêu thu cao nhất."),
    ("Thông báo", "95/TB-PTCKH", 4, 1, (2024, 4, 2),
     "Thông báo công khai quyết toán ngân sách thành phố năm 2023",
     "Trưởng phòng Tài chính - Kế hoạch",
     "Biểu mẫu công khai số liệu quyết toán thu chi."),
    ("Kế hoạch", "132/KH-UBND", 0, 3, (2024, 5, 15),
     "Kế hoạch phòng, chống sốt xuất huyết trên địa bàn thành phố năm 2024",
     "Phó Chủ tịch UBND thành phố",
     "Chiến dịch diệt lăng quăng, bọ gậy tại hộ gia đình."),
    ("Chỉ thị", "07/CT-UBND", 0, 5, (2024, 6, 20),
     "Chỉ thị đảm bảo trật tự an toàn giao thông dịp cao điểm hè",
     "Chủ tịch UBND thành phố",
     "Tăng cường tuần tra trên Quốc lộ 1A và Quốc lộ 56."),
    ("Quyết định", "2108/QĐ-UBND", 0, 2, (2024, 8, 9),
     "Quyết định ban hành bảng giá bồi thường cây trồng khi Nhà nước thu hồi đất",
     "Phó Chủ tịch UBND thành phố",
     "Đơn giá bồi thường cây sầu riêng theo đường kính gốc."),
    ("Hướng dẫn", "22/HD-PTNMT", 5, 2, (2024, 9, 3),
     "Hướng dẫn thủ tục đăng ký biến động đất đai cho hộ gia đình, cá nhân",
     "Trưởng phòng Tài nguyên và Môi trường",
     "Thành phần hồ sơ và thời hạn giải quyết mười ngày làm việc."),
    ("Báo cáo", "410/BC-UBND", 0, 0, (2024, 12, 12),
     "Báo cáo kết quả cải cách hành chính năm 2024",
     "Chủ tịch UBND thành phố",
     "Chỉ số hài lòng của người dân đạt chín mươi tám phần trăm."),
    ("Kế hoạch", "30/KH-UBND", 0, 0, (2025, 1, 22),
     "Kế hoạch cải cách hành chính năm 2025 trên địa bàn thành phố Long Khánh",
     "Phó Chủ tịch UBND thành phố",
     "Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực."),
    ("Nghị quyết", "12/NQ-HĐND", 1, 5, (2025, 7, 10),
     "Nghị quyết về kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030",
     "Chủ tịch HĐND thành phố",
     "Danh mục dự án giao thông nông thôn và trường học."),
    ("Công văn", "2875/UBND-VP", 0, 0, (2025, 9, 18),
     "Công văn về việc tiếp nhận hồ sơ thủ tục hành chính qua dịch vụ bưu chính công ích",
     "Chánh Văn phòng HĐND và UBND thành phố",
     "Người dân không phải đến trụ sở để nộp và nhận kết quả."),
    ("Thông báo", "318/TB-UBND", 0, 4, (2025, 10, 6),
     "Thông báo kết quả thi tuyển viên chức giáo dục năm 2025",
     "Chủ tịch Hội đồng tuyển dụng",
     "Danh sách thí sinh trúng tuyển vị trí giáo viên tiểu học."),
    ("Quyết định", "3360/QĐ-UBND", 0, 3, (2025, 11, 3),
     "Quyết định kiện toàn Ban chỉ đạo chăm sóc sức khỏe nhân dân thành phố",
     "Chủ tịch UBND thành phố",
     "Phân công nhiệm vụ từng thành viên Ban chỉ đạo."),
    ("Kế hoạch", "205/KH-UBND", 0, 5, (2026, 2, 9),
     "Kế hoạch tổ chức Lễ hội trái cây Long Khánh năm 2026",
     "Phó Chủ tịch UBND thành phố",
     "Không gian trưng bày trái cây đặc sản tại Công viên Hồ Suối Tre."),
    ("Kế hoạch", "260/KH-UBND", 0, 0, (2026, 3, 16),
     "Kế hoạch cải cách hành chính năm 2026 trên địa bàn thành phố Long Khánh",
     "Phó Chủ tịch UBND thành phố",
     "Một trăm phần trăm hồ sơ được số hóa khi tiếp nhận."),
    ("Chỉ thị", "02/CT-UBND", 0, 2, (2026, 4, 1),
     "Chỉ thị về quản lý chất thải rắn sinh hoạt và vệ sinh môi trường đô thị",
     "Chủ tịch UBND thành phố",
     "Phân loại rác tại nguồn ở các khu dân cư."),
    ("Báo cáo", "150/BC-UBND", 0, 5, (2026, 6, 25),
     "Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2026",
     "Chủ tịch UBND thành phố",
     "Thu hút đầu vào khu công nghiệp Long Khánh."),
    ("Quyết định", "2950/QĐ-UBND", 0, 1, (2026, 9, 14),
     "Quyết định phân bổ kinh phí sửa chữa trường học năm 2026",
     "Phó Chủ tịch UBND thành phố",
     "Sửa chữa phòng học Trường Tiểu học Bảo Vinh."),
    ("Hướng dẫn", "40/HD-PNV", 3, 0, (2026, 10, 20),
     "Hướng dẫn sử dụng chữ ký số trong văn bản điện tử của cơ quan nhà nước",
     "Trưởng phòng Nội vụ",
     "Quy trình ký số văn bản đi trên hệ thống quản lý văn bản."),
    ("Kế hoạch", "300/KH-UBND", 0, 0, (2026, 11, 2),
     "Dự thảo Kế hoạch cải cách hành chính năm 2027 (lấy ý kiến nhân dân)",
     "Phó Chủ tịch UBND thành phố",
     "Mở rộng tiếp nhận hồ sơ không phụ thuộc địa giới hành chính."),
]  # fmt: skip
FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
]


@functools.cache
def make_file(title, lines):
    """(extension, bytes): a PDF of `lines` when a Unicode font is installed, else a DOCX.
    Kept for the process: fpdf2 reads the whole font for each PDF (a sixth of a second), and
    the tests load the demo documents again and again, each time the same files."""
    font = next((path for path in FONTS if Path(path).exists()), None)
    if font is not None:
        from fpdf import FPDF

        logging.getLogger("fontTools").setLevel(logging.WARNING)  # a line per glyph otherwise
        pdf = FPDF()
        pdf.add_page()
        pdf.add_font("body", fname=font)
        pdf.set_font("body", size=12)
        for line in [title, "", *lines]:
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        return "pdf", bytes(pdf.output())
    import docx

    document = docx.Document()
    for line in [title, *lines]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return "docx", out.getvalue()


def deadline_in(days):
    """17:00 local time, `days` from today: how a deadline is set (not the minute the demo was
    loaded, which the eighth trial saw as "06:43")."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))


def load():
    """Creates the lists and the documents unless the first document exists."""
    issuers = [IssuingBody.objects.get_or_create(name=n, defaults={"position": i})[0]
               for i, n in enumerate(ISSUERS)]  # fmt: skip
    fields = [Field.objects.get_or_create(name=n, defaults={"position": i})[0]
              for i, n in enumerate(FIELDS)]  # fmt: skip
    types = {n: DocumentType.objects.get_or_create(name=n, defaults={"position": i})[0]
             for i, n in enumerate(TYPES)}  # fmt: skip
    if Document.objects.filter(number=DOCUMENTS[0][1]).exists():
        return 0
    created = []
    for kind, number, issuer, field, issued, summary, signer_title, inside in DOCUMENTS:
        issued_on = datetime.date(*issued)
        draft = summary.startswith("Dự thảo")
        document = Document.objects.create(
            number=number,
            doc_type=types[kind],
            issuer=issuers[issuer],
            field=fields[field],
            summary=summary,
            signer="Nguyễn Văn Minh" if "Chủ tịch" in signer_title else "Trần Thị Lan",
            signer_title=signer_title,
            issued_on=issued_on,
            effective_on=None if draft else issued_on,
            effect=Document.Effect.NOT_YET if draft else Document.Effect.IN_FORCE,
            is_draft=draft,
            comment_deadline=(deadline_in(30) if draft else None),
            status=Document.Status.PUBLISHED,
            published_at=timezone.make_aware(
                datetime.datetime.combine(issued_on, datetime.time(9))
            ),
        )
        extension, content = make_file(
            f"{kind.upper()} {number}",
            (summary, "", inside, "", f"{signer_title}", "(đã ký)"),
        )
        DocumentFile.objects.create(
            document=document,
            file=SimpleUploadedFile(f"{number.replace('/', '-')}.{extension}", content),
        )
        created.append(document)
    plans = [d for d in created if d.summary.startswith("Kế hoạch cải cách hành chính")]
    for newer, older in zip(plans[1:], plans, strict=False):
        if newer.is_draft:
            continue
        Relation.objects.create(source=newer, kind=Relation.Kind.REPLACES, target=older)
        older.effect, older.expires_on = Document.Effect.EXPIRED, newer.effective_on
        older.save()
    return len(created)
