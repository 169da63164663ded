"""Settings from ``[tool.okrcoach]`` in pyproject.toml or ``.okrcoach.toml``: read, validated, applied."""
from __future__ import annotations

import textwrap

import pytest

from conftest import without_text_rules
from okrcoach import CheckerConfig, Severity, check_text, load_config
from okrcoach.domain.errors import ConfigError

NO_DEADLINE = """
O1: 取得水利水电工程施工总承包二级资质
KR1: 注册二级建造师达到 15 人
KR2: 提交资质申报材料 1 套
O2: 通过职业健康安全管理体系认证
"""


def put(path, body: str):
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


def test_tool_okrcoach_in_pyproject_is_read(tmp_path):
    put(tmp_path / "pyproject.toml", """
        [project]
        name = "qualification-okrs"

        [tool.okrcoach]
        max_key_results = 4
        max_objectives = 3
        disable = ["kr-no-deadline"]
        lang = "en"
        fail_on = "error"

        [tool.okrcoach.severity]
        kr-missing = "warning"
    """)
    config = load_config(start=tmp_path)
    assert config.max_key_results == 4 and config.max_objectives == 3
    assert config.disable == {"kr-no-deadline"}
    assert config.lang == "en" and config.fail_on is Severity.ERROR
    assert config.severity == {"kr-missing": Severity.WARNING}
    assert config.source == str(tmp_path / "pyproject.toml")


def test_okrcoach_toml_is_found_from_a_subfolder_and_wins_over_pyproject(tmp_path):
    put(tmp_path / "pyproject.toml", "[tool.okrcoach]\nmax_objectives = 2\n")
    put(tmp_path / ".okrcoach.toml", "max_objectives = 4\n")
    (tmp_path / "okrs" / "q3").mkdir(parents=True)
    assert load_config(start=tmp_path / "okrs" / "q3").max_objectives == 4


def test_a_pyproject_without_the_table_is_skipped(tmp_path):
    put(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert load_config(start=tmp_path) == CheckerConfig()


@pytest.mark.parametrize("body,key", [
    ("max_key_results = 0\n", "max_key_results"),
    ("max_objectives = 'five'\n", "max_objectives"),
    ("max_krs = 5\n", "max_krs"),
    ("disable = ['kr-unmesurable']\n", "disable"),
    ("disable = 'kr-no-deadline'\n", "disable"),
    ("[severity]\nkr-missing = 'fatal'\n", "severity.kr-missing"),
    ("[severity]\nno-such-rule = 'info'\n", "severity.no-such-rule"),
    ("lang = 'fr'\n", "lang"),
    ("fail_on = 'never'\n", "fail_on"),
    ("embedding = 'bert'\n", "embedding"),
], ids=["max_key_results", "max_objectives", "unknown key", "disable unknown rule", "disable not a list",
        "bad severity", "severity unknown rule", "lang", "fail_on", "embedding"])
def test_a_bad_value_is_an_error_naming_the_key(tmp_path, body, key):
    path = put(tmp_path / ".okrcoach.toml", body)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert key in str(err.value)
    assert err.value.file == str(path)


def test_a_file_that_is_not_toml_is_an_error(tmp_path):
    path = put(tmp_path / ".okrcoach.toml", "max_key_results = = 3\n")
    with pytest.raises(ConfigError, match="TOML"):
        load_config(path)


def test_a_severity_override_changes_the_findings_severity():
    default = check_text(NO_DEADLINE, "plan.txt")
    changed = check_text(NO_DEADLINE, "plan.txt", CheckerConfig(severity={"kr-no-deadline": Severity.WARNING,
                                                                          "kr-missing": Severity.INFO}))
    sev = lambda report, rule: {f.severity for f in report.findings if f.rule == rule}  # noqa: E731
    assert sev(default, "kr-no-deadline") == {Severity.INFO}
    assert sev(changed, "kr-no-deadline") == {Severity.WARNING}
    assert sev(default, "kr-missing") == {Severity.ERROR}
    assert sev(changed, "kr-missing") == {Severity.INFO}


def test_disable_removes_a_rules_findings():
    report = check_text(NO_DEADLINE, "plan.txt", CheckerConfig(disable=frozenset({"kr-no-deadline"})))
    assert "kr-no-deadline" not in {f.rule for f in report.findings}
    assert "kr-missing" in {f.rule for f in report.findings}


def test_max_key_results_from_the_config_file_applies_to_okr_check(okr, write):
    write(".okrcoach.toml", "max_key_results = 2\n")
    write("plan.txt", """
        O1: 9 月 30 日前取得特种设备生产许可证
        KR1: 7 月前完成 2 名持证焊工的招聘
        KR2: 8 月前完成 1 次型式试验
        KR3: 9 月前通过鉴定评审
    """)
    run = okr("check", "plan.txt", "--format", "json", *without_text_rules())
    assert run.code == 1
    assert [(f["rule"], f["location"]) for f in run.json()["findings"]] == [("kr-count-exceeded", "O1")]


def test_lang_from_the_config_can_be_overridden_on_the_command_line(okr, write):
    write("pyproject.toml", "[tool.okrcoach]\nlang = \"en\"\n")
    write("plan.txt", "O1: Obtain the EN 1090 EXC2 certificate by October\n")
    en = okr("check", "plan.txt", "--format", "json").json()["findings"]
    zh = okr("check", "plan.txt", "--format", "json", "--lang", "zh").json()["findings"]
    message = {f["rule"]: f["message"] for f in en}["kr-missing"]
    assert "Obtain the EN 1090" in message and "目标" not in message
    assert "目标" in {f["rule"]: f["message"] for f in zh}["kr-missing"]


@pytest.mark.parametrize("how", ["found", "--config"])
def test_a_bad_config_makes_okr_check_exit_2_naming_the_key(okr, write, how):
    write("settings/okr.toml" if how == "--config" else ".okrcoach.toml", "max_key_results = 0\n")
    write("plan.txt", "O1: 取得资质\nKR1: 9 月前提交申报材料 1 套\n")
    args = ["--config", "settings/okr.toml"] if how == "--config" else []
    run = okr("check", "plan.txt", *args)
    assert run.code == 2
    assert "max_key_results" in run.stderr and "Traceback" not in run.stderr
    assert run.stdout == ""


def test_a_missing_config_file_given_with_config_exits_2(okr, write):
    write("plan.txt", "O1: 取得资质\nKR1: 9 月前提交申报材料 1 套\n")
    run = okr("check", "plan.txt", "--config", "nowhere.toml")
    assert run.code == 2 and "nowhere.toml" in run.stderr and "Traceback" not in run.stderr
