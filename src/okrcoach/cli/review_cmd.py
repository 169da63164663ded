"""``okr review FILE [--answers ANSWERS.yaml] [--lang zh|en]``: the seed's two questions, recorded.

A thin adapter over ``okrcoach.review``: read the document, show the checker's hints, ask (at the
terminal, or from an answers file so that scripts and tests can drive it), write the answers into
the document and say what was recorded.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..domain.errors import InputError


def add_parser(sub) -> None:
    p = sub.add_parser(
        "review", help="answer the necessity and sufficiency questions and record them in the file",
        description="Guided review of each objective: without this KR, could the objective still be "
                    "reached? With all KRs met, is the objective necessarily met? The answers are written "
                    "back into the document (review: in YAML/JSON, [复核: …] tags in text).")
    p.add_argument("file", metavar="FILE", help="one OKR document (YAML, JSON, Markdown or text)")
    p.add_argument("--answers", type=Path, default=None, metavar="ANSWERS.yaml",
                   help="answer from this file instead of asking: "
                        "{O1: {sufficient: …}, O1.KR1: {necessary: …}}")
    p.add_argument("--lang", choices=("zh", "en"), default=None,
                   help="language of questions and tags (default zh)")
    p.set_defaults(handler=run)


def run(args, stdin=None, stdout=None) -> int:
    from ..checker.config import load_config
    from ..documents.load import read_file
    from ..review import load_answers, targets_of, write_back
    from ..review.answers import finalize
    from ..review.guide import FileAsker, StreamAsker, walk
    from ..review.messages import texts
    from ..review.summary import summarize
    from ..review.suspicions import suspicions

    out = stdout or sys.stdout
    path = Path(args.file)
    if path.is_dir():
        raise InputError("okr review takes one file, not a folder", file=args.file,
                         expected="a YAML, JSON, Markdown or text OKR document")
    if not path.exists():
        raise InputError("no such file", file=args.file)
    doc = read_file(path, args.file)
    targets = targets_of(doc)
    config = load_config().with_overrides(lang=args.lang)
    lang = config.lang
    t = texts(lang)
    given = load_answers(args.answers, targets) if args.answers else None  # bad answers: fail before asking

    hints, failure = suspicions(path, targets, config)
    if failure:
        out.write(t["checker_failed"].format(reason=failure) + "\n")
    asker = FileAsker(given, out, lang) if given is not None else StreamAsker(stdin or sys.stdin, out, lang)
    answers, _ = walk(targets, hints, asker, out, lang)

    reviews = finalize(targets, answers)
    if not reviews:
        out.write(t["nothing"].format(file=args.file) + "\n")
        return 0
    write_back(path, doc, targets, reviews, lang)
    out.write(summarize(args.file, targets, reviews, doc.format, lang) + "\n")
    return 0
