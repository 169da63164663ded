"""An admin imports an OKR document in the browser: uploads it, reads the preview with the coach's
findings (nothing stored yet), confirms, and opens the imported objective from the result.

王建国 (the demo's admin) imports a new team, 资质培训组, so that no other test's unit changes.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .test_member_journey import sign_in

TRAINING = """\
id: qa-training
owner: 资质培训组
level: team
objectives:
  - title: 本季度完成注册专员资质培训体系建设
    key_results:
      - title: 完成 4 门注册法规课程开发
        start: 0
        target: 4
        unit: 门
      - title: 注册专员持证率达到 100%
        start: 60
        target: 100
        unit: "%"
      - 加强培训效果跟踪
"""


def test_an_admin_previews_and_imports_a_yaml_document(page, demo_people, shoot, js_errors):
    sign_in(page, demo_people, demo_people.admins[0])
    page.goto("/admin/transfer")
    expect(page.locator("h1")).to_have_text("导入与导出")
    shoot(page, "admin-transfer-start")
    page.set_input_files("input[name=files]", files=[{"name": "资质培训组.yaml", "mimeType": "application/yaml",
                                                     "buffer": TRAINING.encode("utf-8")}])
    page.click("#upload-form button[type=submit]")

    expect(page.locator("#confirm-form h2")).to_have_text("预览:尚未保存任何内容")
    expect(page.locator("#confirm-form code.file")).to_have_text("资质培训组.yaml")
    card = page.locator(".transfer-set", has_text="资质培训组")
    expect(card.locator(".transfer-objectives li")).to_have_text(["O1本季度完成注册专员资质培训体系建设"])
    expect(card.locator(".finding[data-rule='kr-unmeasurable']")).to_have_count(1)
    shoot(page, "admin-transfer")

    page.click("#confirm-form button[type=submit]")
    expect(page.locator(".transfer-done h2")).to_have_text("已导入 1 个文件")
    shoot(page, "admin-transfer-result")
    page.locator(".transfer-set a", has_text="本季度完成注册专员资质培训体系建设").click()
    expect(page).to_have_url(re.compile(r"/objectives/\d+$"))
    expect(page.locator("h1")).to_have_text("本季度完成注册专员资质培训体系建设")
