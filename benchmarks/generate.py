"""Generate synthetic OKR sets for benchmarks: qualification and compliance work, Chinese and English.

Deterministic for a given seed. About two thirds of the sets are Chinese; the formats are mixed:
YAML (one set per file, some with structured KR fields), JSON, seed-article style text,
``O1:``/``KR1:`` text and Markdown. Each objective has 3-5 key results; a share of the sets carry
the defects the checker looks for (a vague objective, a KR without a number or deadline, an
objective with no or too many KRs, too many objectives) so that the rules have work to do.

    python benchmarks/generate.py --sets 200 --out benchmarks/out/sample
"""
from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

ZH_CERTS = ["建筑工程施工总承包一级资质", "市政公用工程施工总承包二级资质", "ISO 9001 质量管理体系认证",
            "ISO 27001 信息安全管理体系认证", "ISO 14001 环境管理体系认证", "CMMI 3 级评估", "高新技术企业认定",
            "安全生产许可证延期", "测绘乙级资质", "检验检测机构资质认定扩项", "CNAS 实验室认可",
            "电子与智能化工程专业承包二级资质", "医疗器械注册证延续", "信息系统安全等级保护三级测评",
            "环境影响评价乙级资质", "特种设备生产许可证", "两化融合管理体系评定", "消防设施工程专业承包二级资质"]
ZH_DEADLINES = ["在 Q{q} 季度前", "{m} 月 30 日前", "本季度内", "年底前", "{m} 月底前"]
ZH_KRS = ["{w} 周内系统梳理{c}所需的政策法规与申报流程,形成完整的信息文档",
          "完成申报材料的撰写、内部审核与修订,确保材料 100% 符合评审要求",
          "{m} 月 15 日前新增注册人员 {n} 人",
          "完成 {n} 次覆盖全部部门的内部审核,不符合项关闭率 100%",
          "评审反馈问题 48 小时内响应率 100%,每周至少同步 1 次审核进度",
          "{m} 月底前通过{c}的现场评审",
          "取得{c}证书",
          "完成 {n} 份体系文件的编写并通过管理评审",
          "组织 {n} 场面向项目部的资质管理培训,覆盖率达到 90%"]
ZH_VAGUE_OBJ = ["推进资质相关工作", "做好本职工作", "提升资质管理水平", "加强各项合规工作"]
ZH_VAGUE_KR = ["加强与各部门沟通", "持续关注政策变化", "与评审机构建立常态化沟通机制,及时处理反馈问题"]
ZH_OWNERS = ["张三", "李四", "王芳", "赵磊", "陈静", "孙悦", "周强", "吴敏"]

EN_CERTS = ["ISO 13485 surveillance audit", "ISO 9001 recertification", "ISO 27001 certification",
            "FDA 510(k) clearance for the infusion pump", "IATF 16949 recertification", "SOC 2 Type II report",
            "CE marking under the MDR", "AS9100 certification", "GMP compliance inspection"]
EN_DEADLINES = ["by the end of Q{q}", "by {mon} 30", "this quarter", "before year end"]
EN_KRS = ["Close all {n} open corrective actions by {mon} 15",
          "Train {n} line supervisors on the updated procedures, 95% passing the quiz",
          "Complete {n} internal audits covering every department",
          "Submit the complete technical file to the notified body by {mon} 1",
          "Answer 100% of auditor questions within 48 hours",
          "Reduce open nonconformities from {n}0 to 5",
          "Obtain the signed certificate from the registrar"]
EN_VAGUE_OBJ = ["Improve our processes", "Work on compliance", "Enhance quality management"]
EN_VAGUE_KR = ["Keep in touch with the auditors", "Support the team with documentation"]
EN_OWNERS = ["Alice", "Bob", "Carol", "Dmitri", "Eva", "Farid"]
MONTHS = ["March", "June", "September", "December"]


def _okr_set(rng: random.Random, index: int) -> dict:
    zh = rng.random() < 0.65
    certs, krs, deadlines = (ZH_CERTS, ZH_KRS, ZH_DEADLINES) if zh else (EN_CERTS, EN_KRS, EN_DEADLINES)
    vague_obj, vague_kr = (ZH_VAGUE_OBJ, ZH_VAGUE_KR) if zh else (EN_VAGUE_OBJ, EN_VAGUE_KR)
    n_obj = rng.choices([1, 2, 3, 4, 6], weights=[20, 40, 25, 12, 3])[0]
    objectives = []
    for _ in range(n_obj):
        cert = rng.choice(certs)
        fill = {"q": rng.randint(1, 4), "m": rng.randint(3, 12), "mon": rng.choice(MONTHS),
                "w": rng.randint(2, 8), "n": rng.randint(2, 15), "c": cert}
        deadline = rng.choice(deadlines).format(**fill)
        if rng.random() < 0.08:
            title = rng.choice(vague_obj)
        elif zh:
            title = f"{deadline}完成{cert}"
        else:
            title = f"Pass the {cert} {deadline}"
        n_kr = rng.choices([0, 3, 4, 5, 6], weights=[3, 40, 35, 19, 3])[0]
        kr_titles = [t.format(**fill) for t in rng.sample(krs, min(n_kr, len(krs)))]
        kr_titles += [rng.choice(vague_kr) for _ in range(n_kr - len(kr_titles))]
        if kr_titles and rng.random() < 0.15:
            kr_titles[-1] = rng.choice(vague_kr)
        objectives.append({"title": title, "key_results": kr_titles})
    cycle = rng.choice([None, f"2026-Q{rng.randint(1, 4)}", "2026-H2", "2026"])
    return {"id": f"s{index}", "owner": rng.choice(ZH_OWNERS if zh else EN_OWNERS), "cycle": cycle,
            "zh": zh, "objectives": objectives}


def _yaml(s: dict, rng: random.Random) -> str:
    lines = [f"id: {s['id']}", f"owner: {s['owner']}"]
    if s["cycle"]:
        lines.append(f"cycle: {s['cycle']}")
    lines.append("objectives:")
    for o in s["objectives"]:
        lines.append(f"  - title: {json.dumps(o['title'], ensure_ascii=False)}")
        lines.append("    key_results:" + ("" if o["key_results"] else " []"))
        for k in o["key_results"]:
            if rng.random() < 0.2:
                lines += [f"      - title: {json.dumps(k, ensure_ascii=False)}", "        target: 100",
                          '        unit: "%"', f"        due: 2026-{rng.randint(1, 12):02d}-28"]
            else:
                lines.append(f"      - {json.dumps(k, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _json(s: dict) -> str:
    data = {"id": s["id"], "owner": s["owner"], "objectives": s["objectives"]}
    if s["cycle"]:
        data["cycle"] = s["cycle"]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _text(s: dict, rng: random.Random) -> tuple[str, str]:
    style = rng.choice(["seed", "numbered", "markdown"])
    out = []
    if s["zh"]:
        out += [f"{s['owner']}的 OKR", ""]
        if s["cycle"]:
            out.append(f"周期:{s['cycle']}")
    else:
        out += [f"OKRs of {s['owner']}", ""]
        if s["cycle"]:
            out.append(f"Cycle: {s['cycle']}")
    for i, o in enumerate(s["objectives"], 1):
        if style == "seed":
            out.append(f"  • 目标(O):{o['title']}" if s["zh"] else f"  • Objective: {o['title']}")
            out.append("  • 关键结果(KR)" if s["zh"] else "  • Key results")
            out += [f"    • KR{j}:{k}" if s["zh"] else f"    • KR{j}: {k}" for j, k in enumerate(o["key_results"], 1)]
        elif style == "numbered":
            out.append(f"O{i}: {o['title']}")
            out += [f"  KR{j}: {k}" for j, k in enumerate(o["key_results"], 1)]
        else:
            out += ["", f"## Objective: {o['title']}"]
            out += [f"- KR{j}: {k}" for j, k in enumerate(o["key_results"], 1)]
        out.append("")
    out.append("以上由本人负责,每月复盘。" if s["zh"] else "Reviewed monthly with the quality manager.")
    return ("md" if style == "markdown" else "txt"), "\n".join(out) + "\n"


def generate(n: int, seed: int = 20260701) -> Iterator[tuple[str, str]]:
    """Yield ``(file name, content)`` for ``n`` OKR sets, one set per file."""
    rng = random.Random(seed)
    for i in range(n):
        s = _okr_set(rng, i)
        kind = rng.random()
        if kind < 0.45:
            yield f"set-{i:05d}.yaml", _yaml(s, rng)
        elif kind < 0.55:
            yield f"set-{i:05d}.json", _json(s)
        else:
            suffix, text = _text(s, rng)
            yield f"set-{i:05d}.{suffix}", text


def write_sets(n: int, folder: Path, seed: int = 20260701) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in generate(n, seed):
        path = folder / name
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", type=int, default=200)
    ap.add_argument("--seed", type=int, default=20260701)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "sets")
    args = ap.parse_args()
    paths = write_sets(args.sets, args.out, args.seed)
    print(f"wrote {len(paths)} OKR sets to {args.out}")


if __name__ == "__main__":
    main()
