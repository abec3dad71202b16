"""The questions part of the demo content: topics with their answering times, and a few
residents' questions, answered and published (no personal data: the askers are fictional and
their contacts are not kept for published demo questions)."""

import datetime

from django.utils import timezone

from questions.models import Question, Settings, Topic

TOPICS = [
    ("Đất đai", 20),
    ("Xây dựng, trật tự đô thị", 15),
    ("Hộ tịch, chứng thực", 7),
    ("Môi trường", 15),
    ("Giao thông", 15),
    ("Giáo dục, y tế", 10),
    ("Khác", 15),
]
QUESTIONS = [
    (
        "Hộ tịch, chứng thực",
        "Đăng ký khai sinh cho con ở phường nào?",
        "Tôi thường trú ở phường Xuân An nhưng đang tạm trú ở phường Xuân Bình. Tôi đăng ký "
        "khai sinh cho con ở phường nào, cần mang giấy tờ gì?",
        "<p>Theo Luật Hộ tịch, bạn đăng ký khai sinh cho con tại Ủy ban nhân dân cấp xã nơi cư "
        "trú của cha hoặc mẹ: phường Xuân An (nơi thường trú) hoặc phường Xuân Bình (nơi tạm "
        "trú) đều được.</p><p>Hồ sơ gồm tờ khai theo mẫu, giấy chứng sinh và giấy tờ tùy thân "
        "của người đi đăng ký. Bạn cũng có thể nộp trực tuyến trên Cổng Dịch vụ công quốc gia.</p>",
        "Văn phòng HĐND và UBND thành phố",
        12,
    ),
    (
        "Xây dựng, trật tự đô thị",
        "Sửa nhà có cần xin giấy phép xây dựng không?",
        "Gia đình tôi muốn lát lại nền và thay mái tôn nhà cấp 4, không đổi kết cấu. Có cần xin "
        "giấy phép xây dựng không?",
        "<p>Sửa chữa, cải tạo bên trong công trình hoặc thay mái mà không làm thay đổi kết cấu "
        "chịu lực, công năng sử dụng và kiến trúc mặt ngoài thì được miễn giấy phép xây dựng "
        "(Điều 89 Luật Xây dựng).</p><p>Trước khi làm, bạn nên báo Ủy ban nhân dân phường nơi "
        "có nhà để được hướng dẫn về thời gian thi công và vệ sinh môi trường.</p>",
        "Phòng Quản lý đô thị",
        8,
    ),
    (
        "Môi trường",
        "Lịch thu gom rác ở xã Bàu Trâm",
        "Xe thu gom rác ở ấp tôi (xã Bàu Trâm) mấy ngày mới đến một lần? Có thể tăng số lần "
        "thu gom vào mùa mưa không?",
        "<p>Tại xã Bàu Trâm, rác sinh hoạt được thu gom 3 lần mỗi tuần vào thứ Hai, thứ Tư và "
        "thứ Sáu. Phòng Tài nguyên và Môi trường đã đề nghị đơn vị thu gom tăng thêm một lượt "
        "vào thứ Bảy trong mùa mưa, bắt đầu từ tháng tới.</p>",
        "Phòng Tài nguyên và Môi trường",
        4,
    ),
]


def load():
    """Creates the settings row, the topics and the demo questions unless they exist; returns
    how many rows it made."""
    created = int(Settings.objects.get_or_create(pk=1)[1])
    topics = {}
    for position, (name, days) in enumerate(TOPICS):
        topic, made = Topic.objects.get_or_create(
            name=name, defaults={"days_to_answer": days, "position": position}
        )
        topics[name] = topic
        created += made
    if Question.objects.exists():
        return created
    now = timezone.now()
    for topic, title, body, answer, unit, days_ago in QUESTIONS:
        submitted = now - datetime.timedelta(days=days_ago)
        Question.objects.create(
            topic=topics[topic],
            title=title,
            body=body,
            answer=answer,
            assigned_to=unit,
            consent_publish=True,
            submitted_at=submitted,
            answered_at=submitted + datetime.timedelta(days=3),
            status=Question.Status.PUBLISHED,
            published_at=submitted + datetime.timedelta(days=3),
            personal_data_removed_at=now,  # the demo keeps no asker's data
        )
        created += 1
    return created
