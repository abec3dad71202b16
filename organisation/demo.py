"""The organisation part of the demo content: the introduction pages about Long Khánh, the city's
units (the People's Committee and Council, the specialised offices, two public service units and
the 15 wards and communes with their websites), the people who lead and answer them, and the
leaders' work schedule of this week and the last.

The people's names, phone numbers and e-mail addresses are demo data, fictional though plausible:
replace them in the admin with the real ones before going live.
"""

import datetime

from django.utils import timezone

from longkhanh.text import fold, slugify_vi
from organisation.models import Entry, Page, Person, Status, Unit, Week, monday_of

DOMAIN = "longkhanh.dongnai.gov.vn"
ADDRESS = "Cách Mạng Tháng Tám, phường Xuân An, thành phố Long Khánh, tỉnh Đồng Nai"
ADDRESS_EN = "Cach Mang Thang Tam Street, Xuan An Ward, Long Khanh City, Dong Nai Province"
OFFICE_ADDRESS = f"Khu hành chính thành phố, đường {ADDRESS}"
UBND = "Ủy ban nhân dân thành phố Long Khánh"
HDND = "Hội đồng nhân dân thành phố Long Khánh"
VP = "Văn phòng HĐND và UBND thành phố"

# (name, name_en, phone, e-mail, duties, duties_en)
LEADERSHIP = [
    (UBND, "People's Committee of Long Khanh City", "02513.877.172", "ubnd",
     "<p>Ủy ban nhân dân thành phố là cơ quan hành chính nhà nước ở địa phương, chấp hành nghị quyết của Hội đồng nhân dân thành phố và chịu trách nhiệm trước Ủy ban nhân dân tỉnh Đồng Nai.</p><p>Ủy ban nhân dân thành phố tổ chức thực hiện pháp luật, quản lý nhà nước về kinh tế, văn hóa, xã hội, quốc phòng, an ninh trên địa bàn và chỉ đạo hoạt động của 15 phường, xã.</p>",
     "<p>The People's Committee is the local state administrative body: it carries out the resolutions of the City People's Council and answers to the People's Committee of Dong Nai Province.</p><p>It enforces the law, manages the economy, culture, society, defence and security of the city and directs its 15 wards and communes.</p>"),
    (HDND, "People's Council of Long Khanh City", "02513.877.170", "hdnd",
     "<p>Hội đồng nhân dân thành phố là cơ quan quyền lực nhà nước ở địa phương, đại diện cho ý chí, nguyện vọng và quyền làm chủ của Nhân dân thành phố.</p><p>Hội đồng nhân dân quyết định dự toán ngân sách, các chủ trương, biện pháp phát triển kinh tế - xã hội và giám sát hoạt động của Ủy ban nhân dân thành phố.</p>",
     "<p>The People's Council is the local body of state power, representing the will and aspirations of the people of the city.</p><p>It decides the city budget and its development policies and oversees the work of the People's Committee.</p>"),
]  # fmt: skip
# (name, name_en, kind, phone, fax, e-mail box, duties, duties_en,
#  head's title, head's title_en, head, deputy's title, deputy)
OFFICES = [
    (VP, "Office of the People's Council and People's Committee", "office", "02513.877.172", "02513.877.173", "vanphong",
     "<p>Tham mưu tổng hợp cho Hội đồng nhân dân và Ủy ban nhân dân thành phố; điều hòa chương trình công tác và lịch làm việc của lãnh đạo thành phố.</p><p>Quản lý Bộ phận tiếp nhận và trả kết quả thủ tục hành chính, công tác văn thư, lưu trữ và Cổng thông tin điện tử thành phố.</p>",
     "<p>Advises and assists the People's Council and People's Committee, plans the leaders' work schedule, runs the one-stop service desk, the records and the city portal.</p>",
     "Chánh Văn phòng HĐND và UBND thành phố", "Chief of Office", "Lê Hoàng Phúc", "Phó Chánh Văn phòng", "Đỗ Thị Thu Hà"),
    ("Phòng Nội vụ", "Department of Home Affairs", "office", "02513.877.181", "02513.877.182", "noivu",
     "<p>Tham mưu về tổ chức bộ máy, biên chế, cán bộ, công chức, viên chức; cải cách hành chính và chính quyền phường, xã.</p><p>Quản lý nhà nước về thi đua, khen thưởng, tôn giáo, văn thư, lưu trữ và thanh niên trên địa bàn thành phố.</p>",
     "<p>Advises on organisation, staffing and civil servants, administrative reform, emulation and awards, religion and youth affairs.</p>",
     "Trưởng phòng Nội vụ", "Head of Department", "Phạm Văn Đức", "Phó Trưởng phòng Nội vụ", "Vũ Thị Ngọc Ánh"),
    ("Phòng Tư pháp", "Department of Justice", "office", "02513.877.185", "", "tuphap",
     "<p>Tham mưu về xây dựng, kiểm tra, rà soát văn bản quy phạm pháp luật; phổ biến, giáo dục pháp luật và hòa giải ở cơ sở.</p><p>Thực hiện chứng thực, hộ tịch, quốc tịch, bồi thường nhà nước và theo dõi thi hành pháp luật.</p>",
     "<p>Reviews local legal documents, promotes legal education and mediation, and handles certification and civil status matters.</p>",
     "Trưởng phòng Tư pháp", "Head of Department", "Huỳnh Văn Tâm", "Phó Trưởng phòng Tư pháp", "Ngô Thị Bích Ngọc"),
    ("Phòng Tài chính - Kế hoạch", "Department of Finance and Planning", "office", "02513.877.190", "02513.877.191", "taichinh",
     "<p>Tham mưu về tài chính, ngân sách, giá, kế hoạch phát triển kinh tế - xã hội và đầu tư công của thành phố.</p><p>Thẩm định dự toán, quyết toán ngân sách; cấp giấy chứng nhận đăng ký hộ kinh doanh, hợp tác xã.</p>",
     "<p>Advises on finance, the budget, prices, development plans and public investment; registers household businesses and cooperatives.</p>",
     "Trưởng phòng Tài chính - Kế hoạch", "Head of Department", "Trịnh Quốc Bảo", "Phó Trưởng phòng Tài chính - Kế hoạch", "Lâm Thị Mỹ Dung"),
    ("Phòng Tài nguyên và Môi trường", "Department of Natural Resources and Environment", "office", "02513.877.195", "02513.877.196", "tnmt",
     "<p>Tham mưu quản lý nhà nước về đất đai, tài nguyên nước, khoáng sản và bảo vệ môi trường trên địa bàn thành phố.</p><p>Lập quy hoạch, kế hoạch sử dụng đất; thẩm định hồ sơ giao đất, cho thuê đất, chuyển mục đích sử dụng đất và cấp giấy chứng nhận.</p>",
     "<p>Manages land, water, minerals and environmental protection; prepares land-use plans and land allocation and certificate files.</p>",
     "Trưởng phòng Tài nguyên và Môi trường", "Head of Department", "Đặng Minh Khoa", "Phó Trưởng phòng Tài nguyên và Môi trường", "Bùi Văn Lợi"),
    ("Phòng Quản lý đô thị", "Department of Urban Management", "office", "02513.877.200", "", "qldt",
     "<p>Tham mưu về quy hoạch xây dựng, kiến trúc, phát triển đô thị, hạ tầng kỹ thuật, giao thông và nhà ở.</p><p>Cấp giấy phép xây dựng theo phân cấp; kiểm tra trật tự xây dựng, chiếu sáng công cộng và cây xanh đô thị.</p>",
     "<p>Advises on urban planning, architecture, infrastructure, transport and housing; issues building permits and checks construction order.</p>",
     "Trưởng phòng Quản lý đô thị", "Head of Department", "Hồ Thanh Sơn", "Phó Trưởng phòng Quản lý đô thị", "Mai Xuân Trường"),
    ("Phòng Kinh tế", "Department of Economy", "office", "02513.877.205", "", "kinhte",
     "<p>Tham mưu về nông nghiệp, phát triển nông thôn, công nghiệp, thương mại và khoa học, công nghệ trên địa bàn thành phố.</p><p>Hỗ trợ phát triển vùng cây ăn trái đặc sản chôm chôm, sầu riêng, xây dựng thương hiệu và kết nối tiêu thụ nông sản.</p>",
     "<p>Advises on agriculture, rural development, industry, trade, science and technology, and supports the city's fruit growers and their brands.</p>",
     "Trưởng phòng Kinh tế", "Head of Department", "Cao Văn Thắng", "Phó Trưởng phòng Kinh tế", "Phan Thị Kim Oanh"),
    ("Phòng Văn hóa và Thông tin", "Department of Culture and Information", "office", "02513.877.210", "", "vhtt",
     "<p>Tham mưu về văn hóa, gia đình, thể dục, thể thao, du lịch, thông tin và truyền thông trên địa bàn thành phố.</p><p>Quản lý di tích, lễ hội, quảng cáo, dịch vụ internet và hướng dẫn phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”.</p>",
     "<p>Advises on culture, families, sport, tourism, information and communication; manages heritage sites, festivals and advertising.</p>",
     "Trưởng phòng Văn hóa và Thông tin", "Head of Department", "Lý Thị Hồng Nhung", "Phó Trưởng phòng Văn hóa và Thông tin", "Tạ Quang Vinh"),
    ("Phòng Giáo dục và Đào tạo", "Department of Education and Training", "office", "02513.877.215", "02513.877.216", "gddt",
     "<p>Tham mưu quản lý nhà nước về giáo dục mầm non, tiểu học và trung học cơ sở; xây dựng mạng lưới trường lớp và trường chuẩn quốc gia.</p><p>Tổ chức tuyển sinh, bồi dưỡng đội ngũ giáo viên và bảo đảm chất lượng giáo dục trên địa bàn thành phố.</p>",
     "<p>Manages pre-school, primary and lower-secondary education: the school network, enrolment, teacher training and quality.</p>",
     "Trưởng phòng Giáo dục và Đào tạo", "Head of Department", "Dương Văn Hiếu", "Phó Trưởng phòng Giáo dục và Đào tạo", "Châu Thị Thanh Tuyền"),
    ("Phòng Y tế", "Department of Health", "office", "02513.877.220", "", "yte",
     "<p>Tham mưu quản lý nhà nước về y tế dự phòng, khám bệnh, chữa bệnh, dược, an toàn thực phẩm và dân số trên địa bàn thành phố.</p><p>Theo dõi hoạt động của các trạm y tế phường, xã và phối hợp phòng, chống dịch bệnh.</p>",
     "<p>Advises on preventive medicine, health care, pharmacy, food safety and population, and follows the ward and commune health stations.</p>",
     "Trưởng phòng Y tế", "Head of Department", "Kiều Thị Phương Thảo", "Phó Trưởng phòng Y tế", "La Văn Hậu"),
    ("Thanh tra thành phố", "City Inspectorate", "office", "02513.877.225", "", "thanhtra",
     "<p>Tham mưu quản lý nhà nước về công tác thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo và phòng, chống tham nhũng.</p><p>Tiến hành thanh tra việc thực hiện chính sách, pháp luật, nhiệm vụ của các cơ quan, đơn vị thuộc thành phố.</p>",
     "<p>Inspects the city's agencies, receives citizens, handles complaints and denunciations and works against corruption.</p>",
     "Chánh Thanh tra thành phố", "Chief Inspector", "Tôn Thất Hưng", "Phó Chánh Thanh tra thành phố", "Nguyễn Thị Diễm"),
    ("Trung tâm Văn hóa - Thông tin - Thể thao", "Centre for Culture, Information and Sport", "service", "02513.877.230", "", "ttvhtt",
     "<p>Tổ chức các hoạt động văn hóa, văn nghệ, thể dục, thể thao và tuyên truyền phục vụ nhiệm vụ chính trị của thành phố.</p><p>Quản lý hệ thống truyền thanh cơ sở, thư viện và nhà văn hóa thành phố.</p>",
     "<p>Runs the city's cultural, artistic and sporting events, its public address network, library and culture house.</p>",
     "Giám đốc Trung tâm", "Director", "Võ Minh Nhựt", "Phó Giám đốc Trung tâm", "Trương Thị Lệ"),
    ("Ban Quản lý dự án đầu tư xây dựng", "Construction Investment Project Management Board", "service", "02513.877.235", "02513.877.236", "bqlda",
     "<p>Làm chủ đầu tư, quản lý các dự án đầu tư xây dựng sử dụng vốn ngân sách do Ủy ban nhân dân thành phố giao.</p><p>Tổ chức lựa chọn nhà thầu, giám sát thi công, nghiệm thu và bàn giao công trình đưa vào sử dụng.</p>",
     "<p>Manages the city's publicly funded construction projects, from contractor selection to supervision and hand-over.</p>",
     "Giám đốc Ban", "Director", "Lương Văn Chiến", "Phó Giám đốc Ban", "Hà Công Danh"),
]  # fmt: skip
# The 15 wards and communes, in their order, with their websites' hosts under DOMAIN.
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
# Each ward's or commune's chairman, in the order of WARDS.
WARD_CHAIRS = ["Nguyễn Thành Long", "Trần Văn Hải", "Lê Thị Mai", "Phạm Quốc Huy", "Hoàng Văn Nam",
               "Võ Thị Hạnh", "Đinh Công Thành", "Nguyễn Văn Lực", "Trần Minh Tuấn", "Lê Văn Sang",
               "Bùi Thị Thanh", "Phạm Văn Tài", "Nguyễn Hữu Phước", "Đoàn Văn Quý", "Lưu Thị Hoa"]  # fmt: skip
# (name, title, title_en, unit, phone, e-mail box)
LEADERS = [
    ("Nguyễn Văn Minh", "Chủ tịch UBND thành phố", "Chairman of the City People's Committee", UBND, "02513.877.100", "nvminh"),
    ("Trần Thị Lan", "Phó Chủ tịch UBND thành phố", "Vice Chairwoman of the City People's Committee", UBND, "02513.877.101", "ttlan"),
    ("Lê Quang Vinh", "Phó Chủ tịch UBND thành phố", "Vice Chairman of the City People's Committee", UBND, "02513.877.102", "lqvinh"),
    ("Phạm Đức Thịnh", "Phó Chủ tịch UBND thành phố", "Vice Chairman of the City People's Committee", UBND, "02513.877.103", "pdthinh"),
    ("Hoàng Văn Kiên", "Chủ tịch HĐND thành phố", "Chairman of the City People's Council", HDND, "02513.877.105", "hvkien"),
]  # fmt: skip

LK = "thành phố Long Khánh, tỉnh Đồng Nai"
# (title, title_en, body, body_en); the first is the top page, the others its children.
PAGES = [
    ("Giới thiệu chung", "About Long Khanh",
     "<p>Long Khánh là thành phố trực thuộc tỉnh Đồng Nai, nằm ở phía đông của tỉnh, trên giao điểm của Quốc lộ 1A và Quốc lộ 56, cách Thành phố Hồ Chí Minh khoảng 80 km.</p><p>Thành phố có diện tích tự nhiên khoảng 191 km², dân số khoảng 170.000 người, gồm 15 đơn vị hành chính: 11 phường và 4 xã.</p><p>Long Khánh nổi tiếng là vùng đất đỏ bazan với những vườn cây ăn trái đặc sản như chôm chôm, sầu riêng, măng cụt, bơ.</p>",
     "<p>Long Khanh is a city of Dong Nai Province, in the east of the province where National Roads 1A and 56 meet, about 80 km from Ho Chi Minh City.</p><p>It covers about 191 km² and has about 170,000 inhabitants in 15 administrative units: 11 wards and 4 communes.</p><p>Long Khanh is known for its red basalt soil and its orchards of rambutan, durian, mangosteen and avocado.</p>"),
    ("Lịch sử hình thành", "History",
     "<p>Vùng đất Long Khánh được khai phá từ lâu đời; trong hai cuộc kháng chiến, đây là địa bàn chiến lược án ngữ cửa ngõ phía đông của Sài Gòn.</p><p>Năm 2003, thị xã Long Khánh được thành lập trên cơ sở điều chỉnh địa giới hành chính huyện Long Khánh. Ngày 10 tháng 5 năm 2019, Ủy ban Thường vụ Quốc hội ban hành Nghị quyết 673/NQ-UBTVQH14 thành lập thành phố Long Khánh, có hiệu lực từ ngày 01 tháng 6 năm 2019.</p><p>Trên địa bàn còn lưu giữ nhiều di tích, tiêu biểu là Di tích quốc gia Mộ cự thạch Hàng Gòn.</p>",
     "<p>The land of Long Khanh was settled long ago; in both resistance wars it guarded the eastern gateway to Saigon.</p><p>Long Khanh town was founded in 2003. On 10 May 2019 the Standing Committee of the National Assembly passed Resolution 673/NQ-UBTVQH14 making it a city, in force from 1 June 2019.</p><p>Among its heritage sites is the Hang Gon megalithic tomb, a national monument.</p>"),
    ("Điều kiện tự nhiên", "Natural conditions",
     f"<p>Thành phố Long Khánh có diện tích tự nhiên khoảng 191 km², giáp các huyện Thống Nhất, Xuân Lộc và Cẩm Mỹ của tỉnh Đồng Nai.</p><p>Địa hình đồi thoải, phần lớn là đất đỏ bazan màu mỡ, thích hợp cho cây công nghiệp và cây ăn trái.</p><p>Khí hậu nhiệt đới gió mùa với hai mùa rõ rệt: mùa mưa từ tháng 5 đến tháng 11, mùa khô từ tháng 12 đến tháng 4 năm sau; nhiệt độ trung bình khoảng 26°C, ít chịu ảnh hưởng của bão, lũ. Đây là điều kiện thuận lợi cho sản xuất nông nghiệp của {LK}.</p>",
     "<p>Long Khanh covers about 191 km² and borders Thong Nhat, Xuan Loc and Cam My districts of Dong Nai Province.</p><p>Its gentle hills are mostly fertile red basalt soil, suited to industrial crops and fruit trees.</p><p>The tropical monsoon climate has a rainy season from May to November and a dry season from December to April, with an average temperature of about 26°C and few storms or floods.</p>"),
    ("Kinh tế - xã hội", "",
     "<p>Kinh tế thành phố phát triển theo hướng thương mại - dịch vụ, công nghiệp và nông nghiệp ứng dụng công nghệ cao. Vị trí trên Quốc lộ 1A và Quốc lộ 56 giúp Long Khánh trở thành trung tâm giao thương của khu vực phía đông tỉnh Đồng Nai.</p><p>Vùng cây ăn trái với chôm chôm, sầu riêng, măng cụt đã xây dựng được thương hiệu, nhiều vườn đạt chứng nhận VietGAP và mã số vùng trồng xuất khẩu; Lễ hội trái cây Long Khánh thu hút đông đảo du khách.</p><p>Hệ thống trường học, trạm y tế ở 15 phường, xã được đầu tư đồng bộ; đời sống vật chất và tinh thần của Nhân dân không ngừng được nâng lên.</p>",
     ""),
]  # fmt: skip
PAGE_SUMMARY = "Thành phố Long Khánh, tỉnh Đồng Nai: vị trí, diện tích, dân số, 15 phường, xã và thế mạnh cây ăn trái."

ROOM = "Phòng họp số 1, UBND thành phố"
# (weekday 0–4, time, content, place, participants, leaders as indices of LEADERS, recurring)
MEETING = (0, "07:30", "Họp giao ban Thường trực UBND thành phố", ROOM,
           "Chủ tịch, các Phó Chủ tịch UBND thành phố; Chánh Văn phòng HĐND và UBND thành phố", [0, 1, 2, 3], True)  # fmt: skip
WEEKS = [
    [MEETING,
     (0, "14:00", "Làm việc với Phòng Tài chính - Kế hoạch về tình hình thu, chi ngân sách quý", ROOM, "Trưởng phòng Tài chính - Kế hoạch; Chi cục Thuế khu vực", [0], False),
     (1, "08:00", "Tiếp công dân định kỳ", "Trụ sở Tiếp công dân thành phố", "Chánh Thanh tra thành phố; Trưởng phòng Tài nguyên và Môi trường", [0], False),
     (1, "14:00", "Kiểm tra tiến độ xây dựng Trường Tiểu học Bảo Vinh", "Phường Bảo Vinh", "Ban Quản lý dự án đầu tư xây dựng; Phòng Giáo dục và Đào tạo", [2], False),
     (2, "08:00", "Họp Ban chỉ đạo cải cách hành chính thành phố", "Phòng họp số 2, UBND thành phố", "Thành viên Ban chỉ đạo; Chủ tịch UBND các phường, xã", [1], False),
     (2, "14:00", "Dự họp trực tuyến với UBND tỉnh về giải ngân vốn đầu tư công", "Điểm cầu UBND thành phố", "Phòng Tài chính - Kế hoạch; Ban Quản lý dự án đầu tư xây dựng", [0, 3], False),
     (3, "08:00", "Kiểm tra công tác phòng, chống sốt xuất huyết tại xã Bảo Quang", "Xã Bảo Quang", "Phòng Y tế; Trung tâm Y tế thành phố", [1], False),
     (3, "14:00", "Họp Hội đồng bồi thường, hỗ trợ và tái định cư dự án đường vành đai", ROOM, "Phòng Tài nguyên và Môi trường; UBND phường Xuân Tân", [3], False),
     (4, "08:00", "Họp Thường trực HĐND thành phố chuẩn bị kỳ họp thường lệ", "Phòng họp HĐND thành phố", "Thường trực HĐND; các Ban HĐND thành phố", [4], False),
     (4, "14:00", "Làm việc với hợp tác xã cây ăn trái về xây dựng mã số vùng trồng", "Xã Bàu Trâm", "Phòng Kinh tế; UBND xã Bàu Trâm", [2], False)],
    [MEETING,
     (0, "14:00", "Họp thành viên UBND thành phố thường kỳ tháng", ROOM, "Thành viên UBND thành phố", [0, 1, 2, 3], False),
     (1, "08:00", "Kiểm tra trật tự xây dựng tại phường Xuân Lập", "Phường Xuân Lập", "Phòng Quản lý đô thị; UBND phường Xuân Lập", [3], False),
     (1, "14:00", "Làm việc với Phòng Nội vụ về công tác thi đua, khen thưởng", ROOM, "Trưởng phòng Nội vụ", [1], False),
     (2, "08:00", "Dự Hội nghị sơ kết công tác tuyển sinh năm học mới", "Hội trường Phòng Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo; hiệu trưởng các trường", [1], False),
     (2, "14:00", "Họp Ban Tổ chức Lễ hội trái cây Long Khánh", "Phòng họp số 2, UBND thành phố", "Phòng Văn hóa và Thông tin; Phòng Kinh tế; Trung tâm Văn hóa - Thông tin - Thể thao", [2], False),
     (3, "07:30", "Tiếp xúc cử tri phường Xuân Trung", "Nhà văn hóa phường Xuân Trung", "Đại biểu HĐND thành phố; UBND phường Xuân Trung", [4], False),
     (3, "14:00", "Làm việc với UBND xã Hàng Gòn về bảo tồn di tích Mộ cự thạch Hàng Gòn", "Xã Hàng Gòn", "Phòng Văn hóa và Thông tin; UBND xã Hàng Gòn", [2], False),
     (4, "08:00", "Tiếp công dân định kỳ", "Trụ sở Tiếp công dân thành phố", "Chánh Thanh tra thành phố", [0], False),
     (4, "14:00", "Nghe báo cáo tình hình kinh tế - xã hội tháng", ROOM, "Thủ trưởng các phòng, ban chuyên môn", [0, 1, 2, 3], False)],
]  # fmt: skip


def email(box):
    return f"{box}@{DOMAIN}"


def load_units():
    """The units and their people, unless the People's Committee exists."""
    if Unit.objects.filter(slug=slugify_vi(UBND)).exists():
        return 0
    units = {}
    for position, (name, name_en, phone, box, duties, duties_en) in enumerate(LEADERSHIP):
        units[name] = Unit.objects.create(
            name=name, kind=Unit.Kind.LEADERSHIP, name_en=name_en, duties=duties,
            duties_en=duties_en, address=ADDRESS, address_en=ADDRESS_EN, phone=phone,
            email=email(box), position=position,
            website="https://longkhanh.dongnai.gov.vn/" if name == UBND else "",
        )  # fmt: skip
    root = units[UBND]
    people = [
        Person(name=name, title=title, title_en=title_en, unit=units[unit], phone=phone,
               email=email(box), is_leader=True, position=n)
        for n, (name, title, title_en, unit, phone, box) in enumerate(LEADERS)
    ]  # fmt: skip
    position = 0
    for (name, name_en, kind, phone, fax, box, duties, duties_en,
         head_title, head_title_en, head, deputy_title, deputy) in OFFICES:  # fmt: skip
        unit = Unit.objects.create(
            parent=root, name=name, kind=kind, name_en=name_en, duties=duties,
            duties_en=duties_en, address=OFFICE_ADDRESS, phone=phone, fax=fax,
            email=email(box), position=position,
            address_en=f"City administrative area, {ADDRESS_EN}" if name == VP else "",
        )  # fmt: skip
        position += 1
        units[name] = unit
        people += [
            Person(name=head, title=head_title, title_en=head_title_en, unit=unit, phone=phone,
                   email=email(box), is_contact_point=name == VP, position=0),
            Person(name=deputy, title=deputy_title, unit=unit, phone=phone, position=1),
        ]  # fmt: skip
    people.append(
        Person(name="Lý Thị Kim Chi", title="Chuyên viên Văn phòng HĐND và UBND thành phố, phụ trách cung cấp thông tin",
               title_en="Information officer", unit=units[VP], phone="02513.877.174",
               email=email("cungcapthongtin"), is_contact_point=True, position=2)
    )  # fmt: skip
    for n, ((name, host), chair) in enumerate(zip(WARDS, WARD_CHAIRS, strict=True)):
        ward = name.startswith("Phường")
        place = fold(name.split(" ", 1)[1])
        local = name[0].lower() + name[1:]  # "phường Xuân An": the name keeps its capitals
        phone = f"02513.8{60 + n:02d}.{120 + 7 * n:03d}"
        unit = Unit.objects.create(
            parent=root, name=name, kind=Unit.Kind.WARD, position=position + n,
            name_en=f"{place} {'Ward' if ward else 'Commune'}",
            duties=f"<p>Ủy ban nhân dân {local} là cơ quan hành chính nhà nước ở cơ sở, tổ chức thi hành pháp luật và quản lý dân cư, đất đai, trật tự xây dựng trên địa bàn.</p><p>Tiếp nhận, giải quyết thủ tục hành chính về hộ tịch, chứng thực, đất đai cho người dân tại Bộ phận một cửa.</p>",
            duties_en=f"<p>The People's Committee of {place} {'Ward' if ward else 'Commune'} administers its area and handles civil status, certification and land procedures at its one-stop desk.</p>",
            address=f"Trụ sở UBND {local}, {LK}", phone=phone,
            email=email(f"ubnd.{host}"), website=f"https://{host}.{DOMAIN}/",
        )  # fmt: skip
        people.append(
            Person(name=chair, title=f"Chủ tịch UBND {local}", unit=unit, phone=phone,
                   title_en=f"{'Chairwoman' if ' Thị ' in chair else 'Chairman'} of the {place} {'Ward' if ward else 'Commune'} People's Committee")
        )  # fmt: skip
    for person in people:  # one by one: save() fills the search key
        person.save()
    return len(units) + len(WARDS) + len(people)


def load_pages():
    """The introduction pages, unless the top one exists."""
    top_title, *_ = PAGES[0]
    if Page.objects.filter(slug=slugify_vi(top_title)).exists():
        return 0
    published_at = (timezone.now() - datetime.timedelta(days=1)).replace(microsecond=0)
    parent = None
    for n, (title, title_en, body, body_en) in enumerate(PAGES):
        page = Page.objects.create(
            parent=parent, title=title, title_en=title_en, body=body, body_en=body_en,
            summary=PAGE_SUMMARY if parent is None else "", in_menu=parent is None,
            position=max(n - 1, 0), status=Status.PUBLISHED, published_at=published_at,
        )  # fmt: skip
        parent = parent or page
    return len(PAGES)


def load_schedule():
    """The schedule of this week and the last, each unless that week exists."""
    leaders = {p.name: p for p in Person.objects.filter(is_leader=True)}
    leaders = [leaders.get(name) for name, *_ in LEADERS]
    this_monday = monday_of(timezone.localdate())
    created = 0
    for weeks_back, entries in enumerate(WEEKS):
        monday = this_monday - datetime.timedelta(days=7 * weeks_back)
        if Week.objects.filter(starts_on=monday).exists():
            continue
        week = Week.objects.create(starts_on=monday, status=Status.DRAFT)  # entries not "changed"
        with week.entries_kept_once():  # its version and search entry once, not per entry
            for weekday, time, content, place, participants, who, recurring in entries:
                entry = Entry.objects.create(
                    week=week, day=monday + datetime.timedelta(days=weekday),
                    starts_at=datetime.time.fromisoformat(time), content=content, place=place,
                    participants=participants, preparer=VP, recurring=recurring,
                )  # fmt: skip
                entry.leaders.set([leaders[i] for i in who if leaders[i] is not None])
        week.status = Status.PUBLISHED
        # Published on the Friday before, at 16:00, as the office does: newer weeks later.
        friday = timezone.make_aware(
            datetime.datetime.combine(monday - datetime.timedelta(days=3), datetime.time(16))
        )
        week.published_at = min(friday, timezone.now().replace(microsecond=0))
        week.save()
        created += 1 + len(entries)
    return created


def load():
    """Creates the units and people, the pages and the schedule, each part unless it exists;
    returns how many rows were created."""
    return load_units() + load_pages() + load_schedule()
