"""Rule cases as data: one YAML file per rule id in ``cases/``, run by this one test.

A case file looks like this (in the spirit of sqlfluff's YAML rule fixtures)::

    rule: kr-unmeasurable
    cases:
      - name: fires_on_ongoing_communication_zh
        format: text            # text or yaml: which reader of okr-format.md gets the doc
        config: {max_key_results: 3}   # optional, [tool.okrcoach] keys (parse_config)
        doc: |
          目标(O):……
            KR1:……
        expect: [O1.KR2]        # exactly the locations where THIS rule must fire

Only findings of the file's rule are compared; other rules may say what they like (each doc is
still written so that nothing else should fire). The expectations follow
``shared/spec/rules.md`` and the labelling conventions of ``shared/eval/README.md``, not the
checker's current behaviour.

The embedding backend defaults to the product default ("use"); set
``OKRCOACH_TEST_EMBEDDING=none`` to run the suite with the lexical fallback.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from okrcoach.checker.config import CheckerConfig, parse_config
from okrcoach.checker.engine import check_documents
from okrcoach.documents import load_text
from okrcoach.text.analyzer import Analyzer

CASES_DIR = Path(__file__).parent / "cases"
FORMATS = {"text": "txt", "yaml": "yaml"}
CASE_KEYS = {"name", "doc", "format", "expect", "config", "known_gap"}
EMBEDDING = os.environ.get("OKRCOACH_TEST_EMBEDDING", "use")


@dataclass(frozen=True)
class RuleCase:
    rule: str
    name: str
    doc: str
    format: str
    expect: tuple[str, ...]
    config: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    # Why the checker does not yet meet this case; the test is a strict xfail, so it fails
    # loudly the day the rule learns the case and the note can be removed.
    known_gap: str = ""

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.name}"

    @property
    def filename(self) -> str:
        # the suffix tells load_text which reader to use
        return f"{self.rule}--{self.name}.{FORMATS[self.format]}"


def load_case_file(path: Path) -> list[RuleCase]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "rule" not in data or not isinstance(data.get("cases"), list):
        raise ValueError(f"{path.name}: expected a mapping with 'rule' and a list 'cases'")
    rule = data["rule"]
    out = []
    for i, raw in enumerate(data["cases"]):
        where = f"{path.name} case #{i + 1}"
        if not isinstance(raw, dict):
            raise ValueError(f"{where}: a case is a mapping")
        unknown = set(raw) - CASE_KEYS
        missing = {"name", "doc", "format", "expect"} - set(raw)
        if unknown or missing:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
        if raw["format"] not in FORMATS:
            raise ValueError(f"{where}: format {raw['format']!r} is not one of {sorted(FORMATS)}")
        expect = raw["expect"]
        if not isinstance(expect, list) or not all(isinstance(x, str) for x in expect):
            raise ValueError(f"{where}: expect is a list of locations (strings)")
        out.append(RuleCase(rule=rule, name=str(raw["name"]), doc=raw["doc"], format=raw["format"],
                            expect=tuple(expect), config=dict(raw.get("config") or {}), source=path.name,
                            known_gap=str(raw.get("known_gap") or "")))
    return out


def load_all_cases() -> list[RuleCase]:
    cases: list[RuleCase] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        cases.extend(load_case_file(path))
    return cases


_ANALYZERS: dict[str, Analyzer] = {}


def analyzer_for(config: CheckerConfig) -> Analyzer:
    """One analyser per embedding backend and worker: the model loads once, not once per case."""
    if config.embedding not in _ANALYZERS:
        _ANALYZERS[config.embedding] = Analyzer.for_config(config)
    return _ANALYZERS[config.embedding]


def case_config(case: RuleCase, **overrides: Any) -> CheckerConfig:
    data = {"embedding": EMBEDDING, **case.config, **overrides}
    return parse_config(data, source=f"{case.source}:{case.name}")


def run_case(case: RuleCase, **overrides: Any):
    """All findings of the case's document (every rule), with the case's configuration."""
    config = case_config(case, **overrides)
    doc = load_text(case.doc, case.filename)
    return check_documents([doc], config, analyzer=analyzer_for(config)).findings


def pytest_generate_tests(metafunc):
    if "rule_case" in metafunc.fixturenames:
        cases = load_all_cases()
        metafunc.parametrize("rule_case", cases, ids=[c.id for c in cases])


def test_rule_case(rule_case: RuleCase, request):
    if rule_case.known_gap:
        request.applymarker(pytest.mark.xfail(reason=rule_case.known_gap, strict=True))
    findings = run_case(rule_case)
    got = sorted(f.location for f in findings if f.rule == rule_case.rule)
    want = sorted(rule_case.expect)
    if got != want:
        others = "\n".join(f"    {f.rule} @ {f.location or '<set>'}: {f.message}"
                           for f in findings) or "    (none)"
        pytest.fail(
            f"{rule_case.id}: {rule_case.rule} fired at {got}, expected {want}\n"
            f"  missing: {sorted(set(want) - set(got))}  extra: {sorted(set(got) - set(want))}\n"
            f"  all findings on this doc:\n{others}",
            pytrace=False)
