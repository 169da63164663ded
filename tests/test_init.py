"""``okr init``: starter files from templates that pass the checker without a single finding."""
from __future__ import annotations

from importlib.resources import files

import pytest

from okrcoach import check
from okrcoach.cli.main import main
from okrcoach.documents import load_documents

TEMPLATES = sorted(p.name for p in (files("okrcoach") / "templates").iterdir() if p.name.endswith(".yaml"))


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_init_writes_a_starter_file_that_the_checker_finds_clean(tmp_path, capsys):
    assert main(["init"]) == 0

    written = tmp_path / "okrs.yaml"
    assert written.is_file()
    assert check([written]).findings == []
    assert "okrs.yaml" in capsys.readouterr().out


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_passes_the_checker_without_findings(name):
    path = files("okrcoach") / "templates" / name
    report = check([str(path)])
    assert [(f.rule, f.location) for f in report.findings] == []
    [doc] = report.documents
    assert doc.sets[0].cycle is not None


def test_init_refuses_to_overwrite_an_existing_file(tmp_path, capsys):
    target = tmp_path / "mine.yaml"
    target.write_text("my quarter's work\n", encoding="utf-8")

    assert main(["init", str(target)]) == 2

    assert target.read_text(encoding="utf-8") == "my quarter's work\n"


def test_init_refusal_message_names_the_file_and_force(tmp_path, capsys):
    (tmp_path / "okrs.yaml").write_text("x\n", encoding="utf-8")

    assert main(["init"]) == 2

    err = capsys.readouterr().err
    assert "okrs.yaml" in err and "already exists" in err and "--force" in err


def test_init_with_force_overwrites(tmp_path):
    target = tmp_path / "okrs.yaml"
    target.write_text("old\n", encoding="utf-8")

    assert main(["init", str(target), "--force", "--template", "personal-growth"]) == 0

    assert "本季度提升资质管理专业能力与团队协作水平" in target.read_text(encoding="utf-8")


def test_init_list_shows_every_template_with_a_description(capsys):
    assert main(["init", "--list"]) == 0

    out = capsys.readouterr().out.splitlines()
    names = [line.split()[0] for line in out]
    assert {"starter", "grade-a-certification", "personal-growth"} <= set(names)
    assert all(len(line.split(None, 2)) == 3 for line in out)


def test_init_list_in_english_describes_in_english(capsys):
    assert main(["init", "--list", "--lang", "en"]) == 0
    assert "Starter" in capsys.readouterr().out


def test_init_lang_en_writes_the_english_template(tmp_path):
    assert main(["init", "en.yaml", "--template", "grade-a-certification", "--lang", "en"]) == 0

    [doc] = load_documents([tmp_path / "en.yaml"])
    assert "Grade-A" in doc.sets[0].objectives[0].title


def test_grade_a_template_fixes_the_seed_and_says_why(tmp_path):
    assert main(["init", "--template", "grade-a-certification"]) == 0

    text = (tmp_path / "okrs.yaml").read_text(encoding="utf-8")
    assert "kr-unmeasurable" in text and "kr-set-insufficient" in text
    [doc] = load_documents([tmp_path / "okrs.yaml"])
    krs = [kr.title for kr in doc.sets[0].objectives[0].key_results]
    assert len(krs) == 4
    assert "48 小时内响应率 100%" in krs[2] and "常态化沟通机制" not in krs[2]
    assert "取得甲级资质证书" in krs[3]


def test_init_into_a_folder_writes_okrs_yaml_there(tmp_path):
    (tmp_path / "team").mkdir()

    assert main(["init", "team"]) == 0
    assert (tmp_path / "team" / "okrs.yaml").is_file()


def test_init_with_an_unknown_template_is_an_input_error(tmp_path, capsys):
    assert main(["init", "--template", "nope"]) == 2

    err = capsys.readouterr().err
    assert "nope" in err and "starter" in err
    assert not (tmp_path / "okrs.yaml").exists()
