"""Editing the blocks of a report's chapters in place: paragraphs, numbered points, day and
section headings, figure groups — added, changed, removed and moved, each answered with the
partial it replaces (``editing.py`` has the page and the helpers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from envoy.core.lib.locking import EditConflict

from .. import numbering, services
from ..checks import block_flags
from ..enums import BlockKind
from ..forms import (
    NEW_BLOCK_KINDS,
    BlockForm,
    NewBlockKindForm,
)
from .editing import (
    PAGE,
    add_errors,
    block_context,
    block_of,
    changed,
    chapter_of,
    chapters_response,
    edit_url,
    editable_report,
    form_response,
)


@login_required
@require_http_methods(["GET", "POST"])
def block_add(request, pk, chapter_pk):
    """Add a block after ``after`` (or at the chapter's start): GET draws the form for the
    kind asked for (without a kind, the kinds to choose from), POST adds it."""
    report = editable_report(request, pk)
    chapter = chapter_of(report, chapter_pk)
    choice = NewBlockKindForm(request.GET if request.method == "GET" else request.POST)
    # The kinds are asked for when a "＋ 新增" menu is opened, not drawn with every block.
    choosing = request.method == "GET" and not request.GET.get("kind")
    choice.fields["kind"].required = not choosing
    if not choice.is_valid():
        return HttpResponseBadRequest()
    kind, after_pk = choice.cleaned_data["kind"], choice.cleaned_data["after"]
    after = None
    if after_pk is not None:
        after = block_of(report, after_pk)
        if after.chapter_id != chapter.pk:
            raise Http404
    if choosing:
        context = {
            "report": report,
            "chapter": chapter,
            "after": after,
            "new_block_kinds": NEW_BLOCK_KINDS,
        }
        return form_response(request, "add_kinds", context)
    context = {
        "report": report,
        "chapter": chapter,
        "after": after,
        "kind": kind,
        "kind_label": BlockKind(kind).label,
        "new_block_kinds": NEW_BLOCK_KINDS,
    }
    auto_id = f"id_new_{chapter.pk}_{after_pk or 0}_%s"
    if request.method == "GET":
        initial = {
            "kind": kind,
            "after": after_pk,
            "marker": numbering.first_point_marker(report.heading_style),
        }
        form = BlockForm(
            initial=initial, kind=kind, editing=False, mission=report.mission, auto_id=auto_id
        )
        return form_response(request, "block_add_form", {**context, "form": form})
    form = BlockForm(
        request.POST, kind=kind, editing=False, mission=report.mission, auto_id=auto_id
    )
    if form.is_valid():
        try:
            block = services.add_block(
                user=request.user, chapter=chapter, after=after, kind=kind, data=form.values()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            response = chapters_response(request, report, anchor=f"block-{block.pk}")
            if request.htmx:
                response = reswap(retarget(response, "#chapters"), "outerHTML")
            return response
    return form_response(request, "block_add_form", {**context, "form": form}, status=422)


@login_required
@require_GET
def block_view(request, pk, block_pk):
    """A block as read (an edit cancelled)."""
    report = editable_report(request, pk)
    block = block_of(report, block_pk)
    if not request.htmx:
        return redirect(edit_url(report, f"block-{block.pk}"))
    context = block_context(report, block)
    return render(request, f"{PAGE}#block", context)


@login_required
@require_http_methods(["GET", "POST"])
def block_edit(request, pk, block_pk):
    report = editable_report(request, pk)
    block = block_of(report, block_pk)
    context = block_context(report, block)
    auto_id = f"id_block_{block.pk}_%s"
    if request.method == "GET":
        form = BlockForm.for_block(block, mission=report.mission, auto_id=auto_id)
        context["undoable"] = services.last_block_change(block) is not None
        return form_response(request, "block_form", {**context, "form": form})
    form = BlockForm(request.POST, kind=block.kind, mission=report.mission, auto_id=auto_id)
    status = 422
    if form.is_valid():
        try:
            services.update_block(
                user=request.user,
                block=block,
                data=form.values(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            status = 409
            context["conflict"] = conflict.message
        except ValidationError as error:
            add_errors(form, error)
        else:
            if not request.htmx:
                return redirect(edit_url(report, f"block-{block.pk}"))
            block.flags = block_flags(block)
            return changed(render(request, f"{PAGE}#block", {**context, "undoable": True}))
    return form_response(request, "block_form", {**context, "form": form}, status=status)


@login_required
@require_POST
def block_remove(request, pk, block_pk):
    report = editable_report(request, pk)
    block = block_of(report, block_pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.remove_block(user=request.user, block=block, expected_version=version)
    except EditConflict as conflict:
        if not request.htmx:
            messages.error(request, conflict.message)
        return chapters_response(
            request, report, anchor=f"block-{block.pk}", status=409, conflict=conflict.message
        )
    return chapters_response(request, report, anchor=f"chapter-{block.chapter_id}")


@login_required
@require_POST
def block_move(request, pk, block_pk):
    report = editable_report(request, pk)
    block = block_of(report, block_pk)
    direction = request.POST.get("direction")
    if direction not in services.DIRECTIONS:
        return HttpResponseBadRequest()
    services.move_block(user=request.user, block=block, direction=direction)
    return chapters_response(request, report, anchor=f"block-{block.pk}")


urlpatterns = [
    path("<int:pk>/edit/chapters/<int:chapter_pk>/blocks/add/", block_add, name="block_add"),
    path("<int:pk>/edit/blocks/<int:block_pk>/", block_view, name="block"),
    path("<int:pk>/edit/blocks/<int:block_pk>/edit/", block_edit, name="block_edit"),
    path("<int:pk>/edit/blocks/<int:block_pk>/remove/", block_remove, name="block_remove"),
    path("<int:pk>/edit/blocks/<int:block_pk>/move/", block_move, name="block_move"),
]
