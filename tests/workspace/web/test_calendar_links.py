"""The "subscribe to calendar" line on My OKRs and on a unit's dashboard: the address of the KR deadline feed."""
from __future__ import annotations

from .test_pages import sign_in


def test_my_okrs_and_the_unit_dashboard_show_the_address_of_their_kr_deadline_feed(browser, people):
    sign_in(browser, "lin")
    page = browser.get("/my").text
    assert "订阅日历" in page
    assert "http://testserver/api/v1/people/lin/calendar.ics?token=YOUR-API-TOKEN" in page
    unit = browser.get(f"/units/{people.units['qa-reg']}").text
    assert "http://testserver/api/v1/units/qa-reg/calendar.ics?token=YOUR-API-TOKEN" in unit


def test_the_feed_line_reads_english_for_an_english_reader(browser, people):
    sign_in(browser, "lin")
    browser.cookies.set("okr_lang", "en")
    assert "Subscribe to calendar" in browser.get("/my").text
