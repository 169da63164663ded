"""What a notice says, in zh-CN or English: one ``Message`` per event, rendered for each channel.

The notification core decides *that* someone is told (settings, schedule, retries); this module decides
*what* they read, so an e-mail, a DingTalk robot and a generic webhook never word the same event three
ways. ``compose`` is pure: it takes the plain data the core collected (names, ISO dates, 0..1 progress,
paths inside the web app) and returns a frozen ``Message``; the ``render_*`` functions turn that into
plain text, robot markdown or an e-mail's HTML part. Risk reasons are the codes of
``workspace.progress.risk`` and are worded here with the same thresholds that module applies.
"""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass, field

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from ..workspace.progress import BEHIND_MARGIN, LOW_CONFIDENCE

KINDS = ("checkin_reminder", "at_risk", "back_on_track", "review_requested", "review_decided",
         "certificate_expiry", "response_due")
LANGS = ("zh", "en")
_LOCALE = {"zh": "zh_CN", "en": "en"}
OPEN_LABEL = {"zh": "在 OKR 教练中打开", "en": "Open in OKR Coach"}
_OKR, _QUALIFICATION = "【OKR】", "【资质】"

# The wording of each reason ``workspace.progress.risk`` can give, with its threshold filled in.
REASONS = {
    "low_confidence": {
        "zh": f"信心不足:最近一次更新的信心低于 {LOW_CONFIDENCE:.0%}",
        "en": f"Low confidence: the latest check-in put it below {LOW_CONFIDENCE:.0%}",
    },
    "behind_schedule": {
        "zh": f"进度落后:比时间进度落后超过 {BEHIND_MARGIN * 100:.0f} 个百分点",
        "en": f"Behind schedule: progress trails the time elapsed by more than {BEHIND_MARGIN * 100:.0f} points",
    },
}


@dataclass(frozen=True)
class Message:
    kind: str                 # one of KINDS
    lang: str                 # "zh" | "en"
    title: str                # e-mail subject / robot title
    lines: tuple[str, ...]    # body, plain text, one item per line ("· " starts a bullet)
    link: str | None          # absolute URL into the web app, or None without a base URL
    facts: dict = field(default_factory=dict)   # JSON-safe data for the generic webhook


def compose(kind: str, lang: str, data: dict, *, base_url: str | None = None) -> Message:
    """The notice of ``kind`` in ``lang`` from the core's ``data``; ValueError for an unknown kind or
    language, a missing field or an unknown risk reason."""
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r}: expected one of {', '.join(KINDS)}")
    if lang not in LANGS:
        raise ValueError(f"lang {lang!r}: expected one of {', '.join(LANGS)}")
    d = _Data(kind, data)
    title, lines, facts = _COMPOSERS[kind](d, lang, base_url)
    path = d.need("path")
    return Message(kind, lang, title, tuple(lines), _absolute(base_url, path),
                   {**facts, "path": path, "url": _absolute(base_url, path)})


class _Data:
    """``data`` with a clear error naming the kind and the field that is missing."""

    def __init__(self, kind: str, data: dict):
        self.kind, self.data = kind, data

    def need(self, key: str):
        value = self.data.get(key)
        if value is None or value == "":
            raise ValueError(f"{self.kind}: data[{key!r}] is missing")
        return value

    def get(self, key: str, default=None):
        value = self.data.get(key)
        return default if value is None else value


def _checkin_reminder(d: _Data, lang: str, base_url: str | None):
    krs = d.need("krs")
    n, person, cycle = len(krs), d.need("person"), d.need("cycle")
    if lang == "zh":
        title = f"{_OKR}请更新本周进度({n} 个关键结果)"
        lines = [f"{person},你好!{cycle} 周期中有 {n} 个关键结果需要更新本周进展:"]
    else:
        title = f"Please update this week's progress ({_plural(n, 'key result')})"
        lines = [f"Hello {person}, {_plural(n, 'key result')} in {cycle} need this week's check-in:"]
    facts = []
    for i, kr in enumerate(krs):
        where = f"krs[{i}]"
        kr_title, objective = _field(kr, "title", where, d.kind), _field(kr, "objective", where, d.kind)
        last = _date(kr.get("last_check_in"))
        progress = _percent(kr.get("progress"), lang)
        if lang == "zh":
            when = f"上次更新 {_day(last, lang)}" if last else "尚未更新过"
            lines.append(f"· {kr_title}(目标:{objective})— 进度 {progress},{when}")
        else:
            when = f"last check-in {_day(last, lang)}" if last else "no check-in yet"
            lines.append(f"· {kr_title} (objective: {objective}) — progress {progress}, {when}")
        facts.append({"title": kr_title, "objective": objective, "progress": kr.get("progress"),
                      "last_check_in": last.isoformat() if last else None, "path": kr.get("path"),
                      "url": _absolute(base_url, kr.get("path"))})
    return title, lines, {"person": person, "cycle": cycle, "count": n, "krs": facts}


def _risk_change(d: _Data, lang: str, at_risk: bool):
    objective, owner, unit = d.need("objective"), d.need("owner"), d.get("unit", "")
    progress, expected = d.get("progress"), d.get("expected")
    reasons = list(d.get("reasons", ()))
    unknown = [r for r in reasons if r not in REASONS]
    if unknown:
        raise ValueError(f"{d.kind}: reason {unknown[0]!r}: expected one of {', '.join(REASONS)}")
    if lang == "zh":
        title = f"{_OKR}{'目标有风险' if at_risk else '目标已回到正轨'}:{objective}"
        lines = [f"目标「{objective}」" + ("有风险。" if at_risk else "已不再有风险。"),
                 f"负责人 {owner}" + (f"({unit})" if unit else ""),
                 f"当前进度 {_percent(progress, lang)}"
                 + (f",按时间应达到 {_percent(expected, lang)}" if expected is not None else "")]
        if reasons:
            lines.append("原因:")
    else:
        title = f"{'At risk' if at_risk else 'Back on track'}: {objective}"
        lines = [f"The objective “{objective}” is " + ("at risk." if at_risk else "no longer at risk."),
                 f"Owner: {owner}" + (f" ({unit})" if unit else ""),
                 f"Progress {_percent(progress, lang)}"
                 + (f", {_percent(expected, lang)} expected by now" if expected is not None else "")]
        if reasons:
            lines.append("Why:")
    lines += [f"· {REASONS[r][lang]}" for r in reasons]
    return title, lines, {"objective_id": d.get("objective_id"), "objective": objective, "owner": owner,
                          "unit": unit, "progress": progress, "expected": expected, "reasons": reasons}


def _review_requested(d: _Data, lang: str, base_url: str | None):
    objective, owner, by, unit = d.need("objective"), d.need("owner"), d.need("requested_by"), d.get("unit", "")
    if lang == "zh":
        title = f"{_OKR}请审核目标:{objective}"
        lines = [f"{by} 提交了目标「{objective}」,请你审核。",
                 f"负责人 {owner}" + (f"({unit})" if unit else "")]
    else:
        title = f"Review requested: {objective}"
        lines = [f"{by} asks you to review the objective “{objective}”.",
                 f"Owner: {owner}" + (f" ({unit})" if unit else "")]
    return title, lines, {"objective_id": d.get("objective_id"), "objective": objective, "owner": owner,
                          "requested_by": by, "unit": unit}


def _review_decided(d: _Data, lang: str, base_url: str | None):
    objective, decision, by = d.need("objective"), d.need("decision"), d.need("decided_by")
    comment = d.get("comment", "").strip()
    if decision not in ("approved", "returned"):
        raise ValueError(f"{d.kind}: decision {decision!r}: expected approved or returned")
    approved = decision == "approved"
    if lang == "zh":
        title = f"{_OKR}{'目标已通过审核' if approved else '目标被退回修改'}:{objective}"
        lines = [f"{by} 通过了目标「{objective}」。" if approved
                 else f"{by} 退回了目标「{objective}」,请修改后重新提交审核。"]
        if comment:
            lines.append(f"审核意见:{comment}")
    else:
        title = f"{'Approved' if approved else 'Returned for changes'}: {objective}"
        lines = [f"{by} approved the objective “{objective}”." if approved
                 else f"{by} returned the objective “{objective}”: please revise it and submit it again."]
        if comment:
            lines.append(f"Comment: {comment}")
    return title, lines, {"objective_id": d.get("objective_id"), "objective": objective, "decision": decision,
                          "decided_by": by, "comment": comment}


def _certificate_expiry(d: _Data, lang: str, base_url: str | None):
    certificate, expires, left = d.need("certificate"), _date(d.need("expires_on")), int(d.need("days_left"))
    number, holder = d.get("number", ""), d.get("holder", "")
    if lang == "zh":
        when = "今天到期" if left == 0 else f"已过期 {-left} 天" if left < 0 else f"还有 {left} 天到期"
        title = f"{_QUALIFICATION}证书{when}:{certificate}"
        lines = [f"证书「{certificate}」{when}(到期日 {_day(expires, lang)})。"]
        lines += [f"证书编号 {number}"] if number else []
        lines += [f"持证主体 {holder}"] if holder else []
        lines.append("请尽早准备延续或换证申请。" if left >= 0 else "请尽快办理延续或重新申请。")
    else:
        when = ("expires today" if left == 0 else f"expired {_plural(-left, 'day')} ago" if left < 0
                else f"expires in {_plural(left, 'day')}")
        title = f"Certificate {when}: {certificate}"
        lines = [f"The certificate “{certificate}” {when} (on {_day(expires, lang)})."]
        lines += [f"Number: {number}"] if number else []
        lines += [f"Holder: {holder}"] if holder else []
        lines.append("Start the renewal early." if left >= 0 else "Renew it or apply again as soon as possible.")
    return title, lines, {"certificate": certificate, "number": number, "holder": holder,
                          "expires_on": expires.isoformat(), "days_left": left}


def _response_due(d: _Data, lang: str, base_url: str | None):
    application, feedback = d.need("application"), d.need("feedback")
    certificate, due, left = d.get("certificate", ""), _date(d.need("due_on")), int(d.need("days_left"))
    if lang == "zh":
        when = "今天截止" if left == 0 else f"已逾期 {-left} 天" if left < 0 else f"还有 {left} 天截止"
        title = f"{_QUALIFICATION}评审意见答复{when}:{application}"
        lines = [f"申请「{application}」" + (f"({certificate})" if certificate else "")
                 + f"的评审意见答复{when}(截止日 {_day(due, lang)})。", f"评审意见:{feedback}"]
    else:
        when = ("due today" if left == 0 else f"overdue by {_plural(-left, 'day')}" if left < 0
                else f"due in {_plural(left, 'day')}")
        title = f"Response to reviewers {when}: {application}"
        lines = [f"The response to the reviewers of “{application}”" + (f" ({certificate})" if certificate else "")
                 + f" is {when} (on {_day(due, lang)}).", f"Reviewers' point: {feedback}"]
    return title, lines, {"application": application, "certificate": certificate, "feedback": feedback,
                          "due_on": due.isoformat(), "days_left": left}


_COMPOSERS: dict[str, Callable] = {
    "checkin_reminder": _checkin_reminder,
    "at_risk": lambda d, lang, base_url: _risk_change(d, lang, True),
    "back_on_track": lambda d, lang, base_url: _risk_change(d, lang, False),
    "review_requested": _review_requested,
    "review_decided": _review_decided,
    "certificate_expiry": _certificate_expiry,
    "response_due": _response_due,
}


TEST_KIND = "channel_test"   # not a kind anyone subscribes to: sent once, when a channel is set up


def compose_test(lang: str, *, channel: str, unit: str, by: str, base_url: str | None = None,
                 path: str = "/") -> Message:
    """The message a manager sends to check a new channel: says which channel of which unit, and who."""
    if lang not in LANGS:
        raise ValueError(f"lang {lang!r}: expected one of {', '.join(LANGS)}")
    if lang == "zh":
        title = f"{_OKR}通知渠道测试:{channel}"
        lines = [f"{by} 从 OKR 教练发来这条测试消息:{unit} 的通知渠道「{channel}」已能收到通知。"]
    else:
        title = f"Notification channel test: {channel}"
        lines = [f"{by} sent this test from OKR Coach: the channel “{channel}” of {unit} receives notices."]
    link = _absolute(base_url, path)
    return Message(TEST_KIND, lang, title, tuple(lines), link,
                   {"channel": channel, "unit": unit, "by": by, "path": path, "url": link})


def render_text(message: Message) -> str:
    """Plain text: the title, a blank line, the body, and the link on its own line."""
    parts = [message.title, "", *message.lines]
    if message.link:
        parts += ["", f"{OPEN_LABEL[message.lang]}: {message.link}"]
    return "\n".join(parts) + "\n"


def render_markdown(message: Message, *, heading: str = "####") -> str:
    """Markdown for robots (DingTalk, WeCom): a heading, paragraphs apart, bullets as a "- " list, the link.

    Robot dialects join lines that have no blank line between them, so every paragraph gets one."""
    blocks = [f"{heading} {message.title}"]
    for tag, content in _blocks(message.lines):
        blocks.append("\n".join(f"- {item}" for item in content) if tag == "ul" else content)
    if message.link:
        blocks.append(f"[{OPEN_LABEL[message.lang]}]({message.link})")
    return "\n\n".join(blocks) + "\n"


def render_html(message: Message) -> str:
    """The HTML part of an e-mail: every piece of text escaped, bullets as a list, inline styles only."""
    e = html.escape
    lang = "zh-CN" if message.lang == "zh" else "en"
    out = [f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{e(message.title)}</title></head>',
           '<body style="font-family: sans-serif; line-height: 1.5; color: #1f2328;">',
           f'<h2 style="font-size: 18px;">{e(message.title)}</h2>']
    for tag, content in _blocks(message.lines):
        out.append("<ul>" + "".join(f"<li>{e(item)}</li>" for item in content) + "</ul>" if tag == "ul"
                   else f"<p>{e(content)}</p>")
    if message.link:
        out.append(f'<p><a href="{e(message.link)}">{e(OPEN_LABEL[message.lang])}</a></p>')
    out.append("</body></html>\n")
    return "\n".join(out)


def _blocks(lines: tuple[str, ...]) -> list[tuple[str, str | list[str]]]:
    """The body as ``("p", line)`` paragraphs and ``("ul", [items])`` runs of "· " bullets."""
    blocks: list[tuple[str, str | list[str]]] = []
    for line in lines:
        if line.startswith("· "):
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(line[2:])
            else:
                blocks.append(("ul", [line[2:]]))
        elif line:
            blocks.append(("p", line))
    return blocks


def _absolute(base_url: str | None, path: str | None) -> str | None:
    if not base_url or not path:
        return None
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def _field(item: dict, key: str, where: str, kind: str):
    value = item.get(key) if isinstance(item, dict) else None
    if value is None or value == "":
        raise ValueError(f"{kind}: data[{where!r}][{key!r}] is missing")
    return value


def _date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _day(day: dt.date, lang: str) -> str:
    return format_date(day, "medium", locale=_LOCALE[lang])


def _percent(value: float | None, lang: str) -> str:
    if value is None:
        return "暂无" if lang == "zh" else "not yet measured"
    return format_percent(value, "#,##0%", locale=_LOCALE[lang])


def _plural(n: int, noun: str) -> str:
    return f"{format_decimal(n, locale='en')} {noun}{'' if n == 1 else 's'}"
