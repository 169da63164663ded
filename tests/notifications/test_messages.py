"""What a notice says (``notifications.messages``): every kind reads well in zh and en, numbers and dates
are written for the reader's language, and the HTML part cannot be broken by what users typed."""
from __future__ import annotations

import itertools
import json

import pytest

from okrcoach.notifications.messages import KINDS, compose, render_html, render_markdown, render_text
from okrcoach.workspace.progress import risk

from .samples import BASE_URL, SAMPLES


@pytest.mark.parametrize(("kind", "lang"), list(itertools.product(KINDS, ("zh", "en"))))
def test_every_kind_reads_in_both_languages_with_a_title_a_body_and_a_link(kind, lang):
    message = compose(kind, lang, SAMPLES[kind], base_url=BASE_URL)
    assert message.title and message.lines and all(message.lines)
    if lang == "zh":
        assert message.title.startswith("【资质】" if kind in ("certificate_expiry", "response_due") else "【OKR】")
    else:
        assert "【" not in message.title and message.title[0].isupper()
    assert message.link == BASE_URL + SAMPLES[kind]["path"].lstrip("/")
    json.dumps(message.facts)   # the generic webhook sends these as they are
    for rendered in (render_text(message), render_markdown(message), render_html(message)):
        assert message.link in rendered


def test_the_checkin_reminder_counts_the_key_results_and_shows_progress_and_dates_for_the_reader():
    zh = compose("checkin_reminder", "zh", SAMPLES["checkin_reminder"])
    en = compose("checkin_reminder", "en", SAMPLES["checkin_reminder"])
    assert zh.title == "【OKR】请更新本周进度(3 个关键结果)"
    assert en.title == "Please update this week's progress (3 key results)"
    assert "进度 45%" in zh.lines[1] and "2026年11月20日" in zh.lines[1]
    assert "progress 45%" in en.lines[1] and "Nov 20, 2026" in en.lines[1]
    assert "尚未更新过" in zh.lines[2] and "no check-in yet" in en.lines[2]
    assert zh.link is None   # no base URL: a relative path is no use in a chat


def test_one_key_result_is_not_written_as_a_plural():
    data = {**SAMPLES["checkin_reminder"], "krs": SAMPLES["checkin_reminder"]["krs"][:1]}
    assert compose("checkin_reminder", "en", data).title.endswith("(1 key result)")


def test_each_reason_the_risk_rule_can_give_is_worded_in_both_languages():
    reasons = {code for progress, confidence, elapsed in itertools.product((0.0, 0.5, 1.0), (None, 0.2, 0.9),
                                                                            (0.1, 0.6, 1.0))
               for code in risk(progress, confidence, elapsed).reasons}
    assert reasons == {"low_confidence", "behind_schedule"}
    zh = compose("at_risk", "zh", {**SAMPLES["at_risk"], "reasons": sorted(reasons)})
    en = compose("at_risk", "en", {**SAMPLES["at_risk"], "reasons": sorted(reasons)})
    assert any("进度落后" in line for line in zh.lines) and any("信心不足" in line for line in zh.lines)
    assert any("Behind schedule" in line for line in en.lines) and any("Low confidence" in line for line in en.lines)
    assert "当前进度 30%,按时间应达到 62%" in zh.lines


def test_an_expired_certificate_and_an_overdue_response_say_so():
    expired = compose("certificate_expiry", "en", {**SAMPLES["certificate_expiry"], "days_left": -2})
    assert expired.title == "Certificate expired 2 days ago: 便携式监护仪注册证"
    today = compose("response_due", "zh", {**SAMPLES["response_due"], "days_left": 0})
    assert "今天截止" in today.title


def test_a_returned_objective_carries_the_reviewers_comment():
    message = compose("review_decided", "zh", SAMPLES["review_decided"])
    assert message.title == "【OKR】目标被退回修改:ISO 13485 监督审核零不符合项"
    assert "审核意见:关键结果 2 不可衡量,请写明数量。" in message.lines


def test_the_html_part_escapes_what_users_typed():
    data = {**SAMPLES["review_decided"], "objective": '<script>alert("x")</script>', "comment": "a & b <b>"}
    page = render_html(compose("review_decided", "en", data, base_url='https://okr.example.com/"><x'))
    assert "<script>" not in page and "<b>" not in page and '"><x' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page and "a &amp; b &lt;b&gt;" in page


def test_bullets_become_lists_in_markdown_and_html():
    message = compose("checkin_reminder", "en", SAMPLES["checkin_reminder"])
    assert render_markdown(message).count("\n- ") == 3
    assert render_html(message).count("<li>") == 3
    assert render_text(message).count("\n· ") == 3


@pytest.mark.parametrize(("kind", "lang", "data", "named"), [
    ("weekly_digest", "zh", {}, "kind"),
    ("at_risk", "fr", SAMPLES["at_risk"], "lang"),
    ("at_risk", "zh", {**SAMPLES["at_risk"], "reasons": ["bad_luck"]}, "bad_luck"),
    ("review_decided", "en", {**SAMPLES["review_decided"], "decision": "maybe"}, "decision"),
    ("certificate_expiry", "zh", {k: v for k, v in SAMPLES["certificate_expiry"].items() if k != "expires_on"},
     "expires_on"),
])
def test_an_unknown_kind_language_reason_or_a_missing_field_is_refused_by_name(kind, lang, data, named):
    with pytest.raises(ValueError, match=named):
        compose(kind, lang, data)
