"""Import and export of OKR documents for admins (``/admin/transfer``), as ``okr import``/``okr export`` do.

An import takes two requests and keeps nothing between them: the upload is previewed (the import
run and rolled back, ``services.transfer_files``), and the preview page carries the files' text in
hidden fields that the confirmation sends back, to be checked and parsed again from scratch before
it is imported for real (an Excel workbook's bytes travel as base64). Both forms are multipart: a
hidden field is sent as it is, not percent-encoded, and its size limit below leaves room for the
browser's CRLF line ends.
"""
from __future__ import annotations

import dataclasses
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from ...api.deps import SessionDep, TodayDep
from ...services import transfer_files
from ...services.access import actor_for
from ...storage import models as m
from ...workspace.errors import Invalid, NotFound
from .. import i18n, refusals
from ..render import language, render
from .deps import CsrfChecked, PersonDep

router = APIRouter(include_in_schema=False)


async def upload_form(request: Request) -> FormData:
    """The form, parsed with room for the files before the CSRF check reads it (Starlette keeps it).

    Beyond these limits Starlette answers 400 itself; ``read_uploads`` words the usual ones."""
    return await request.form(max_files=5 * transfer_files.MAX_FILES,
                              max_fields=3 * transfer_files.MAX_FILES + 10,
                              max_part_size=2 * transfer_files.MAX_BYTES + 1024)


UploadForm = Depends(upload_form)
UploadFormDep = Annotated[FormData, UploadForm]


def _page(request: Request, session, person: m.Person, *, status: int = 200, **context):
    if context.get("problems"):   # a document's own problem, in the reader's language where it is known
        gettext = i18n.translations(language(request, person)).gettext
        context["problems"] = [p if p.code else dataclasses.replace(p, what=refusals.translate(p.what, gettext))
                               for p in context["problems"]]
    choices = transfer_files.choices(session, actor_for(session, person))
    context.setdefault("options", transfer_files.Options(cycle=choices.active))
    return render(request, "transfer.html", status=status, person=person, choices=choices,
                  max_files=transfer_files.MAX_FILES, max_kb=transfer_files.MAX_BYTES // 1024,
                  suffixes=transfer_files.SUFFIXES, **context)


def _options(form: FormData) -> transfer_files.Options:
    return transfer_files.Options(cycle=str(form.get("cycle") or "").strip()[:64],
                                  unit=str(form.get("unit") or "").strip()[:64])


@router.get("/admin/transfer")
def transfer_page(request: Request, session: SessionDep, person: PersonDep):
    return _page(request, session, person, stage="start")


@router.post("/admin/transfer/preview", dependencies=[UploadForm, CsrfChecked])
def preview_import(request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                   form: UploadFormDep):
    """What importing the uploaded files would do; nothing is stored."""
    transfer_files.check_may_transfer(actor_for(session, person))
    files = []
    for item in form.getlist("files"):
        if isinstance(item, UploadFile):   # no more than one byte past the limit is ever read
            files.append((item.filename or "", item.file.read(transfer_files.MAX_BYTES + 1)))
    return _import(request, session, person, today, form, files, keep=False)


@router.post("/admin/transfer/import", dependencies=[UploadForm, CsrfChecked])
def confirm_import(request: Request, session: SessionDep, person: PersonDep, today: TodayDep,
                   form: UploadFormDep):
    """The previewed files, sent back by the preview page, imported all or nothing."""
    transfer_files.check_may_transfer(actor_for(session, person))
    names, texts = form.getlist("file_name"), form.getlist("file_text")
    if len(names) != len(texts) or not all(isinstance(v, str) for v in names + texts):
        names, texts = [], []   # not what the preview page sends: treated as no file at all
    files = [(name, transfer_files.sent_back(name, text)) for name, text in zip(names, texts)]
    return _import(request, session, person, today, form, files, keep=True)


def _import(request: Request, session, person: m.Person, today, form: FormData,
            files: list[tuple[str, bytes]], *, keep: bool):
    actor = actor_for(session, person)
    options = _options(form)
    uploads, problems = transfer_files.read_uploads(files)
    if problems:   # the files that did read are parsed too: every problem shows at once
        problems += transfer_files.parse(uploads)[1]
        return _page(request, session, person, status=422, stage="start", problems=problems, options=options)
    work = transfer_files.run if keep else transfer_files.preview
    outcome = work(request.app.state.database.sessions, actor, uploads, options, today=today,
                   lang=language(request, person))
    if outcome.problems:
        return _page(request, session, person, status=422, stage="start", problems=outcome.problems,
                     options=options)
    return _page(request, session, person, stage="done" if keep else "preview", outcome=outcome,
                 uploads=uploads, options=options)


@router.get("/admin/transfer/export")
def export_download(request: Request, session: SessionDep, person: PersonDep, cycle: str = "", unit: str = "",
                    sub_units: bool = False, format: str = "yaml", package: str = "file"):
    """The chosen sets as a file to save; the form again with the reason when there is none."""
    try:
        download = transfer_files.export(session, actor_for(session, person), cycle=cycle.strip(),
                                         unit=unit.strip(), sub_units=sub_units, fmt=format, package=package,
                                         lang=language(request, person), tz=request.app.state.settings.tz)
    except (Invalid, NotFound) as error:
        return _page(request, session, person, status=error.status, stage="start", export_error=error,
                     export={"cycle": cycle, "unit": unit, "sub_units": sub_units, "format": format,
                             "package": package})
    fallback = download.filename.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(download.filename)}"
    return Response(download.content, media_type=download.media_type,
                    headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})
