"""New recipe → paste or import: pasted text, a URL or an uploaded file becomes one review
table (each line editable, the ingredient picker preselected with its match and score),
then Save. With `into`, the same page adds the lines to an existing recipe."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from starlette.datastructures import FormData
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, Invalid
from baketracker.services import catalog, recipe_import, recipes
from baketracker.web.templating import redirect, refused, render

router = APIRouter(prefix="/recipes")
PAGE = "recipes/import.html"
NEW_PREFIX = "new:"


def _context(
    uow: UnitOfWork, *, text: str = "", url: str = "", into: str = "",
    draft: dict[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    target = recipes.get_recipe(into, session=uow) if into else None
    return {
        "form": {"text": text, "url": url},
        "into": target["slug"] if target else "",
        "target": target,
        "draft": draft,
        "ingredients": catalog.list_ingredients(leaves_only=True, session=uow),
        "new_prefix": NEW_PREFIX,
        "error_line": None,
    }


@router.get("/import")
def import_page(request: Request, uow: UnitOfWork, into: str = "") -> Response:
    """The paste box, URL field and file upload."""
    return render(request, PAGE, _context(uow, into=into))


def _upload(file: UploadFile | None) -> bytes | None:
    if file is None or not file.filename:
        return None
    data = file.file.read(recipe_import.MAX_BYTES + 1)
    if len(data) > recipe_import.MAX_BYTES:
        raise Invalid(f"{file.filename} is larger than 5 MB; import one recipe at a time",
                      field="file")  # fmt: skip
    return data


def _read(uow: UnitOfWork, text: str, url: str, file: UploadFile | None) -> dict[str, Any]:
    data = _upload(file)
    if data is not None:
        name = file.filename if file is not None else None
        return recipe_import.draft_from_file(data, filename=name, session=uow)
    if url.strip():
        page = recipe_import.fetch_page(url.strip())
        return recipe_import.draft_from_html(page, url.strip(), session=uow)
    if not text.strip():
        raise Invalid("Paste a recipe, give its web address or choose a file", field="text")
    if recipe_import.looks_like_html(text):  # a page's source pasted into the box
        return recipe_import.draft_from_html(text, session=uow)
    return recipe_import.draft_from_text(text, session=uow)


@router.post("/import")
def read_recipe(
    request: Request,
    uow: UnitOfWork,
    text: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    into: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Read what was given into the review table; writes nothing."""
    try:
        draft = _read(uow, text, url, file)
    except BakeTrackerError as exc:
        return refused(request, PAGE, PAGE, _context(uow, text=text, url=url, into=into), exc)
    return render(request, PAGE, _context(uow, text=text, url=url, into=into, draft=draft))


def _field(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _line(form: FormData, n: int) -> dict[str, Any]:
    picked = _field(form, f"ing_{n}")
    new = picked.removeprefix(NEW_PREFIX) if picked.startswith(NEW_PREFIX) else None
    return {
        "text": _field(form, f"text_{n}"),
        "quantity": _field(form, f"qty_{n}") or None,
        "quantity_text": _field(form, f"qty_{n}") or None,
        "unit": _field(form, f"unit_{n}") or None,
        "ingredient_slug": None if new is not None else picked or None,
        "new_ingredient": new or None,
        "ingredient_text": _field(form, f"itext_{n}") or None,
        "score": int(_field(form, f"score_{n}") or 0),
        "note": _field(form, f"note_{n}") or None,
        "optional": bool(_field(form, f"opt_{n}")),
        "section": _field(form, f"section_{n}") or None,
        "problem": _field(form, f"problem_{n}") or None,
    }


def draft_from_form(form: FormData) -> dict[str, Any]:
    """The reviewed draft as the table sent it back."""
    try:
        count = int(_field(form, "line_count") or 0)
    except ValueError:
        raise Invalid("The review table was damaged; read the recipe again", field="text") from None
    count_text = _field(form, "yield_count")
    return {
        "name": _field(form, "name") or None,
        "yield": {"text": _field(form, "yield_text") or None, "count": count_text or None,
                  "unit": _field(form, "yield_unit") or None} if count_text else None,
        "instructions": _field(form, "instructions") or None,
        "notes": _field(form, "notes") or None,
        "source_url": _field(form, "source_url") or None,
        "lines": [_line(form, n) for n in range(1, min(count, 500) + 1)],
    }  # fmt: skip


async def _form(request: Request) -> FormData:
    return await request.form()


@router.post("/import/save")
def save_recipe(
    request: Request, uow: UnitOfWork, form: Annotated[FormData, Depends(_form)]
) -> Response:
    """Save the reviewed table as a new recipe (or add its lines to `into`), all or nothing."""
    draft = draft_from_form(form)
    into = _field(form, "into")
    try:
        if into:
            saved = recipe_import.add_draft_lines(into, draft, session=uow)
            count = len(draft["lines"])
            message = f"Added {count} line{'s' if count != 1 else ''} to {saved['name']}."
        else:
            saved = recipe_import.save_draft(draft, session=uow)
            message = f"Imported {saved['name']} with {len(saved['ingredients'])} lines."
    except BakeTrackerError as exc:
        uow.rollback()  # proposed ingredients created before the refusal go too
        context = _context(uow, into=into, draft=draft)
        record = getattr(exc, "record", None) or ""
        found = re.match(r"Line (\d+)\b", record)
        context["error_line"] = int(found.group(1)) if found else None
        return refused(request, PAGE, PAGE, context, exc)
    return redirect(request, f"/recipes/{saved['slug']}", flash=message)
