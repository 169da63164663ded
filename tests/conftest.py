"""Shared helpers: run ``okr`` as a user would, and write OKR documents into a temporary folder."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

# Rules whose wording heuristics are still being tuned; tests about the CLI's plumbing switch them
# off so that they assert exit codes and shapes, not the judgement of the text rules.
TEXT_RULES = ("objective-vague", "objective-unfocused", "kr-unmeasurable", "kr-unrelated", "kr-redundant",
              "kr-set-insufficient", "alignment-unrelated")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> dict:
        return json.loads(self.stdout)

    def rules(self) -> set[str]:
        return {f["rule"] for f in self.json()["findings"]}


def run_okr(*args: str, cwd: Path | None = None, timeout: float = 120) -> Run:
    """``okr ARGS`` in a subprocess, as the installed command would run, with no terminal attached."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR",)}
    env["NO_COLOR"] = "1"
    proc = subprocess.run([sys.executable, "-m", "okrcoach.cli.main", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          stdin=subprocess.DEVNULL)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def without_text_rules() -> list[str]:
    return [arg for rule in TEXT_RULES for arg in ("--disable", rule)]


@pytest.fixture
def okr(tmp_path):
    """Run ``okr`` with the temporary folder as the working directory (so no project config applies)."""

    def _run(*args: str) -> Run:
        return run_okr(*args, cwd=tmp_path)

    return _run


@pytest.fixture
def write(tmp_path):
    """Write a document (dedented) into the temporary folder and return its path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write
