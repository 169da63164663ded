"""KR deadlines as iCalendar feeds, a person's and a unit's, read back with a real iCalendar library the way
a calendar application subscribed with ``?token=`` reads them."""
from __future__ import annotations

import datetime as dt

import icalendar
from sqlalchemy import update

from okrcoach.storage import models as m

from ..factories import counting, make_objective
from .test_objectives import error

DUE = dt.date(2026, 12, 10)
CYCLE_END = dt.date(2026, 12, 31)


def feed(api, people, url: str, reader: str = "lin", **params) -> dict[str, icalendar.Event]:
    """The feed's events by summary, fetched as a calendar application does (the token in the address)."""
    r = api.anonymous().get(f"/api/v1{url}", params={"token": people.tokens[reader], **params})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/calendar")
    return {str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical(r.content).walk("VEVENT")}


def reminders(event: icalendar.Event) -> list[int]:
    """How many days before the event each of its reminders goes off, largest first."""
    return sorted((-a.decoded("TRIGGER").days for a in event.walk("VALARM")), reverse=True)


def test_a_persons_feed_has_their_kr_on_its_due_date_with_progress_reminders_and_a_link(api, database, people):
    o = make_objective(database, people, "lin", title="取得二类注册证",
                       krs=[dict(title="提交注册申报资料", kind="metric", start=0, target=10, current=4, due=DUE)])
    events = feed(api, people, "/people/lin/calendar.ics")
    assert list(events) == ["KR 截止:提交注册申报资料"]
    event = events["KR 截止:提交注册申报资料"]
    assert event.decoded("DTSTART") == DUE and event.decoded("DTEND") == DUE + dt.timedelta(days=1)
    assert str(event["UID"]) == f"kr-{o.kr_ids[0]}@okrcoach"
    assert reminders(event) == [7, 1]
    description = str(event["DESCRIPTION"])
    assert "目标:取得二类注册证" in description and "负责人:林工" in description and "进度:40%" in description
    assert f"http://testserver/objectives/{o.id}" in description and str(event["URL"]).endswith(f"/objectives/{o.id}")
    assert sorted(str(a["DESCRIPTION"]) for a in event.walk("VALARM")) == [
        "KR 截止:提交注册申报资料(还有 1 天)", "KR 截止:提交注册申报资料(还有 7 天)"]
    assert list(feed(api, people, "/people/me/calendar.ics")) == ["KR 截止:提交注册申报资料"]


def test_a_person_gets_the_krs_they_own_elsewhere_and_every_kr_of_their_objectives(api, database, people):
    make_objective(database, people, "mei", title="质量体系换证", visibility="public",
                   krs=[dict(title="林工负责的内审", owner="lin", due=DUE), dict(title="梅经理自己的", due=DUE)])
    make_objective(database, people, "lin", title="我的目标", krs=[dict(title="交给 Sam 的一项", owner="sam", due=DUE)])
    make_objective(database, people, "sam", title="Sam 的目标", krs=[dict(title="与林工无关", due=DUE)])
    assert set(feed(api, people, "/people/lin/calendar.ics")) == {"KR 截止:林工负责的内审", "KR 截止:交给 Sam 的一项"}
    owner = str(feed(api, people, "/people/lin/calendar.ics")["KR 截止:交给 Sam 的一项"]["DESCRIPTION"])
    assert "负责人:Sam" in owner


def test_a_kr_without_a_due_date_is_on_the_cycles_last_day_and_says_so(api, database, people):
    make_objective(database, people, "lin", krs=[dict(title="没有截止日的 KR")])
    event = feed(api, people, "/people/lin/calendar.ics")["KR 截止:没有截止日的 KR"]
    assert event.decoded("DTSTART") == CYCLE_END
    assert "KR 未设截止日,取周期 2026-Q4 的结束日" in str(event["DESCRIPTION"])


def test_closed_objectives_and_closed_cycles_are_history_not_deadlines(api, database, people):
    make_objective(database, people, "lin", status="closed", krs=[dict(title="已关闭目标的 KR", due=DUE)])
    make_objective(database, people, "lin", status="draft", krs=[dict(title="草稿目标的 KR", due=DUE)])
    with database.session() as s:
        old = m.Cycle(org_id=people.org_id, name="2026-Q3", kind="quarter", start_date=dt.date(2026, 7, 1),
                      end_date=dt.date(2026, 9, 30), state="closed")
        s.add(old)
        s.flush()
        old_id = old.id
    make_objective(database, people, "lin", cycle_id=old_id, krs=[dict(title="上季度的 KR", due=dt.date(2026, 9, 1))])
    assert list(feed(api, people, "/people/lin/calendar.ics")) == ["KR 截止:草稿目标的 KR"]


def test_a_units_feed_has_its_subtrees_krs_and_not_a_sibling_units(api, database, people):
    make_objective(database, people, None, unit="qa", title="质量部目标", krs=[dict(title="质量部的 KR", due=DUE)])
    make_objective(database, people, "lin", title="注册组目标", krs=[dict(title="注册组的 KR", due=DUE)])
    make_objective(database, people, "sam", title="销售目标", krs=[dict(title="销售部的 KR", due=DUE)])
    events = feed(api, people, "/units/qa/calendar.ics", reader="mei")
    assert set(events) == {"KR 截止:质量部的 KR", "KR 截止:注册组的 KR"}
    assert "负责人:质量部" in str(events["KR 截止:质量部的 KR"]["DESCRIPTION"])
    assert set(feed(api, people, "/units/qa-reg/calendar.ics", reader="mei")) == {"KR 截止:注册组的 KR"}
    assert set(feed(api, people, "/units/hk/calendar.ics", reader="ada")) == {
        "KR 截止:质量部的 KR", "KR 截止:注册组的 KR", "KR 截止:销售部的 KR"}


def test_a_private_objective_appears_only_to_those_who_may_read_it(api, database, people):
    make_objective(database, people, "lin", visibility="private", krs=[dict(title="林工的私人 KR", due=DUE)])
    make_objective(database, people, "sam", visibility="private", krs=[dict(title="Sam 的私人 KR", due=DUE)])
    assert set(feed(api, people, "/people/lin/calendar.ics", reader="lin")) == {"KR 截止:林工的私人 KR"}
    assert set(feed(api, people, "/people/lin/calendar.ics", reader="mei")) == {"KR 截止:林工的私人 KR"}
    assert feed(api, people, "/people/lin/calendar.ics", reader="sam") == {}
    assert feed(api, people, "/people/sam/calendar.ics", reader="lin") == {}
    assert set(feed(api, people, "/units/hk/calendar.ics", reader="lin")) == {"KR 截止:林工的私人 KR"}
    assert set(feed(api, people, "/units/hk/calendar.ics", reader="ada")) == {"KR 截止:林工的私人 KR",
                                                                              "KR 截止:Sam 的私人 KR"}


def test_the_feed_speaks_english_when_asked_or_when_the_reader_reads_english(api, database, people):
    make_objective(database, people, "lin", title="取得二类注册证", krs=[dict(title="提交注册申报资料", due=DUE)])
    event = feed(api, people, "/people/lin/calendar.ics", lang="en")["KR due: 提交注册申报资料"]
    assert "Objective: 取得二类注册证" in str(event["DESCRIPTION"]) and "Progress: 0%" in str(event["DESCRIPTION"])
    assert sorted(str(a["DESCRIPTION"]) for a in event.walk("VALARM")) == [
        "KR due: 提交注册申报资料 (in 1 day)", "KR due: 提交注册申报资料 (in 7 days)"]
    with database.session() as s:
        s.execute(update(m.Person).where(m.Person.id == people.ids["mei"]).values(locale="en"))
    assert list(feed(api, people, "/people/lin/calendar.ics", reader="mei")) == ["KR due: 提交注册申报资料"]
    assert list(feed(api, people, "/people/lin/calendar.ics", reader="mei", lang="zh")) == ["KR 截止:提交注册申报资料"]


def test_reminders_follow_days_and_bad_parameters_are_a_422_naming_them(api, database, people):
    make_objective(database, people, "lin", krs=[dict(title="提交注册申报资料", due=DUE)])
    event = feed(api, people, "/people/lin/calendar.ics", days="14,3,0")["KR 截止:提交注册申报资料"]
    assert reminders(event) == [14, 3, 0]
    assert "KR 截止:提交注册申报资料(今天截止)" in {str(a["DESCRIPTION"]) for a in event.walk("VALARM")}
    token = {"token": people.tokens["lin"]}
    url = "/api/v1/people/lin/calendar.ics"
    error(api.anonymous().get(url, params={**token, "days": "abc"}), 422, "invalid", "days")
    error(api.anonymous().get(url, params={**token, "days": "-1"}), 422, "invalid", "days")
    error(api.anonymous().get("/api/v1/units/qa/calendar.ics", params={**token, "days": "7,x"}), 422, "invalid",
          "days")
    error(api.anonymous().get(url, params={**token, "lang": "fr"}), 422, "invalid", "lang")


def test_unknown_people_and_units_are_a_404_and_a_missing_token_a_401(api, people):
    token = {"token": people.tokens["lin"]}
    error(api.anonymous().get("/api/v1/people/nobody/calendar.ics", params=token), 404, "not_found")
    error(api.anonymous().get("/api/v1/units/nowhere/calendar.ics", params=token), 404, "not_found")
    error(api.anonymous().get("/api/v1/people/lin/calendar.ics"), 401, "not_authenticated", "token")
    error(api.anonymous().get("/api/v1/units/qa/calendar.ics", params={"token": "okr_wrong"}), 401,
          "not_authenticated")
    assert api.as_("lin").get("/api/v1/units/qa/calendar.ics").status_code == 200   # a header works too


def test_the_uid_is_stable_and_a_changed_due_date_moves_the_event(api, database, people):
    o = make_objective(database, people, "lin", krs=[dict(title="提交注册申报资料", kind="milestone", due=DUE)])
    first = feed(api, people, "/people/lin/calendar.ics")["KR 截止:提交注册申报资料"]
    again = feed(api, people, "/people/lin/calendar.ics")["KR 截止:提交注册申报资料"]
    assert str(first["UID"]) == str(again["UID"]) == f"kr-{o.kr_ids[0]}@okrcoach"
    r = api.as_("lin").patch(f"/api/v1/key-results/{o.kr_ids[0]}", json={"due": "2026-12-20"},
                             headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    moved = feed(api, people, "/people/lin/calendar.ics")["KR 截止:提交注册申报资料"]
    assert str(moved["UID"]) == str(first["UID"]) and moved.decoded("DTSTART") == dt.date(2026, 12, 20)


def test_a_units_feed_takes_as_many_queries_for_many_krs_as_for_one(api, database, people):
    make_objective(database, people, "lin", krs=[dict(title="唯一的 KR", due=DUE)])
    url, token = "/api/v1/units/qa/calendar.ics", {"token": people.tokens["mei"]}
    api.anonymous().get(url, params=token)   # the token's first use is recorded once, after the response
    with counting(database) as one:
        assert api.anonymous().get(url, params=token).status_code == 200
    for n in range(3):
        make_objective(database, people, "lin", title=f"目标 {n}",
                       krs=[dict(title=f"KR {n}.{i}", due=DUE, owner="mei") for i in range(4)])
    with counting(database) as many:
        r = api.anonymous().get(url, params=token)
    assert len(icalendar.Calendar.from_ical(r.content).walk("VEVENT")) == 13
    assert len(many) == len(one)
