"""Notifications end to end: events in the workspace become notices in the outbox, and a scheduler
delivers them to a real SMTP server and a real HTTP robot on 127.0.0.1, with retries, a delivery log,
and never twice, on SQLite and PostgreSQL.

The clock is frozen at Friday 27 November 2026, 10:05 in Shanghai (the default reminder time is
Friday 10:00), in week 9 of 2026-Q4.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import threading

import pytest
from sqlalchemy import func, select

from okrcoach.notifications.channels import SmtpConfig
from okrcoach.notifications.scheduler import Scheduler
from okrcoach.services import applications, certificates, notification_settings, objectives
from okrcoach.settings import Settings
from okrcoach.storage import models as m
from okrcoach.workspace.errors import Blocked
from tests.local_servers import running_mailbox, running_receiver, text_of

from .factories import act, make_check_in, make_objective

FRIDAY_1005 = dt.datetime(2026, 11, 27, 2, 5, tzinfo=dt.timezone.utc)    # 10:05 in Asia/Shanghai


@pytest.fixture
def mailbox():
    with running_mailbox() as box:
        yield box


@pytest.fixture
def robot():
    with running_receiver() as r:
        yield r


class Clock:
    def __init__(self, at: dt.datetime):
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **kwargs) -> None:
        self.at += dt.timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock(FRIDAY_1005)


@pytest.fixture
def scheduler(tmp_path, database, mailbox, clock):
    settings = Settings(data_dir=tmp_path, database_url=database.url, base_url="https://okr.huakang.test",
                        smtp=SmtpConfig(host=mailbox.host, port=mailbox.port, from_addr="okr@huakang.test", security="none"))
    database.sessions.configure(info={"notify_email": True})
    yield Scheduler(database, settings, clock=clock, name="test-1")
    database.sessions.configure(info={})


def add_channel(database, people, kind: str, address: str, *, unit: str = "qa", secret: str | None = None,
                kinds: list[str] | None = None, lang: str = "zh") -> int:
    data = {"kind": kind, "address": address, "secret": secret, "name": f"{unit}-{kind}", "lang": lang}
    if kinds is not None:
        data["kinds"] = kinds
    return act(database, people, "mei", lambda s, a: notification_settings.create_channel(
        s, actor=a, unit_key=unit, data=data).id)


def on_track_krs() -> list[dict]:
    """A KR well ahead of the cycle, checked in this week: nothing to remind of, nothing at risk."""
    return [{"title": "完成 3 项注册申报", "start": 0, "target": 3, "current": 3, "confidence": 0.9,
             "checked_in_at": FRIDAY_1005 - dt.timedelta(days=1)}]


def log(database) -> list[m.Notification]:
    with database.session() as s:
        return list(s.scalars(select(m.Notification).order_by(m.Notification.id)))


# --- review requests and decisions ----------------------------------------------------------------

def test_submitting_for_review_emails_the_manager_and_a_decision_emails_the_owner(database, people, scheduler,
                                                                                 mailbox):
    made = make_objective(database, people, "lin", status="draft", title="完成二类医疗器械注册证申报",
                          krs=on_track_krs())
    act(database, people, "lin", lambda s, a: objectives.transition(s, actor=a, objective_id=made.id,
                                                                    to="in_review"))
    assert scheduler.run_once().sent == 1
    [request] = mailbox.to("mei@huakang.test")
    assert request["Subject"] == "【OKR】请审核目标:完成二类医疗器械注册证申报"
    assert f"https://okr.huakang.test/objectives/{made.id}" in text_of(request)

    act(database, people, "mei", lambda s, a: objectives.transition(s, actor=a, objective_id=made.id, to="draft",
                                                                    note="KR2 不可衡量"))
    scheduler.run_once()
    [decision] = mailbox.to("lin@huakang.test")
    assert decision["Subject"] == "【OKR】目标被退回修改:完成二类医疗器械注册证申报"
    assert "KR2 不可衡量" in text_of(decision)


def test_a_person_who_reads_english_gets_the_notice_in_english(database, people, scheduler, mailbox):
    with database.session() as s:
        s.get(m.Person, people.ids["mei"]).locale = "en"
    made = make_objective(database, people, "lin", status="draft", title="Pass the ISO 13485 audit",
                          krs=on_track_krs())
    act(database, people, "lin", lambda s, a: objectives.transition(s, actor=a, objective_id=made.id,
                                                                    to="in_review"))
    scheduler.run_once()
    [request] = mailbox.to("mei@huakang.test")
    assert request["Subject"] == "Review requested: Pass the ISO 13485 audit"


def test_a_transition_that_is_refused_queues_nothing(database, people, scheduler):
    made = make_objective(database, people, "lin", status="draft", krs=[])   # no KR: an error-level finding
    with pytest.raises(Blocked):
        act(database, people, "lin", lambda s, a: objectives.transition(s, actor=a, objective_id=made.id,
                                                                        to="in_review"))
    assert log(database) == []


# --- check-in reminders ------------------------------------------------------------------------------

def test_the_weekly_reminder_lists_the_krs_not_checked_in_and_is_sent_once(database, people, scheduler, mailbox,
                                                                           clock):
    make_objective(database, people, "lin", title="缩短注册审评周期",
                   krs=[{"title": "发补答复平均用时降到 10 天", "start": 20, "target": 10, "direction": "down",
                         "current": 15, "confidence": 0.8}, *on_track_krs()])
    clock.at = FRIDAY_1005 - dt.timedelta(hours=2)           # 08:05: before the reminder time
    scheduler.run_once()
    assert mailbox.to("lin@huakang.test") == []
    clock.at = FRIDAY_1005
    scheduler.run_once()
    scheduler.run_once()
    [reminder] = mailbox.to("lin@huakang.test")
    assert reminder["Subject"] == "【OKR】请更新本周进度(1 个关键结果)"
    body = text_of(reminder)
    assert "发补答复平均用时降到 10 天" in body and "完成 3 项注册申报" not in body


def test_a_person_who_switched_reminders_off_gets_none(database, people, scheduler, mailbox):
    make_objective(database, people, "lin", krs=[{"title": "完成 2 项注册", "start": 0, "target": 2, "current": 1,
                                                  "confidence": 0.8}])
    act(database, people, "lin", lambda s, a: notification_settings.update_preferences(
        s, actor=a, changes={"checkin_cadence": "off"}))
    scheduler.run_once()
    assert mailbox.to("lin@huakang.test") == []


def test_a_reminder_follows_the_persons_own_weekday_and_hour(database, people, scheduler, mailbox, clock):
    make_objective(database, people, "lin", krs=[{"title": "完成 2 项注册", "start": 0, "target": 2, "current": 1,
                                                  "confidence": 0.8}])
    act(database, people, "lin", lambda s, a: notification_settings.update_preferences(
        s, actor=a, changes={"checkin_weekday": 5, "checkin_hour": 9}))    # Saturday 09:00
    scheduler.run_once()
    assert mailbox.to("lin@huakang.test") == []
    clock.advance(days=1)                                                    # Saturday 10:05
    scheduler.run_once()
    assert len(mailbox.to("lin@huakang.test")) == 1


# --- at risk, to a unit's robot --------------------------------------------------------------------

def test_an_objective_falling_behind_is_told_to_the_units_dingtalk_robot_once_and_again_when_it_recovers(
        database, people, scheduler, robot):
    secret = "SEC-test-signing-secret"
    add_channel(database, people, "dingtalk", robot.url("/robot/send?access_token=qa"), secret=secret,
                kinds=["at_risk", "back_on_track"])
    made = make_objective(database, people, "lin", title="完成三款设备注册",
                          krs=[{"title": "取得 3 张注册证", "start": 0, "target": 3, "current": 1, "confidence": 0.3,
                                "checked_in_at": FRIDAY_1005}])
    scheduler.run_once()
    scheduler.run_once()
    [told] = robot.received
    payload = told.json()
    assert payload["msgtype"] == "markdown" and "目标有风险" in payload["markdown"]["title"]
    expected = base64.b64encode(hmac.new(secret.encode(), f"{told.query['timestamp']}\n{secret}".encode(),
                                         hashlib.sha256).digest()).decode()
    assert told.query["sign"] == expected

    make_check_in(database, people, made.kr_ids[0], value=3, confidence=0.9)
    scheduler.run_once()
    assert len(robot.received) == 2 and "已回到正轨" in robot.received[1].json()["markdown"]["title"]


def test_a_parent_units_channel_hears_of_its_teams_and_a_sibling_units_does_not(database, people, scheduler,
                                                                                 robot):
    add_channel(database, people, "webhook", robot.url("/qa"), kinds=["at_risk"])
    with database.session() as s:
        s.add(m.NotificationChannel(org_id=people.org_id, unit_id=people.units["sales"], name="sales", kind="webhook",
                                    address=robot.url("/sales"), kinds=["at_risk"], lang="zh"))
    make_objective(database, people, "lin", unit="qa-reg",
                   krs=[{"title": "取得 3 张注册证", "start": 0, "target": 3, "current": 0, "confidence": 0.2}])
    scheduler.run_once()
    assert [r.path for r in robot.received] == ["/qa"]


# --- qualification deadlines ---------------------------------------------------------------------------

def test_a_certificate_expiring_within_30_days_alerts_its_owner_and_the_units_robot_once(
        database, people, scheduler, mailbox, robot):
    add_channel(database, people, "wecom", robot.url("/cgi-bin/webhook/send?key=qa"),
                kinds=["certificate_expiry", "response_due"])
    act(database, people, "mei", lambda s, a: certificates.create(s, actor=a, data={
        "category": "iso_13485", "name": "ISO 13485 质量管理体系认证", "number": "CN-13485-001",
        "issued_on": dt.date(2023, 12, 20), "expires_on": dt.date(2026, 12, 20), "unit_id": people.units["qa"],
        "owner_id": people.ids["mei"]}))
    scheduler.run_once()
    scheduler.run_once()
    [mail] = mailbox.to("mei@huakang.test")
    assert "ISO 13485 质量管理体系认证" in mail["Subject"] and "2026年12月20日" in text_of(mail)
    [told] = robot.received
    assert told.json()["msgtype"] == "markdown" and "ISO 13485" in told.json()["markdown"]["content"]


def test_an_answer_to_reviewers_coming_due_is_alerted_until_it_is_given(database, people, scheduler, mailbox):
    def work(s, a):
        c = certificates.create(s, actor=a, data={"category": "medical_device_registration", "held": False,
                                                  "name": "二类注册证 血糖仪", "unit_id": people.units["qa"]})
        return applications.create(s, actor=a, certificate_id=c.id, kind="new", title="血糖仪注册申请",
                                   owner_id=people.ids["lin"], today=FRIDAY_1005.date()).id
    application_id = act(database, people, "mei", work)
    with database.session() as s:
        s.add(m.FeedbackItem(application_id=application_id, summary="补充临床评价资料",
                             received_on=dt.date(2026, 11, 20), response_due=dt.date(2026, 11, 30)))
    scheduler.run_once()
    [mail] = mailbox.to("lin@huakang.test")
    assert "血糖仪注册申请" in mail["Subject"] and "补充临床评价资料" in text_of(mail)


# --- retries, the log, and never twice ---------------------------------------------------------------

def test_a_failing_robot_is_retried_with_backoff_and_every_try_is_logged(database, people, scheduler, robot, clock):
    add_channel(database, people, "webhook", robot.url("/hook"), kinds=["at_risk"])
    make_objective(database, people, "lin", krs=[{"title": "取得 3 张注册证", "start": 0, "target": 3, "current": 0,
                                                  "confidence": 0.2}])
    robot.answer(500, {"error": "down"})
    assert scheduler.run_once().retried == 1
    scheduler.run_once()                                        # not due yet: the backoff holds it
    assert len(robot.received) == 1
    robot.answer(200, {"ok": True})
    clock.advance(minutes=1, seconds=1)
    scheduler.run_once()
    assert len(robot.received) == 2
    [n] = [n for n in log(database) if n.recipient.startswith("channel:")]
    assert (n.status, n.attempts) == ("sent", 2)
    with database.session() as s:
        tries = list(s.scalars(select(m.DeliveryAttempt).where(m.DeliveryAttempt.notification_id == n.id)
                               .order_by(m.DeliveryAttempt.id)))
    assert [t.outcome for t in tries] == ["retry", "sent"] and "500" in tries[0].error


def test_a_refusal_that_retrying_cannot_fix_fails_at_once(database, people, scheduler, robot):
    add_channel(database, people, "dingtalk", robot.url("/robot/send?access_token=x"), secret="SEC-x",
                kinds=["at_risk"])
    make_objective(database, people, "lin", krs=[{"title": "取得 3 张注册证", "start": 0, "target": 3, "current": 0,
                                                  "confidence": 0.2}])
    robot.answer(200, {"errcode": 310000, "errmsg": "sign not match"})
    assert scheduler.run_once().failed == 1
    [n] = [n for n in log(database) if n.recipient.startswith("channel:")]
    assert n.status == "failed" and "310000" in n.last_error and "SEC-x" not in n.last_error


def test_an_unreachable_smtp_server_leaves_the_reminder_waiting_and_the_scheduler_running(
        database, people, tmp_path, clock):
    settings = Settings(data_dir=tmp_path, database_url=database.url,
                        smtp=SmtpConfig(host="127.0.0.1", port=1, from_addr="okr@huakang.test", security="none"))
    make_objective(database, people, "lin", krs=[{"title": "完成 2 项注册", "start": 0, "target": 2, "current": 1,
                                                  "confidence": 0.8}])
    done = Scheduler(database, settings, clock=clock).run_once()
    assert done.retried == 1
    [n] = log(database)
    assert n.status == "pending" and n.next_attempt_at > FRIDAY_1005


def test_two_schedulers_on_one_database_send_each_notice_exactly_once(database, people, tmp_path, robot, clock):
    if database.dialect == "sqlite":
        pytest.skip("concurrent writers: PostgreSQL's case (SQLite serialises them anyway)")
    for unit in ("qa", "qa-reg"):
        add_channel(database, people, "webhook", robot.url(f"/{unit}"), unit=unit, kinds=["at_risk"])
    for i in range(6):
        make_objective(database, people, "lin", title=f"目标 {i}", position=i,
                       krs=[{"title": "取得注册证", "start": 0, "target": 3, "current": 0, "confidence": 0.2}])
    settings = Settings(data_dir=tmp_path, database_url=database.url)
    workers = [Scheduler(database, settings, clock=clock, name=f"w{i}") for i in range(3)]
    barrier = threading.Barrier(len(workers))
    errors = []

    def go(w):
        barrier.wait()
        try:
            w.run_once()
            w.run_once()
        except Exception as e:   # noqa: BLE001 - reported by the assertion below
            errors.append(e)
    threads = [threading.Thread(target=go, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    bodies = [(r.path, r.json()["facts"]["objective_id"]) for r in robot.received]
    assert len(bodies) == 12 and len(set(bodies)) == 12       # 6 objectives × 2 channels (qa, qa-reg), once each
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(m.DeliveryAttempt)) == 12


def test_a_scan_reads_as_often_for_twenty_objectives_at_risk_as_for_two(database, people, clock):
    from okrcoach.services import notification_events

    from .factories import counting

    def queries_for(n: int, first: int) -> int:
        units = ["qa", "qa-reg", "sales", "hk"]
        for i in range(n):           # personal and units' own objectives, all over the tree
            make_objective(database, people, "lin" if i % 2 else None, unit=None if i % 2 else units[(i // 2) % 4],
                           title=f"目标 {first + i}", position=first + i,
                           krs=[{"title": "取得注册证", "start": 0, "target": 3, "current": 0, "confidence": 0.2}])
        scan = notification_events.Scan(now=clock(), tz=dt.timezone(dt.timedelta(hours=8)), email=True)
        with counting(database) as statements, database.session() as s:
            queued = notification_events.scan(s, people.org_id, scan)
        assert queued >= n
        return len([q for q in statements if q.lstrip().upper().startswith("SELECT")])

    add_channel(database, people, "webhook", "http://127.0.0.1:9/hook", kinds=["at_risk", "checkin_reminder"])
    few = queries_for(2, 0)
    many = queries_for(20, 2)
    assert many == few, (few, many)         # what it writes is one insert a notice; what it reads is fixed


def test_a_channel_that_breaks_unexpectedly_is_logged_and_retried_and_the_other_notices_still_go(
        database, people, tmp_path, clock, robot, caplog):
    add_channel(database, people, "webhook", robot.url("/ok"), kinds=["at_risk"])
    add_channel(database, people, "dingtalk", robot.url("/robot/send?access_token=x"), kinds=["at_risk"])
    make_objective(database, people, "lin", krs=[{"title": "取得 3 张注册证", "start": 0, "target": 3, "current": 0,
                                                  "confidence": 0.2}])
    from okrcoach.notifications import channels

    def send(target, message):
        if target.kind == "dingtalk":
            raise RuntimeError("a bug in a channel")
        channels.send(target, message)
    scheduler = Scheduler(database, Settings(data_dir=tmp_path, database_url=database.url), clock=clock, send=send)
    done = scheduler.run_once()
    assert (done.sent, done.retried) == (1, 1) and [r.path for r in robot.received] == ["/ok"]
    [broken] = [n for n in log(database) if n.status == "pending"]
    assert "RuntimeError: a bug in a channel" in broken.last_error
    assert "a bug in a channel" in caplog.text
