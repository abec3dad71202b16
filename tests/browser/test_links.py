"""The ward and commune picker (the organisation's wards, organisation_tags.ward_picker) and the
link blocks in a real browser, without JavaScript."""


def test_the_picker_takes_a_resident_to_their_ward_without_javascript(site, new_page):
    page = new_page(javascript=False)
    arrived = []

    def ward_site(route):  # answered here: tests never leave this machine
        arrived.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Bảo Vinh</title>")

    page.route("https://baovinh.longkhanh.dongnai.gov.vn/**", ward_site)
    page.goto(site + "/")
    block = page.locator(
        "section.links", has=page.get_by_role("heading", name="Website Xã - Phường")
    )
    block.get_by_label("Chọn một phường, xã để đến trang web của phường, xã đó").select_option(
        label="Phường Bảo Vinh"
    )
    block.get_by_role("button", name="Đi").click()
    page.wait_for_url("https://baovinh.longkhanh.dongnai.gov.vn/")
    assert arrived == ["https://baovinh.longkhanh.dongnai.gov.vn/"]


def test_related_sites_open_in_a_new_tab_and_say_so(site, page):
    page.goto(site + "/")
    link = page.get_by_role("link", name="Cổng Dịch vụ công quốc gia (mở trong thẻ mới)")
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener noreferrer"
