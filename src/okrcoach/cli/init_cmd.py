"""``okr init [PATH] [--template NAME] [--list] [--lang zh|en] [--force]``: start from a correct OKR.

Templates are the YAML files in ``okrcoach/templates``: ``NAME.yaml`` (zh-CN) and, where there is
one, ``NAME.en.yaml`` (English). Each passes ``okr check`` cleanly and its comments say why it is
written the way it is, so a new user copies good habits, not the seed article's two defects. The
first comment line of a template is its one-line description for ``--list``. An existing file is
never overwritten without ``--force``: an OKR file may hold a quarter's work.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..documents.templates import description, template_files, template_text
from ..domain.errors import InputError

DEFAULT_TEMPLATE = "starter"
DEFAULT_PATH = "okrs.yaml"


def add_parser(sub) -> None:
    p = sub.add_parser("init", help="write a starter OKR file from a template",
                       description="Write a starter OKR YAML file. Templates pass `okr check` cleanly.")
    p.add_argument("path", nargs="?", default=DEFAULT_PATH, metavar="PATH",
                   help=f"file to write (default {DEFAULT_PATH}; a folder gets {DEFAULT_PATH} inside)")
    p.add_argument("--template", default=DEFAULT_TEMPLATE, metavar="NAME",
                   help=f"template name (default {DEFAULT_TEMPLATE}; see --list)")
    p.add_argument("--list", action="store_true", help="list the templates and exit")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the template (default zh)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(handler=run)


def run(args) -> int:
    if args.list:
        return _list(args.lang)
    text = template_text(args.template, args.lang)
    path = Path(args.path)
    if path.is_dir():
        path = path / DEFAULT_PATH
    if path.exists() and not args.force:
        raise _exists(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    if args.force:
        from ..review.atomic import atomic_write

        atomic_write(path, data)
    else:
        try:
            with open(path, "xb") as f:  # exclusive: never clobber a file created meanwhile
                f.write(data)
        except FileExistsError:
            raise _exists(path) from None
    if args.lang == "en":
        print(f"Wrote {path} (template {args.template}). "
              f"Next: okr check {path}, then okr review --lang en {path}")
    else:
        print(f"已写入 {path}(模板 {args.template})。下一步:okr check {path},然后 okr review {path}")
    return 0


def _exists(path: Path) -> InputError:
    return InputError(f"{path} already exists; not overwriting it", expected="another PATH, or --force to overwrite")


def _list(lang: str) -> int:
    known = template_files()
    default = "(默认)" if lang == "zh" else "(default)"
    width = max(len(name) for name in known)
    for name, variants in known.items():
        langs = ", ".join(sorted(variants, key=lambda v: v != "zh"))
        mark = f" {default}" if name == DEFAULT_TEMPLATE else ""
        print(f"{name:<{width}}  [{langs}]  {description(template_text(name, lang))}{mark}", file=sys.stdout)
    return 0
