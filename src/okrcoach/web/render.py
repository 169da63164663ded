"""Pages from templates: one Jinja2 environment (autoescaped), each render in the reader's language."""
from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from . import i18n, refusals
from .security import LANG_COOKIE, csrf_value, remember_csrf

HERE = Path(__file__).parent
env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.3g}"


env.filters["percent"] = percent
env.filters["number"] = number


def language(request: Request, person=None) -> str:
    return i18n.pick(request.cookies.get(LANG_COOKIE), getattr(person, "locale", None))


def render(request: Request, template: str, *, status: int = 200, person=None, **context) -> HTMLResponse:
    lang = language(request, person)
    translations = i18n.translations(lang)
    html = env.get_template(template).render(
        request=request, me=person, lang=lang, html_lang=i18n.HTML_LANG[lang], _=translations.gettext,
        ngettext=translations.ngettext, csrf=csrf_value(request), version=__version__, **context)
    response = HTMLResponse(html, status_code=status)
    remember_csrf(request, response)
    return response


def error_page(request: Request, status: int, code: str, message: str, field: str | None):
    """Errors on pages: signing in when needed, else a page in the reader's language with the reason."""
    if status == 401:
        return RedirectResponse(f"/signin?next={request.url.path}", status_code=303)
    return render(request, "error.html", status=status, code=code, field=field,
                  message=refusals.translate(message, i18n.translations(language(request)).gettext))


def refusal_text(request: Request, person, error) -> str:
    """A service's refusal as the page shows it: in the reader's language where the catalog knows it."""
    return refusals.translate(error.message, i18n.translations(language(request, person)).gettext)
