"""Run the rules over documents: the one engine behind ``okr check``, the API and the web app."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..documents.load import load_text, read_documents, resolve_alignment
from ..domain.model import Document
from ..text.analyzer import Analyzer
from .config import CheckerConfig
from .context import SetContext
from .finding import Finding, Severity
from .registry import all_rules
from .rules.base import Hit, Rule


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
        for f in self.findings:
            counts[f.severity.value] += 1
        sets = [s for d in self.documents for s in d.sets]
        return {"files": len(self.documents),
                "objectives": sum(len(s.objectives) for s in sets),
                "key_results": sum(len(o.key_results) for s in sets for o in s.objectives),
                **counts}

    def to_dict(self) -> dict:
        return {"findings": [f.to_dict() for f in self.findings], "summary": self.summary()}

    def fails(self, level: Severity) -> bool:
        return any(f.severity.rank >= level.rank for f in self.findings)


def run_rules(docs: list[Document], config: CheckerConfig, analyzer: Analyzer,
              only: list[Document] | None = None) -> Iterator[tuple[Document, Rule, Severity, Hit]]:
    """Every rule's hits over the sets of ``only`` (default: all ``docs``), with the severity the
    configuration gives each rule. ``docs`` beyond ``only`` serve as alignment targets."""
    index = resolve_alignment(docs)
    rules = [r for r in all_rules() if r.id not in config.disable]
    for doc in docs if only is None else only:
        for okr_set in doc.sets:
            ctx = SetContext(doc=doc, okr_set=okr_set, docs=docs, index=index, config=config, text=analyzer)
            for rule in rules:
                severity = config.severity.get(rule.id, rule.severity)
                for hit in rule.check(ctx):
                    yield doc, rule, severity, hit


def check_documents(docs: list[Document], config: CheckerConfig | None = None,
                    analyzer: Analyzer | None = None) -> Report:
    config = config or CheckerConfig()
    analyzer = analyzer or Analyzer.for_config(config)
    report = Report(documents=docs)
    for doc, rule, severity, hit in run_rules(docs, config, analyzer):
        message, suggestion = rule.render(hit, config.lang)
        report.findings.append(Finding(doc.path, rule.id, severity, hit.location, message, suggestion))
    return report


def check(sources: Iterable[str | Path | Document] | str | Path | Document,
          config: CheckerConfig | None = None) -> Report:
    """Check OKR documents: paths (files or folders), ``Document`` objects, or both.

    >>> from okrcoach import check
    >>> report = check(["okrs/"])            # doctest: +SKIP
    >>> [f.rule for f in report.findings]    # doctest: +SKIP
    """
    if isinstance(sources, (str, Path, Document)):
        sources = [sources]
    docs: list[Document] = []
    paths: list[str | Path] = []
    for s in sources:
        (docs if isinstance(s, Document) else paths).append(s)
    if paths:
        docs = read_documents(paths) + docs  # check_documents resolves aligns_to over all of them
    return check_documents(docs, config)


def check_text(text: str, name: str = "<text>", config: CheckerConfig | None = None) -> Report:
    """Check a document held in memory (the web editor's draft, a pasted OKR)."""
    return check_documents([load_text(text, name)], config)
