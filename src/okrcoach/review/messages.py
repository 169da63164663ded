"""The review's words in zh-CN (default) and English; the questions are the seed's own."""
from __future__ import annotations

TEXTS = {
    "zh": {
        "checker_failed": "(检查器未能运行,本次复核不显示疑点:{reason})",
        "suspects": "检查器的疑点:",
        "no_suspects": "检查器没有疑点。",
        "no_krs": "这个目标还没有关键结果,先补充 KR 再复核(kr-missing)。",
        "current": "已复核",
        "necessity_intro": "必要性:逐个去掉 KR,看目标是否还能达成。",
        "necessity": "没有这个 KR,目标还能达成吗?",
        "sufficiency": "所有 KR 都达成时,目标是否必然达成?",
        "note": "备注(可留空)",
        "hint": "[是/否,回车跳过,q 结束]",
        "again": "请回答 是 或 否(y/n),回车跳过,q 结束。",
        "yes": "是", "no": "否", "skipped": "跳过",
        "necessary": "必要", "not_necessary": "不必要",
        "sufficient": "充分", "insufficient": "不充分",
        "stopped": "(复核提前结束,已回答的部分会被记录。)",
        "nothing": "没有记录任何回答,{file} 未改动。",
        "recorded": "复核结果已写入 {file}:",
        "note_label": "备注",
        "advice_not_necessary": "→ 可删除,或改写成目标真正缺它不可的结果",
        "advice_insufficient": "→ 补充一个衡量目标结果本身的 KR(如:取得证书、通过评审)",
        "notes_dropped": "(纯文本文档不保存备注,备注未写入;需要时请改用 YAML。)",
        "count": "共 {n} 项:{kr} 个 KR 的必要性,{o} 个目标的充分性。",
    },
    "en": {
        "checker_failed": "(the checker could not run, so no hints this time: {reason})",
        "suspects": "The checker suspects:",
        "no_suspects": "The checker suspects nothing here.",
        "no_krs": "This objective has no key result yet; add KRs before reviewing it (kr-missing).",
        "current": "reviewed",
        "necessity_intro": "Necessity: take each KR away and see whether the objective is still reachable.",
        "necessity": "Without this KR, could the objective still be reached?",
        "sufficiency": "If every KR is met, is the objective necessarily met?",
        "note": "Note (optional)",
        "hint": "[y/n, Enter to skip, q to finish]",
        "again": "Please answer y or n, Enter to skip, q to finish.",
        "yes": "yes", "no": "no", "skipped": "skipped",
        "necessary": "necessary", "not_necessary": "not necessary",
        "sufficient": "sufficient", "insufficient": "insufficient",
        "stopped": "(review ended early; the answers given so far are recorded.)",
        "nothing": "No answer recorded; {file} is unchanged.",
        "recorded": "Review recorded in {file}:",
        "note_label": "note",
        "advice_not_necessary": "→ drop it, or rewrite it as a result the objective cannot do without",
        "advice_insufficient": ("→ add a KR that measures the objective's outcome itself "
                                "(e.g. certificate obtained)"),
        "notes_dropped": "(plain text keeps no notes, so notes were not written; use YAML to keep them.)",
        "count": "{n} answer(s): necessity of {kr} KR(s), sufficiency of {o} objective(s).",
    },
}


def texts(lang: str) -> dict[str, str]:
    return TEXTS.get(lang, TEXTS["zh"])
