"""The qualification pages through HTTP: the registry with its alerts, a certificate, an application's work,
the chain view, and "new from template"; bad input gets its reason beside the form and stores nothing."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from okrcoach.services import applications, certificates
from okrcoach.storage import models as m

from ..conftest import TODAY
from ..factories import act, make_objective
from .test_pages import csrf_of, sign_in

GOOD = {"name": "工程设计建筑行业甲级资质", "category": "engineering_design", "grade": "甲级", "held": "held",
        "authority": "住房和城乡建设部", "issued_on": "2021-12-01",
        "expires_on": (TODAY + dt.timedelta(days=30)).isoformat()}


def count(database, model) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_an_admin_registers_a_certificate_that_then_shows_in_the_alerts(browser, database, people):
    sign_in(browser, "ada")
    csrf = csrf_of(browser.get("/qualifications").text)
    r = browser.post("/qualifications", data={**GOOD, "csrf_token": csrf})
    assert r.status_code == 303 and r.headers["location"].startswith("/qualifications/certificates/")
    page = browser.get("/qualifications").text
    assert "工程设计建筑行业甲级资质" in page and "即将到期" in page
    alerts = page[page.index('id="alerts"'):page.index('id="registry-title"')]
    assert "工程设计建筑行业甲级资质" in alerts and "剩 30 天" in alerts


@pytest.mark.parametrize("change, field, words", [
    ({"expires_on": "2020-01-01"}, "expires_on", "有效期至 2020-01-01 早于发证日期 2021-12-01"),
    ({"category": "建筑资质"}, "category", "未知的资质类别“建筑资质”"),
    ({"grade": "第三类"}, "grade", "等级“第三类”不属于该资质类别"),
    ({"issued_on": "2021-02-30"}, "issued_on", "2021-02-30"),
])
def test_bad_certificate_input_is_explained_beside_the_form_and_nothing_is_stored(browser, database, people,
                                                                                  change, field, words):
    sign_in(browser, "ada")
    csrf = csrf_of(browser.get("/qualifications").text)
    r = browser.post("/qualifications", data={**GOOD, **change, "csrf_token": csrf})
    assert r.status_code == 422
    assert f'data-field="{field}"' in r.text and words in r.text
    assert re.search(rf'name="{field}"[^>]*aria-invalid="true"', r.text)     # the field at fault is marked
    assert 'value="工程设计建筑行业甲级资质"' in r.text          # what was typed is kept to correct it
    assert count(database, m.Certificate) == 0


def test_an_application_due_in_a_closed_cycle_is_refused_on_the_certificate_page(browser, database, people):
    with database.session() as s:
        s.add(m.Cycle(org_id=people.org_id, name="2026-Q2", kind="quarter", start_date=dt.date(2026, 4, 1),
                      end_date=dt.date(2026, 6, 30), state="closed"))
    certificate = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        "category": "medical_device_registration", "name": "监护仪注册证", "held": False,
        "unit_id": people.units["qa-reg"]}).id)
    sign_in(browser, "mei")
    csrf = csrf_of(browser.get(f"/qualifications/certificates/{certificate}").text)
    r = browser.post(f"/qualifications/certificates/{certificate}/applications", data={
        "title": "监护仪二类注册申报", "kind": "new", "due_on": "2026-05-15", "csrf_token": csrf})
    assert r.status_code == 422 and 'data-field="due_on"' in r.text
    assert "截止日期 2026-05-15 落在已关闭的周期 2026-Q2 内" in r.text
    assert count(database, m.Application) == 0


def test_the_application_page_ticks_the_checklist_answers_feedback_and_logs_contacts(browser, database, people):
    certificate = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        "category": "medical_device_registration", "name": "监护仪注册证", "held": False,
        "unit_id": people.units["qa-reg"]}).id)
    application = act(database, people, "mei", lambda s, a: applications.create(
        s, actor=a, certificate_id=certificate, kind="new", title="监护仪二类注册申报", today=TODAY).id)
    sign_in(browser, "mei")
    url = f"/applications/{application}"
    csrf = csrf_of(browser.get(url).text)
    assert browser.post(f"{url}/checklist", data={"template": "1", "csrf_token": csrf}).status_code == 303
    with database.session() as s:
        items = s.scalars(select(m.ChecklistItem.id).where(m.ChecklistItem.application_id == application)
                          .order_by(m.ChecklistItem.position)).all()
    assert len(items) >= 8
    for item in items:
        browser.post(f"{url}/checklist/{item}", data={"status": "compliant", "csrf_token": csrf})
    r = browser.post(f"{url}/feedback", data={"summary": "补充电磁兼容报告", "received_on": TODAY.isoformat(),
                                              "response_due": "2026-11-01", "csrf_token": csrf})
    assert r.status_code == 422 and 'data-field="response_due"' in r.text
    assert count(database, m.FeedbackItem) == 0
    browser.post(f"{url}/contacts", data={"channel": "phone", "summary": "确认资料格式", "csrf_token": csrf})
    browser.post(f"{url}/move", data={"to": "materials", "version": "1", "csrf_token": csrf})

    page = browser.get(url).text
    assert 'data-measure="checklist_compliance">100.0%' in page
    assert "确认资料格式" in page and 'id="stage">材料准备' in page


def test_the_chain_view_shows_the_company_kr_its_certificates_applications_and_bound_krs(browser, database, people):
    company = make_objective(database, people, None, unit="hk", level="company", title="Q4 推出三款新型监护设备",
                             krs=[dict(title="Q4 三款新型设备上市", kind="metric", target=3)])
    certificate = act(database, people, "ada", lambda s, a: certificates.create(s, actor=a, data={
        "category": "medical_device_registration", "name": "便携式监护仪医疗器械注册证", "held": False,
        "unit_id": people.units["qa-reg"]}).id)
    sign_in(browser, "ada")
    csrf = csrf_of(browser.get(f"/qualifications/certificates/{certificate}").text)
    assert browser.post(f"/qualifications/certificates/{certificate}/needs",
                        data={"kr_id": str(company.kr_ids[0]), "csrf_token": csrf}).status_code == 303
    application = act(database, people, "mei", lambda s, a: applications.create(
        s, actor=a, certificate_id=certificate, kind="new", title="监护仪二类注册申报", today=TODAY).id)
    r = browser.post(f"/applications/{application}/draft-okr", data={"csrf_token": csrf})
    assert r.status_code == 303 and r.headers["location"].startswith("/objectives/")

    sign_in(browser, "sam")
    page = browser.get("/chain").text
    assert f'id="chain-kr-{company.kr_ids[0]}"' in page
    assert "便携式监护仪医疗器械注册证" in page and "监护仪二类注册申报" in page
    assert "申报材料清单合规率达到 100%" in page


def test_new_from_template_fills_the_editor_and_an_unknown_template_is_a_404(browser, database, people):
    sign_in(browser)
    page = browser.get("/objectives/new", params={"template": "medical-device-registration"})
    assert page.status_code == 200 and 'id="from-template"' in page.text
    assert "医疗器械注册证" in page.text.split('name="title"')[1].split(">")[0]
    assert browser.get("/objectives/new", params={"template": "nope"}).status_code == 404
