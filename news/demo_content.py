"""Demo content: the article of the page we rebuild (../shared/seed), word for word, and more
Vietnamese articles so that every page type looks real. Used by `manage.py seed_demo`."""

import datetime
import zoneinfo

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

CATEGORIES = [
    # (name, slug, description)
    ("Tin tức - Sự kiện", "tin-tuc-su-kien", "Tin hoạt động của Thành ủy, HĐND, UBND thành phố."),
    ("Cải cách hành chính", "cai-cach-hanh-chinh", "Thủ tục hành chính, dịch vụ công trực tuyến."),
    ("Kinh tế", "kinh-te", "Nông nghiệp, công nghiệp, thương mại, đầu tư trên địa bàn."),
    ("Văn hóa - Xã hội", "van-hoa-xa-hoi", "Giáo dục, y tế, văn hóa, thể thao, an sinh xã hội."),
    ("Quốc phòng - An ninh", "quoc-phong-an-ninh", "Quân sự địa phương, trật tự an toàn xã hội."),
    ("Thông báo", "thong-bao", "Thông báo, thư mời, lịch tiếp công dân của UBND thành phố."),
]

SEED_ARTICLE = {
    "title": "Hội nghị đánh giá kết quả công tác cải cách hành chính 6 tháng đầu năm",
    "category": "cai-cach-hanh-chinh",
    "published_at": datetime.datetime(2022, 6, 16, 10, 30, tzinfo=TZ),
    "author": "Danh Lộc",
    "source": "",
    "featured": True,
    # The old page has no separate summary: its first paragraph is the lead.
    "summary": "",
    "paragraphs": [
        "Sáng 16/6, UBND thành phố tổ chức Hội nghị đánh giá kết quả công tác cải cách hành chính 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2022. Ông Đỗ Chánh Quang - Chủ tịch UBND thành phố dự và chủ trì hội nghị. Tham dự hội nghị còn có lãnh đạo các ban ngành, lãnh đạo UBND các phường, xã trên địa bàn thành phố.",
        "Tại hội nghị, các đại biểu đã được nghe Trưởng phòng Nội vụ thông qua báo cáo dự thảo của UBND thành phố, theo đó kết quả thực hiện tiếp nhận giải quyết các thủ tục hành chính trong 6 tháng đầu năm 2022 (tính từ 01/01 đến 08/6/2022): Tổng số hồ sơ tiếp nhận trên toàn địa bàn thành phố là 50.934 hồ sơ, trong đó số hồ sơ đã giải quyết là 47.020 hồ sơ (chiếm 92,3%), số hồ sơ giải quyết đúng hạn là 46.921 hồ sơ (chiếm 99,79%), số hồ sơ quá hạn: 99 hồ sơ (chiếm 0,21%); số hồ sơ đang giải quyết là 3.914 hồ sơ (7,68%).",
        "Đối với công tác ứng dụng công nghệ thông tin phục vụ người dân, thành phố đã thực hiện tổ chức triển khai hướng dẫn người dân và doanh nghiệp thực hiện nộp hồ sơ trực tuyến trên Cổng dịch vụ công trực tuyến dùng chung của tỉnh; cung cấp 188 thủ tục hành chính mức độ 3, 4 cấp thành phố và 93 thủ tục hành chính mức độ 3, 4 cấp phường, xã. Trong 6 tháng đầu năm 2022, số hồ sơ tiếp nhận dịch vụ công trực tuyến mức độ 3, 4 cấp thành phố: 993/16.736, đạt tỷ lệ 5,93%; số hồ sơ tiếp nhận trực tuyến mức độ 3, 4 cấp xã: 4.352/5.462 hồ sơ, đạt tỉ lệ 79,68%.",
        "Tham dự hội nghị, một số cơ quan đơn vị và xã phường cũng đã có một số ý kiến trình bày liên quan đến nâng cao công tác cải cách hành chính như: Tăng cường tuyên truyền Cổng dịch vụ công trực tuyến mức độ 3, 4; công bố bộ thủ tục hành chính, hồ sơ mẫu để tạo điều kiện thuận lợi cho người dân tiếp cận; làm rõ thêm các nguyên nhân hồ sơ quá hạn, hồ sơ trả về để có sự thống nhất giữa các phòng, ban, đơn vị và xã phường tạo điều kiện thuận lợi cho người dân khi thực hiện các thủ tục hành chính; Cần kiểm tra, giám sát đánh giá cán bộ công chức thực hiện nhiệm vụ tiếp nhận, xử lý hồ sơ của người dân...",
        "Phát biểu chỉ đạo hội nghị Chủ tịch UBND thành phố Đỗ Chánh Quang nhấn mạnh các cơ quan đơn vị không để hồ sơ trễ hạn, các hồ sơ đúng đủ giấy tờ cần thiết thì phải giải quyết ngay cho người dân, cần thiết phải có quy chế phối hợp giữa các phòng ban để đảm bảo đúng tiến độ trả hồ sơ cho người dân trong tất cả thủ tục, Cơ quan nào làm chậm trễ có báo cáo UBND thành phố để xử lý cơ quan đó.",
        "Đối với hồ sơ trả về, ở cấp thành phố theo báo cáo thống kê là 406 hồ sơ, riêng cấp phường, xã chưa có báo cáo, do đó đề nghị UBND các phường, xã quản lý hồ sơ đầu vào, cán bộ tiếp nhận kiểm tra thành phần hồ sơ, nội dung kê khai một cách đầy đủ rồi mới tiếp nhận hồ sơ của người dân, tránh việc tiếp nhận rồi mới yêu cầu người dân bổ sung làm hồ sơ trễ hạn hoặc trả hồ sơ trở về. Bên cạnh đó, Chủ tịch UBND thành phố yêu cầu các đơn vị trong quý 3/2022 phải đảm bảo giảm tỉ lệ hồ sơ trả về được 50% so với quý trước. Phân công phòng Nội vụ thành phố, Bộ phận một cửa theo dõi xử lý hồ sơ của các cơ quan đơn vị và thực hiện báo cáo hàng tháng về Ủy ban nhân dân thành phố;",
        "Đối với thủ tục hành chính mức độ 3, 4 do hiện nay được đánh giá mới thực hiện được 6%, đây là tỉ lệ rất thấp nên các cơ quan, đơn vị cần tập trung nâng tỉ lệ lên trên 50% ở cấp thành phố và phường xã trên 30%. Các cơ quan tuyên truyền và UBND các phường, xã tăng cường tuyên truyền dịch vụ công trực tuyến mức độ 3,4, lợi ích của dịch vụ công trực tuyến, bưu chính công ích... để đảm bảo giải quyết thủ tục hành chính theo kế hoạch chỉ tiêu đề ra.",
        "Chủ tịch UBND thành phố Đỗ Chánh Quang giao phòng Nội vụ thành phố trong thời gian tới tham mưu cho UBND thành phố các giải pháp nâng cao chỉ số cải cách hành chính và nâng cao chỉ số hài lòng của người dân, doanh nghiệp; việc khảo sát mức độ hài lòng của người dân cần tổ chức thực hiện ngẫu nhiên với việc đơn vị thực hiện chủ lực là của phòng nội vụ thành phố; Thường xuyên kiểm tra kỷ cương hành chính, đạo đức công vụ đặc biệt với cán bộ một cửa thành phố và phường, xã, kiểm tra hồ sơ người dân không để tồn lại các trường hợp hồ sơ quá hạn.",
    ],
    "photos": [
        {
            "filename": "00449.MTS_snapshot_00.11.968.jpg",
            "caption": "Toàn cảnh Hội nghị đánh giá kết quả công tác cải cách hành chính 6 tháng đầu năm",
            "alt_text": "Quang cảnh hội trường hội nghị, đại biểu ngồi theo dãy bàn hướng lên sân khấu",
            "after_paragraph": 2,  # where the old page has it
        },
        {
            "filename": "00421.MTS_snapshot_00.03.107.jpg",
            "caption": "Chủ tịch UBND thành phố Đỗ Chánh Quang phát biểu chỉ đạo hội nghị",
            "alt_text": "Chủ tịch UBND thành phố Đỗ Chánh Quang đứng phát biểu tại bục hội nghị",
            "after_paragraph": 5,
        },
    ],
}

# More articles: (section slug, title, summary, paragraphs, photo alt text, featured)
MORE_ARTICLES = [
    (
        "tin-tuc-su-kien",
        "Thành phố Long Khánh tổ chức kỳ họp thứ năm Hội đồng nhân dân thành phố khóa V",
        "Kỳ họp xem xét, thông qua các nghị quyết quan trọng về phát triển kinh tế - xã hội, đầu tư công và thu chi ngân sách.",
        [
            "Kỳ họp diễn ra trong hai ngày với sự tham dự của các đại biểu HĐND thành phố, lãnh đạo UBND thành phố và các ban ngành, đoàn thể.",
            "Các đại biểu đã thảo luận, chất vấn và thông qua 12 nghị quyết, trong đó có nghị quyết về kế hoạch đầu tư công trung hạn giai đoạn 2021 - 2025.",
        ],
        "Đại biểu Hội đồng nhân dân thành phố biểu quyết thông qua nghị quyết",
        True,
    ),
    (
        "tin-tuc-su-kien",
        "Lãnh đạo thành phố thăm, tặng quà gia đình chính sách nhân ngày Thương binh - Liệt sĩ",
        "Nhân kỷ niệm ngày Thương binh - Liệt sĩ 27/7, đoàn lãnh đạo thành phố đã đến thăm, tặng quà các gia đình chính sách tiêu biểu.",
        [
            "Đoàn đã đến thăm hỏi, động viên và trao quà cho các Mẹ Việt Nam anh hùng, thương binh nặng và thân nhân liệt sĩ trên địa bàn các phường Xuân An, Xuân Bình, Phú Bình.",
            "Dịp này, thành phố đã trao tặng 1.250 phần quà với tổng trị giá hơn 1,2 tỷ đồng.",
        ],
        "Đoàn lãnh đạo thành phố trao quà cho một gia đình chính sách",
        True,
    ),
    (
        "tin-tuc-su-kien",
        "Đỗ Chánh Quang tiếp công dân định kỳ tháng 6",
        "Chủ tịch UBND thành phố trực tiếp tiếp công dân, lắng nghe và giải quyết kiến nghị về đất đai, bồi thường giải phóng mặt bằng.",
        [
            "Tại buổi tiếp, Chủ tịch UBND thành phố đã nghe 8 trường hợp trình bày kiến nghị, chủ yếu liên quan đến cấp giấy chứng nhận quyền sử dụng đất.",
            "Các trường hợp đủ điều kiện được giao phòng chuyên môn giải quyết dứt điểm trong tháng.",
        ],
        "Chủ tịch UBND thành phố trao đổi với công dân tại buổi tiếp",
        False,
    ),
    (
        "tin-tuc-su-kien",
        "Ra quân hưởng ứng Ngày Môi trường thế giới năm 2022",
        "Hơn 500 đoàn viên, thanh niên và người dân tham gia dọn dẹp vệ sinh, trồng cây xanh dọc các tuyến đường.",
        [
            "Lễ ra quân được tổ chức tại Quảng trường thành phố với chủ đề “Chỉ một Trái đất”.",
            "Sau lễ ra quân, các lực lượng đã trồng mới 300 cây xanh và thu gom hơn 5 tấn rác thải.",
        ],
        "Đoàn viên thanh niên trồng cây xanh bên đường",
        False,
    ),
    (
        "cai-cach-hanh-chinh",
        "Hướng dẫn nộp hồ sơ trực tuyến trên Cổng dịch vụ công của tỉnh",
        "Người dân có thể nộp hồ sơ, theo dõi tiến độ và nhận kết quả thủ tục hành chính mà không cần đến bộ phận một cửa.",
        [
            "Để nộp hồ sơ trực tuyến, người dân đăng ký tài khoản trên Cổng dịch vụ công bằng tài khoản định danh điện tử.",
            "Sau khi chọn thủ tục và điền thông tin, người dân đính kèm bản chụp các giấy tờ theo hướng dẫn và theo dõi kết quả qua tin nhắn.",
        ],
        "Cán bộ bộ phận một cửa hướng dẫn người dân nộp hồ sơ trên máy tính",
        False,
    ),
    (
        "cai-cach-hanh-chinh",
        "Bộ phận một cửa phường Xuân Trung tiếp nhận hồ sơ cả sáng thứ bảy",
        "Nhằm tạo thuận lợi cho người lao động, bộ phận một cửa phường tiếp nhận và trả kết quả hồ sơ vào sáng thứ bảy hàng tuần.",
        [
            "Mô hình được triển khai từ đầu tháng 5 và nhận được sự đồng tình của người dân.",
            "Trung bình mỗi buổi sáng thứ bảy, bộ phận một cửa tiếp nhận khoảng 40 hồ sơ.",
        ],
        "Người dân làm thủ tục tại bộ phận một cửa phường",
        False,
    ),
    (
        "cai-cach-hanh-chinh",
        "Khảo sát mức độ hài lòng của người dân đối với dịch vụ hành chính công",
        "Phòng Nội vụ phối hợp các phường, xã tổ chức khảo sát ngẫu nhiên người dân đến giao dịch.",
        [
            "Phiếu khảo sát tập trung vào thái độ phục vụ, thời gian giải quyết và sự công khai, minh bạch của thủ tục.",
            "Kết quả khảo sát là căn cứ để đánh giá, xếp loại cán bộ, công chức cuối năm.",
        ],
        "Người dân điền phiếu khảo sát tại bộ phận một cửa",
        False,
    ),
    (
        "kinh-te",
        "Long Khánh đẩy mạnh tiêu thụ trái cây mùa chôm chôm, sầu riêng",
        "Thành phố phối hợp với các doanh nghiệp, sàn thương mại điện tử kết nối tiêu thụ trái cây cho nông dân.",
        [
            "Năm nay, diện tích cây ăn trái của thành phố đạt hơn 7.000 ha, trong đó chôm chôm và sầu riêng chiếm tỷ lệ lớn.",
            "Nhiều hợp tác xã đã được cấp mã số vùng trồng phục vụ xuất khẩu.",
        ],
        "Nông dân thu hoạch chôm chôm trong vườn",
        True,
    ),
    (
        "kinh-te",
        "Khởi công xây dựng đường Hồ Thị Hương nối dài",
        "Công trình có tổng mức đầu tư hơn 120 tỷ đồng, góp phần hoàn thiện hạ tầng giao thông đô thị.",
        [
            "Tuyến đường dài 2,4 km, mặt đường rộng 15 m, hai bên có vỉa hè và hệ thống chiếu sáng.",
            "Công trình dự kiến hoàn thành trong năm 2023.",
        ],
        "Máy móc thi công trên công trường làm đường",
        False,
    ),
    (
        "kinh-te",
        "Hội nghị xúc tiến đầu tư vào cụm công nghiệp Suối Tre",
        "Nhiều nhà đầu tư trong và ngoài nước quan tâm tìm hiểu cơ hội đầu tư tại thành phố.",
        [
            "Thành phố cam kết tạo mọi điều kiện thuận lợi về thủ tục, mặt bằng và nguồn lao động cho nhà đầu tư.",
            "Tại hội nghị, 5 doanh nghiệp đã ký biên bản ghi nhớ đầu tư.",
        ],
        "Đại biểu dự hội nghị xúc tiến đầu tư",
        False,
    ),
    (
        "kinh-te",
        "Ưu đãi vốn vay cho hộ sản xuất kinh doanh vùng khó khăn",
        "Phòng giao dịch Ngân hàng Chính sách xã hội giải ngân hơn 30 tỷ đồng cho các hộ vay vốn.",
        [
            "Nguồn vốn giúp các hộ đầu tư chăn nuôi, trồng trọt và mở rộng sản xuất nhỏ.",
            "Tỷ lệ nợ quá hạn được kiểm soát ở mức thấp.",
        ],
        "Cán bộ ngân hàng giải ngân vốn vay cho người dân",
        False,
    ),
    (
        "van-hoa-xa-hoi",
        "Kỳ thi tốt nghiệp trung học phổ thông diễn ra an toàn, nghiêm túc",
        "Hơn 2.300 thí sinh dự thi tại 6 điểm thi trên địa bàn thành phố.",
        [
            "Các lực lượng công an, y tế, điện lực được bố trí đảm bảo an toàn cho kỳ thi.",
            "Đoàn thanh niên tổ chức tiếp sức mùa thi, hỗ trợ nước uống và chỗ nghỉ cho phụ huynh.",
        ],
        "Thí sinh vào phòng thi",
        False,
    ),
    (
        "van-hoa-xa-hoi",
        "Khai mạc Hội thao cán bộ, công chức, viên chức thành phố",
        "Hội thao gồm các môn bóng đá, bóng chuyền, cầu lông và kéo co với hơn 400 vận động viên.",
        [
            "Hội thao nhằm đẩy mạnh phong trào rèn luyện thân thể, nâng cao sức khỏe cho cán bộ, công chức.",
            "Các trận đấu diễn ra sôi nổi, đoàn kết và trung thực.",
        ],
        "Vận động viên thi đấu kéo co",
        False,
    ),
    (
        "van-hoa-xa-hoi",
        "Tiêm vắc xin phòng COVID-19 mũi nhắc lại cho người dân",
        "Trung tâm Y tế thành phố tổ chức các điểm tiêm lưu động tại phường, xã.",
        [
            "Người dân mang theo căn cước công dân và sổ tiêm chủng khi đến điểm tiêm.",
            "Đến nay, tỷ lệ người trên 18 tuổi tiêm mũi nhắc lại đạt 85%.",
        ],
        "Nhân viên y tế tiêm vắc xin cho người dân",
        False,
    ),
    (
        "van-hoa-xa-hoi",
        "Trao học bổng cho học sinh nghèo vượt khó học giỏi",
        "150 suất học bổng được trao cho học sinh có hoàn cảnh khó khăn.",
        [
            "Mỗi suất học bổng trị giá 1 triệu đồng kèm dụng cụ học tập.",
            "Chương trình do Hội Khuyến học thành phố phối hợp các nhà hảo tâm tổ chức.",
        ],
        "Học sinh nhận học bổng trên sân khấu",
        False,
    ),
    (
        "quoc-phong-an-ninh",
        "Lễ giao nhận quân năm 2022 diễn ra trang trọng",
        "Thành phố hoàn thành 100% chỉ tiêu giao quân với 180 thanh niên lên đường nhập ngũ.",
        [
            "Các tân binh được gia đình, người thân và chính quyền địa phương động viên trước giờ lên đường.",
            "Chất lượng tuyển quân năm nay được nâng lên, nhiều thanh niên có trình độ đại học, cao đẳng.",
        ],
        "Tân binh xếp hàng tại lễ giao nhận quân",
        False,
    ),
    (
        "quoc-phong-an-ninh",
        "Tăng cường bảo đảm trật tự an toàn giao thông dịp cao điểm",
        "Công an thành phố ra quân tuần tra, kiểm soát và xử lý vi phạm trật tự an toàn giao thông.",
        [
            "Lực lượng tập trung xử lý các lỗi vi phạm nồng độ cồn, chạy quá tốc độ và không đội mũ bảo hiểm.",
            "Trong đợt cao điểm, đã lập biên bản xử lý hơn 900 trường hợp vi phạm.",
        ],
        "Cảnh sát giao thông làm nhiệm vụ trên đường",
        False,
    ),
    (
        "quoc-phong-an-ninh",
        "Diễn tập phòng cháy chữa cháy và cứu nạn cứu hộ tại chợ Long Khánh",
        "Buổi diễn tập giúp nâng cao kỹ năng ứng phó sự cố cháy nổ cho tiểu thương.",
        [
            "Tình huống giả định là đám cháy xảy ra tại khu hàng vải trong chợ.",
            "Các lực lượng đã phối hợp nhịp nhàng, dập tắt đám cháy và cứu nạn kịp thời.",
        ],
        "Lực lượng phòng cháy phun nước dập lửa trong buổi diễn tập",
        False,
    ),
    (
        "thong-bao",
        "Thông báo lịch tiếp công dân của Chủ tịch UBND thành phố tháng 7/2022",
        "Chủ tịch UBND thành phố tiếp công dân định kỳ vào ngày 15 hàng tháng tại Trụ sở tiếp công dân.",
        [
            "Công dân có nhu cầu đăng ký trước tại Ban Tiếp công dân thành phố.",
            "Nếu ngày tiếp trùng ngày nghỉ, lịch tiếp được chuyển sang ngày làm việc kế tiếp.",
        ],
        "Trụ sở tiếp công dân thành phố",
        False,
    ),
    (
        "thong-bao",
        "Thông báo tuyển dụng viên chức giáo dục năm 2022",
        "UBND thành phố thông báo tuyển dụng 85 chỉ tiêu viên chức giáo dục mầm non, tiểu học và trung học cơ sở.",
        [
            "Hồ sơ được nhận tại Phòng Nội vụ thành phố trong giờ hành chính.",
            "Thời hạn nhận hồ sơ là 30 ngày kể từ ngày thông báo.",
        ],
        "Trường học trên địa bàn thành phố",
        False,
    ),
]
