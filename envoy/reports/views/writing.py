"""Writing a chapter, or the whole body, as one text (``reports/writing.py``): the text box,
its preview (how each line will be read, what is kept, changed, added and removed) and its
save; and undoing the last change of a block.

The text box is a form of its own: "預覽分段" shows the split under it, each line's kind
open to correction; "儲存" saves. A text written from chapters someone else changed since
is refused (409) with the text kept; what stops a save (photos it would remove, a day
outside the trip) answers 422 with the text and the reasons.
"""

import hashlib

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from envoy.core.lib.locking import EditConflict

from .. import services, writing
from ..checks import block_flags
from ..enums import BlockKind
from ..forms import BodyTextForm
from .editing import (
    PAGE,
    block_context,
    block_of,
    changed,
    chapter_of,
    chapters_response,
    edit_url,
    editable_report,
    form_response,
)


def _digest(text: str) -> str:
    """Which text a preview was made of: its corrections of kinds apply to that text only."""
    return hashlib.sha256(text.replace("\r\n", "\n").encode()).hexdigest()[:32]


def _kinds(request, form: BodyTextForm) -> dict[int, str]:
    """The writer's corrections of how lines were read, when the text is the one previewed."""
    if form.cleaned_data["previewed"] != _digest(form.cleaned_data["text"]):
        return {}
    kinds = {}
    for name, value in request.POST.items():
        if name.startswith("kind-") and name[5:].isdigit() and value in writing.RETYPES:
            kinds[int(name[5:])] = value
    return kinds


def _text_page(request, report, chapter, *, status=200, **extra):
    """The text box (with its preview when there is one), for ``chapter`` or the whole body."""
    context = {
        "report": report,
        "chapter": chapter,
        "text_url": extra.pop("text_url"),
        "retypes": [(kind.value, kind.label) for kind in map(BlockKind, writing.RETYPES)],
        **extra,
    }
    return form_response(request, "body_text_form", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def chapter_text(request, pk, chapter_pk):
    report = editable_report(request, pk)
    chapter = chapter_of(report, chapter_pk)
    return _write(request, report, chapter, chapter.urls["text"])


@login_required
@require_http_methods(["GET", "POST"])
def body_text(request, pk):
    report = editable_report(request, pk)
    return _write(request, report, None, request.path)


def _write(request, report, chapter, text_url):
    """GET: the text written out. POST ``step=preview``: the split shown; ``step=save``:
    saved (every chapter redrawn)."""
    whole = chapter is None
    chapters = writing.load_chapters(report, chapter)
    if request.method == "GET":
        text = writing.body_text(chapters, headings=whole, style=report.heading_style)
        form = BodyTextForm(initial={"text": text, "base": writing.fingerprint(chapters)})
        return _text_page(request, report, chapter, form=form, text_url=text_url)
    form = BodyTextForm(request.POST)
    if not form.is_valid():
        return _text_page(request, report, chapter, form=form, text_url=text_url, status=422)
    text, kinds = form.cleaned_data["text"], _kinds(request, form)
    if request.POST.get("step") == "save":
        try:
            services.rewrite_body(
                user=request.user,
                report=report,
                text=text,
                base=form.cleaned_data["base"],
                chapter=chapter,
                kinds=kinds,
            )
        except EditConflict as conflict:
            return _text_page(
                request,
                report,
                chapter,
                form=form,
                text_url=text_url,
                conflict=conflict.message,
                status=409,
            )
        except ValidationError as error:
            plan = writing.plan(report, chapters, text, whole=whole, kinds=kinds)
            return _preview(request, report, chapter, form, plan, text_url, error.messages)
        anchor = f"chapter-{chapter.pk}" if chapter else "chapters"
        response = chapters_response(request, report, anchor=anchor)
        if request.htmx:
            response = reswap(retarget(response, "#chapters"), "outerHTML")
        return response
    plan = writing.plan(report, chapters, text, whole=whole, kinds=kinds)
    return _preview(request, report, chapter, form, plan, text_url, plan.problems)


def _preview(request, report, chapter, form, plan, text_url, problems):
    data = form.data.copy()
    data["previewed"] = _digest(form.cleaned_data["text"])
    form = BodyTextForm(data)
    form.is_valid()
    lines = [step for item in plan.chapters for step in item.steps]
    for index, step in enumerate(lines):
        step.index = index  # the name of its kind's correction (``_kinds``)
    return _text_page(
        request,
        report,
        chapter,
        form=form,
        plan=plan,
        lines=lines,
        problems=problems,
        text_url=text_url,
        status=422 if problems else 200,
    )


@login_required
@require_POST
def block_undo(request, pk, block_pk):
    """Put a block back as it was before its last change (again: redo)."""
    report = editable_report(request, pk)
    block = block_of(report, block_pk)
    context = block_context(report, block)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = block.version
    status = 200
    try:
        services.undo_block_change(user=request.user, block=block, expected_version=version)
        block.flags = block_flags(block)
        context["undoable"] = True
    except EditConflict as conflict:
        block.refresh_from_db()
        context["block_notice"], status = conflict.message, 409
    except ValidationError as error:
        context["block_notice"], status = " ".join(error.messages), 422
    if not request.htmx:
        return redirect(edit_url(report, f"block-{block.pk}"))
    response = render(request, f"{PAGE}#block", context, status=status)
    return changed(response) if status == 200 else response


urlpatterns = [
    path("<int:pk>/edit/text/", body_text, name="body_text"),
    path("<int:pk>/edit/chapters/<int:chapter_pk>/text/", chapter_text, name="chapter_text"),
    path("<int:pk>/edit/blocks/<int:block_pk>/undo/", block_undo, name="block_undo"),
]
