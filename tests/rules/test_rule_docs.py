"""The rule catalogue agrees with itself: spec, registry, docstrings, severities, messages, cases.

- every registered rule id has a ``### <id>`` section in ``shared/spec/rules.md`` and vice versa;
- every rule's docstring has the sections What it checks / Why it matters / Fires / Does not fire;
- every rule's default severity is the one rules.md gives;
- every rule renders a non-empty message and suggestion in zh and en, for each variant;
- every rule has a case file (``cases/<id>.yaml``) with firing and non-firing cases, whose expected
  locations have the shape rules.md gives for that rule.
"""
from __future__ import annotations

import inspect
import re
import string
from pathlib import Path

import pytest
import yaml

from okrcoach.checker.registry import all_rules, get_rule, rule_ids
from okrcoach.checker.rules.base import Hit

from test_rule_cases import CASES_DIR, load_all_cases, load_case_file, run_case  # noqa: E402

RULES_MD = Path(__file__).resolve().parents[3] / "shared" / "spec" / "rules.md"
SECTIONS = ("What it checks:", "Why it matters:", "Fires:", "Does not fire:")
LANGS = ("zh", "en")
# The contract as the brief and rules.md state it; rules.md is parsed too and must agree.
EXPECTED_SEVERITY = {"kr-missing": "error", "kr-count-exceeded": "error", "kr-no-deadline": "info"}
_HEADING = re.compile(
    r"^###\s+(?P<id>[a-z0-9-]+)\s*(?:\((?P<severity>error|warning|info)\s*,\s*on\s+(?P<on>[^)]*)\))?", re.M)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SET_ID = r"[A-Za-z0-9_-]+"
LOCATION_SHAPES = {
    # rules.md's "on ..." clause -> the shape of a location, with an optional set prefix
    "objective": re.compile(rf"^(?:(?P<set>{_SET_ID})\.)?O[1-9]\d*$"),
    "kr": re.compile(rf"^(?:(?P<set>{_SET_ID})\.)?O[1-9]\d*\.KR[1-9]\d*$"),
    "set": re.compile(rf"^(?P<set>{_SET_ID})?$"),
}


# --------------------------------------------------------------------------- the spec
@pytest.fixture(scope="module")
def spec() -> dict[str, dict[str, str | None]]:
    if not RULES_MD.is_file():
        pytest.skip(f"rules.md not found at {RULES_MD} "
                    "(the shared spec lives next to the repo, in <parent of the repo>/shared/spec)")
    text = RULES_MD.read_text(encoding="utf-8")
    return {m["id"]: {"severity": m["severity"], "on": m["on"]} for m in _HEADING.finditer(text)}


def _kind(on: str | None) -> str | None:
    if not on:
        return None
    if "KR" in on:
        return "kr"
    if "O<n>" in on:
        return "objective"
    if "set" in on:
        return "set"
    return None


def test_every_registered_rule_is_in_the_spec(spec):
    missing = [r for r in rule_ids() if r not in spec]
    assert not missing, f"rules without a '### <id>' section in rules.md: {missing}"


def test_every_spec_rule_is_registered(spec):
    unknown = [r for r in spec if r not in rule_ids()]
    assert not unknown, f"rules.md sections with no registered rule: {unknown}"


def test_rule_ids_are_unique():
    ids = rule_ids()
    assert len(ids) == len(set(ids)), ids


@pytest.mark.parametrize("rule_id", rule_ids())
def test_severity_matches_the_spec(spec, rule_id):
    rule = get_rule(rule_id)
    if rule_id not in spec:
        pytest.skip(f"{rule_id} has no section in rules.md (reported by another test)")
    documented = spec[rule_id]["severity"]
    assert documented, f"rules.md gives no severity in the heading of {rule_id}"
    assert rule.severity.value == documented, \
        f"{rule_id}: {rule.severity.value} in code, {documented} in rules.md"
    assert documented == EXPECTED_SEVERITY.get(rule_id, "warning")


# --------------------------------------------------------------------------- docstrings
@pytest.mark.parametrize("rule_id", rule_ids())
def test_docstring_has_the_four_sections_in_order(rule_id):
    doc = inspect.getdoc(type(get_rule(rule_id))) or ""
    lines = [line.strip() for line in doc.splitlines()]
    positions = []
    for section in SECTIONS:
        assert section in lines, f"{rule_id}: docstring has no '{section}' section line"
        positions.append(lines.index(section))
    assert positions == sorted(positions), \
        f"{rule_id}: sections out of order: {dict(zip(SECTIONS, positions))}"
    assert lines[0] and lines[0] not in SECTIONS, f"{rule_id}: the docstring starts with no summary line"
    bounds = positions + [len(lines)]
    for section, start, end in zip(SECTIONS, bounds, bounds[1:]):
        body = [line for line in lines[start + 1:end] if line]
        assert body, f"{rule_id}: section '{section}' is empty"


# --------------------------------------------------------------------------- messages
def _sample_params(templates: list[str]) -> dict[str, object]:
    params: dict[str, object] = {}
    for template in templates:
        for _, name, spec_, _ in string.Formatter().parse(template):
            if name is None:
                continue
            root = re.split(r"[.\[]", name, maxsplit=1)[0]
            numeric = bool(spec_) and spec_[-1] in "bcdeEfFgGnoxX%"
            params.setdefault(root, 6 if numeric else "样例 sample")
    return params


def _message_cases() -> list[tuple[str, str, str]]:
    out = []
    for rule in all_rules():
        variants = sorted({v for lang in LANGS for v in (rule.messages.get(lang) or {})} | {"default"})
        out += [(rule.id, lang, v) for lang in LANGS for v in variants]
    return out


@pytest.mark.parametrize("rule_id,lang,variant", _message_cases(),
                         ids=[f"{r}:{lang}:{v}" for r, lang, v in _message_cases()])
def test_every_variant_renders_in_each_language(rule_id, lang, variant):
    rule = get_rule(rule_id)
    table = rule.messages.get(lang)
    assert table, f"{rule_id}: no messages in {lang!r}"
    assert variant in table, f"{rule_id}: variant {variant!r} has no {lang!r} messages"
    message_t, suggestion_t = table[variant]
    message, suggestion = rule.render(Hit("O1", _sample_params([message_t, suggestion_t]), variant), lang)
    assert message.strip(), f"{rule_id}/{variant}/{lang}: empty message"
    assert suggestion.strip(), f"{rule_id}/{variant}/{lang}: empty suggestion"
    bare = string.Formatter()
    literal = "".join(text for t in (message_t, suggestion_t) for text, *_ in bare.parse(t))
    if lang == "zh":
        assert _CJK.search(literal), f"{rule_id}/{variant}: the zh text is not Chinese: {message_t!r}"
    else:
        assert not _CJK.search(literal), f"{rule_id}/{variant}: the en text contains Chinese: {message_t!r}"


@pytest.mark.parametrize("rule_id", rule_ids())
def test_findings_render_in_both_languages(rule_id):
    """The params a rule really passes fill its templates, in zh and in en."""
    firing = [c for c in load_all_cases() if c.rule == rule_id and c.expect]
    produced = 0
    for case in firing:
        for lang in LANGS:
            for f in run_case(case, lang=lang):
                if f.rule != rule_id:
                    continue
                produced += 1
                assert f.message.strip() and f.suggestion.strip(), \
                    f"{case.id} ({lang}): empty message or suggestion at {f.location!r}"
    if not produced:
        pytest.skip(f"{rule_id} produced no finding on its firing cases (see test_rule_cases)")


# --------------------------------------------------------------------------- case files
@pytest.mark.parametrize("rule_id", rule_ids())
def test_every_rule_has_firing_and_clean_cases(rule_id):
    path = CASES_DIR / f"{rule_id}.yaml"
    assert path.is_file(), f"no case file {path.name}"
    cases = load_case_file(path)
    assert any(c.expect for c in cases), f"{path.name}: no case where the rule fires"
    assert any(not c.expect for c in cases), f"{path.name}: no case where the rule does not fire"


def test_case_files_name_registered_rules():
    ids = set(rule_ids())
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["rule"] == path.stem, f"{path.name} declares rule {data['rule']!r}"
        assert data["rule"] in ids, f"{path.name}: {data['rule']!r} is not a registered rule"


def test_case_names_are_unique():
    seen: dict[str, int] = {}
    for case in load_all_cases():
        seen[case.id] = seen.get(case.id, 0) + 1
    assert not [k for k, n in seen.items() if n > 1], "duplicate case ids"


def _set_ids(case) -> list[str] | None:
    """The set ids of a multi-set (``okrs:``) YAML doc, or None for a single-set doc."""
    if case.format != "yaml":
        return None
    data = yaml.safe_load(case.doc)
    if isinstance(data, dict) and isinstance(data.get("okrs"), list):
        return [str(s.get("id")) for s in data["okrs"]]
    return None


@pytest.mark.parametrize("case", load_all_cases(), ids=lambda c: c.id)
def test_expected_locations_have_the_rules_shape(spec, case):
    kind = _kind((spec.get(case.rule) or {}).get("on"))
    assert kind, f"rules.md gives no location for {case.rule}"
    sets = _set_ids(case)
    for loc in case.expect:
        m = LOCATION_SHAPES[kind].match(loc)
        assert m, f"{case.id}: {loc!r} is not a {kind} location"
        prefix = m["set"]
        if sets is None:
            assert prefix is None, f"{case.id}: single-set document, but {loc!r} carries a set id"
        else:
            assert prefix in sets, f"{case.id}: {loc!r} names no set of the document ({sets})"
