"""``okr review``: the seed's two questions, answered from a file or stdin, written into the document."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from okrcoach.cli.main import main
from okrcoach.documents import load_documents

SEED_TEXT = """资质岗位 OKR 制定的理论与实践分析

  • 目标(O):在 Q3 季度前完成某项目甲级资质认证
  • 关键结果(KR)
    • KR1:在 3 周内,系统梳理该资质申报所需的最新政策法规、行业标准及申报流程,形成完整的信息文档。
    • KR2:完成申报材料的撰写、内部审核与修订工作,确保材料内容100% 符合评审要求
    • KR3:与评审机构建立常态化沟通机制,实时跟踪审核进度,及时响应并处理评审反馈问题。

四、结论
"""

SEED_YAML = """# 资质岗位的 OKR
owner: 张三
level: personal
cycle: 2026-Q3   # 第三季度
objectives:
  - title: 在 Q3 季度前完成某项目甲级资质认证  # 核心目标
    key_results:
      - 在 3 周内,系统梳理该资质申报所需的最新政策法规、行业标准及申报流程,形成完整的信息文档。  # 调研
      - title: "完成申报材料的撰写、内部审核与修订工作,确保材料内容100% 符合评审要求"
        target: 100
        unit: "%"
      # 下面这条是持续性活动
      - 与评审机构建立常态化沟通机制,实时跟踪审核进度,及时响应并处理评审反馈问题。
"""


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no .okrcoach.toml of the repo or the user changes the run


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def reviews_of(path: Path):
    [doc] = load_documents([path])
    obj = doc.sets[0].objectives[0]
    return obj.review, [kr.review for kr in obj.key_results]


def test_review_from_answers_file_marks_kr_necessary_in_yaml(tmp_path):
    doc = write(tmp_path / "okrs.yaml", SEED_YAML)
    answers = write(tmp_path / "answers.yaml",
                    "O1: {sufficient: false, note: 缺少取得证书的 KR}\nO1.KR1: {necessary: true}\n"
                    "O1.KR2: {necessary: true}\nO1.KR3: {necessary: false}\n")

    assert main(["review", str(doc), "--answers", str(answers)]) == 0

    o_review, kr_reviews = reviews_of(doc)
    assert (o_review.sufficient, o_review.note) == (False, "缺少取得证书的 KR")
    assert [r.necessary for r in kr_reviews] == [True, True, False]


def test_review_in_yaml_keeps_comments_and_untouched_lines(tmp_path):
    doc = write(tmp_path / "okrs.yaml", SEED_YAML)
    answers = write(tmp_path / "answers.yaml", "O1.KR2: {necessary: true}\n")

    assert main(["review", str(doc), "--answers", str(answers)]) == 0

    new_lines = doc.read_text(encoding="utf-8").splitlines()
    for line in SEED_YAML.splitlines():
        assert line in new_lines  # a mapping KR gains a review key; nothing else moves
    assert "        review: {necessary: true}" in new_lines
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_review_turns_a_plain_string_kr_into_a_mapping_with_its_comment(tmp_path):
    doc = write(tmp_path / "okrs.yaml", SEED_YAML)
    answers = write(tmp_path / "answers.yaml", "O1.KR1: {necessary: true}\n")

    assert main(["review", str(doc), "--answers", str(answers)]) == 0

    text = doc.read_text(encoding="utf-8")
    assert "- title: 在 3 周内" in text and "# 调研" in text
    assert "# 下面这条是持续性活动\n      - 与评审机构" in text
    assert reviews_of(doc)[1][0].necessary is True


def test_review_from_answers_file_tags_plain_text_lines_and_leaves_others_byte_identical(tmp_path):
    doc = tmp_path / "seed.txt"
    original = SEED_TEXT.replace("\n", "\r\n").encode("utf-8")
    doc.write_bytes(original)
    answers = write(tmp_path / "answers.yaml",
                    "O1: {sufficient: false}\nO1.KR1: {necessary: true}\nO1.KR3: {necessary: false}\n")

    assert main(["review", str(doc), "--answers", str(answers)]) == 0

    old, new = original.split(b"\r\n"), doc.read_bytes().split(b"\r\n")
    assert len(old) == len(new)
    changed = {i for i, (a, b) in enumerate(zip(old, new)) if a != b}
    assert changed == {2, 4, 6}
    assert new[2].decode().endswith("甲级资质认证 [复核: 不充分]")
    assert new[4].decode().endswith("形成完整的信息文档。 [复核: 必要]")
    assert new[6].decode().endswith("反馈问题。 [复核: 不必要]")
    o_review, kr_reviews = reviews_of(doc)
    assert o_review.sufficient is False
    assert [r and r.necessary for r in kr_reviews] == [True, None, False]


def test_review_replaces_an_existing_tag_and_writes_english_tags_with_lang_en(tmp_path):
    doc = write(tmp_path / "okrs.md", "O1: Ship the audit [复核: 充分]\n- KR1: 0 major findings\n")
    answers = write(tmp_path / "answers.yaml", "O1: {sufficient: false}\nO1.KR1: {necessary: true}\n")

    assert main(["review", str(doc), "--answers", str(answers), "--lang", "en"]) == 0

    assert doc.read_text(encoding="utf-8") == ("O1: Ship the audit [review: insufficient]\n"
                                               "- KR1: 0 major findings [review: necessary]\n")


def test_review_writes_json_review_mappings_with_readable_unicode(tmp_path):
    doc = write(tmp_path / "okrs.json", json.dumps(
        {"cycle": "2026-Q3", "objectives": [{"title": "完成甲级资质认证", "key_results": ["取得甲级资质证书"]}]},
        ensure_ascii=False))
    answers = write(tmp_path / "answers.yaml", "O1: {sufficient: true}\nO1.KR1: {necessary: true}\n")

    assert main(["review", str(doc), "--answers", str(answers)]) == 0

    text = doc.read_text(encoding="utf-8")
    assert "取得甲级资质证书" in text and '\n  "objectives": [' in text
    data = json.loads(text)
    assert data["objectives"][0]["review"] == {"sufficient": True}
    assert data["objectives"][0]["key_results"][0] == {"title": "取得甲级资质证书", "review": {"necessary": True}}
    assert reviews_of(doc)[1][0].necessary is True


def test_review_of_several_sets_uses_set_ids_in_locations(tmp_path):
    doc = write(tmp_path / "okrs.yaml", """okrs:
  - id: company
    level: company
    cycle: 2026-Q3
    objectives:
      - title: Q4 实现三款新型设备上市
        key_results: [取得三款设备注册证]
  - id: qa
    level: department
    cycle: 2026-Q3
    objectives:
      - title: 在 Q3 季度前完成某项目甲级资质认证
        aligns_to: company.O1.KR1
        key_results:
          - 9 月 30 日前取得甲级资质证书
""")
    answers = write(tmp_path / "answers.yaml", "qa.O1.KR1: {necessary: true}\n")

    assert main(["review", str(doc), "--answers", str(answers)]) == 0

    [loaded] = load_documents([doc])
    assert loaded.sets[1].objectives[0].key_results[0].review.necessary is True
    assert loaded.sets[0].objectives[0].key_results[0].review is None


def test_review_keeps_earlier_answers_that_are_not_answered_again(tmp_path):
    doc = write(tmp_path / "okrs.yaml", SEED_YAML)
    write(tmp_path / "first.yaml", "O1: {sufficient: false, note: 缺结果 KR}\n")
    write(tmp_path / "second.yaml", "O1.KR1: {necessary: true}\n")

    assert main(["review", str(doc), "--answers", "first.yaml"]) == 0
    assert main(["review", str(doc), "--answers", "second.yaml"]) == 0

    o_review, kr_reviews = reviews_of(doc)
    assert (o_review.sufficient, o_review.note) == (False, "缺结果 KR")
    assert kr_reviews[0].necessary is True


def test_unknown_location_in_answers_exits_2_naming_it_and_leaves_the_file_alone(tmp_path, capsys):
    doc = write(tmp_path / "okrs.yaml", SEED_YAML)
    answers = write(tmp_path / "answers.yaml", "O1.KR1: {necessary: true}\nO1.KR9: {necessary: false}\n")

    assert main(["review", str(doc), "--answers", str(answers)]) == 2

    err = capsys.readouterr().err
    assert "O1.KR9" in err and "unknown location" in err and "O1.KR3" in err
    assert doc.read_text(encoding="utf-8") == SEED_YAML


def test_asking_an_objective_whether_it_is_necessary_is_an_input_error(tmp_path, capsys):
    doc = write(tmp_path / "okrs.yaml", SEED_YAML)
    answers = write(tmp_path / "answers.yaml", "O1: {necessary: true}\n")

    assert main(["review", str(doc), "--answers", str(answers)]) == 2
    assert "O1" in capsys.readouterr().err


def test_interactive_review_reads_yes_and_no_from_stdin(tmp_path, monkeypatch, capsys):
    doc = write(tmp_path / "okrs.yaml", SEED_YAML)
    # KR1: 否 (not reachable without it → necessary); KR2: an unclear answer, then n;
    # KR3: 是 (reachable without it → not necessary); sufficiency: no; then a note.
    monkeypatch.setattr(sys, "stdin", io.StringIO("否\n也许\nn\n是\nno\n缺少取得证书的 KR\n"))

    assert main(["review", str(doc)]) == 0

    out = capsys.readouterr().out
    assert "没有这个 KR,目标还能达成吗?" in out and "所有 KR 都达成时,目标是否必然达成?" in out
    assert "kr-unmeasurable" in out  # the checker's hint on KR3 is shown before the questions
    assert "请回答" in out
    o_review, kr_reviews = reviews_of(doc)
    assert [r.necessary for r in kr_reviews] == [True, True, False]
    assert (o_review.sufficient, o_review.note) == (False, "缺少取得证书的 KR")


def test_interactive_review_stopped_early_records_the_answers_given(tmp_path, monkeypatch, capsys):
    doc = write(tmp_path / "seed.txt", SEED_TEXT)
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))  # then end of input

    assert main(["review", str(doc)]) == 0

    _, kr_reviews = reviews_of(doc)
    assert kr_reviews[0].necessary is True and kr_reviews[1] is None
    assert "O1.KR1" in capsys.readouterr().out


def test_interactive_review_with_every_question_skipped_leaves_the_file_unchanged(tmp_path, monkeypatch):
    doc = write(tmp_path / "okrs.yaml", SEED_YAML)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n\n\n\n\n"))

    assert main(["review", str(doc)]) == 0
    assert doc.read_text(encoding="utf-8") == SEED_YAML


def test_interactive_review_in_english_through_the_okr_command(tmp_path):
    doc = write(tmp_path / "seed.txt", SEED_TEXT)
    run = subprocess.run([sys.executable, "-m", "okrcoach.cli.main", "review", str(doc), "--lang", "en"],
                         input="n\ny\nn\ny\n\n", capture_output=True, text=True, cwd=tmp_path, timeout=120)

    assert run.returncode == 0, run.stderr
    assert "Without this KR, could the objective still be reached?" in run.stdout
    lines = doc.read_text(encoding="utf-8").splitlines()
    assert lines[2].endswith("[review: sufficient]")
    assert [line.rsplit("[", 1)[-1] for line in lines[4:7]] == [
        "review: necessary]", "review: not-necessary]", "review: necessary]"]
