"""Voting in a real browser, without JavaScript, and reading the results."""

from polls.models import Poll, Vote
from tests.browser.conftest import axe_report


def test_a_resident_votes_without_javascript_and_reads_the_results(site, new_page):
    page = new_page(javascript=False)
    page.goto(site + "/")
    poll = page.locator("aside section.poll")
    assert poll.get_by_role("heading", name="Thăm dò ý kiến").is_visible()
    good = poll.get_by_label("Tốt", exact=True)
    good.check()
    good_id = good.get_attribute("value")
    poll.get_by_role("button", name="Bình chọn").click()

    assert page.url.endswith("/ket-qua/")
    assert page.locator(".message").text_content() == "Cảm ơn bạn đã bình chọn!"
    row = page.locator(f'[data-choice="{good_id}"]')
    assert row.get_attribute("data-votes") == "1"
    assert row.locator(".poll-results__numbers").text_content() == "1 phiếu (100,0%)"
    assert page.locator(".poll-results__total").text_content() == "Tổng số: 1 phiếu bình chọn."
    # axe runs inside the page, so it needs JavaScript: scan the same results in another page.
    scanned = new_page()
    scanned.goto(page.url)
    report = axe_report(scanned)
    assert report == "", report

    # The same browser again: politely refused, nothing counted.
    page.goto(site + "/")
    page.locator("aside section.poll").get_by_label("Chưa tốt").check()
    page.locator("aside section.poll").get_by_role("button", name="Bình chọn").click()
    assert "Bạn đã bình chọn trong cuộc thăm dò này rồi" in page.locator(".message").text_content()
    assert Vote.objects.count() == 1
    assert Vote.objects.get().choice.text == "Tốt"
    assert Poll.objects.get().is_open
