"""Editing a report: the page, its portal metadata and its chapters; the blocks of a chapter
are edited in ``blocks.py`` with the helpers here.

Every piece is edited in place with htmx and answers with the template partial it
replaces; without JavaScript the same addresses work as plain pages, forms and redirects.
A save refused because someone else saved first answers 409 with the form as the user
typed it; a form that does not validate answers 422 (htmx) with what was typed kept.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from envoy.core.lib.locking import EditConflict
from envoy.core.lib.urls import ID, route

from .. import queries, services
from ..checks import block_flags
from ..enums import BlockKind
from ..forms import (
    NEW_BLOCK_KINDS,
    ChapterForm,
    ReportMetadataForm,
    summary_notice,
)
from ..models import Block, Chapter, Photo, Report
from ..permissions import get_report_for_user

PAGE = "reports/edit.html"
FORM_PAGE = "reports/edit_form.html"


# ----- Loading what is edited (access is decided by get_report_for_user) -----


def editable_report(request, pk: int) -> Report:
    return get_report_for_user(request.user, pk, write=True)


def chapter_of(report: Report, chapter_pk: int) -> Chapter:
    chapter = get_object_or_404(Chapter, pk=chapter_pk, report=report)
    chapter.report = report
    return _for_editing(chapter)


def block_of(report: Report, block_pk: int) -> Block:
    block = get_object_or_404(
        Block.objects.select_related("chapter"), pk=block_pk, chapter__report=report
    )
    block.chapter.report = report
    _for_editing(block.chapter)
    block.flags = block_flags(block)
    return _with_block_urls(report.pk, block)


def _chapters(report: Report) -> list[Chapter]:
    """The chapters, each with its ``block_list`` and their figure groups with their photos:
    three queries whatever the report's length (two without figure groups)
    (``reports/queries.py``); blocks come in one query, grouped here."""
    chapters = queries.chapters(report.pk)
    blocks = defaultdict(list)
    routes = _block_routes()
    figures = []
    for block in queries.blocks(report.pk):
        block.flags = block_flags(block)
        blocks[block.chapter_id].append(_with_block_urls(report.pk, block, routes))
        if block.kind == BlockKind.FIGURES:
            figures.append(block)
    photos = Prefetch("photos", queryset=Photo.objects.order_by("position", "id"))
    prefetch_related_objects(figures, photos)
    for chapter in chapters:
        chapter.report = report
        _for_editing(chapter)
        chapter.block_list = blocks[chapter.pk]
    return chapters


# The addresses of each chapter's and block's tools: every block has five, a reverse() each
# would cost more than drawing the block (see core/lib/urls.py).


def _for_editing(chapter: Chapter) -> Chapter:
    """The chapter (its ``report`` set) with its numbered ``heading`` and its tools' ``urls``."""
    chapter.heading = chapter.numbered_title(chapter.report.heading_style)
    ids = chapter.report_id, chapter.pk
    chapter.urls = {
        "head": route("reports:chapter_head", ID, ID).format(*ids),
        "rename": route("reports:chapter_rename", ID, ID).format(*ids),
        "move": route("reports:chapter_move", ID, ID).format(*ids),
        "remove": route("reports:chapter_remove", ID, ID).format(*ids),
        "add": route("reports:block_add", ID, ID).format(*ids),
        "text": route("reports:chapter_text", ID, ID).format(*ids),
    }
    return chapter


def _block_routes() -> dict[str, str]:
    names = {"view": "block", "edit": "block_edit", "move": "block_move"}
    names |= {"remove": "block_remove", "add": "block_add", "undo": "block_undo"}
    return {key: route(f"reports:{name}", ID, ID) for key, name in names.items()}


def _with_block_urls(report_pk: int, block: Block, routes: dict | None = None) -> Block:
    routes = routes or _block_routes()
    ids = report_pk, block.pk
    block.urls = {
        "view": routes["view"].format(*ids),
        "edit": routes["edit"].format(*ids),
        "move": routes["move"].format(*ids),
        "remove": routes["remove"].format(*ids),
        "undo": routes["undo"].format(*ids),
        "add_after": routes["add"].format(report_pk, block.chapter_id) + f"?after={block.pk}",
    }
    return block


def block_context(report: Report, block: Block) -> dict:
    """What the ``block`` partial and the block's forms are drawn with."""
    return {
        "report": report,
        "block": block,
        "chapter": block.chapter,
        "new_block_kinds": NEW_BLOCK_KINDS,
    }


def edit_url(report: Report, anchor: str = "") -> str:
    url = reverse("reports:edit", args=[report.pk])
    return f"{url}#{anchor}" if anchor else url


def _metadata_form(report: Report, data=None) -> ReportMetadataForm:
    count_url = reverse("reports:edit_summary_count", args=[report.pk])
    return ReportMetadataForm.for_report(report, data, count_url=count_url)


def _metadata_context(report: Report, form: ReportMetadataForm, **extra) -> dict:
    summary = form["summary"].value() or ""
    count, warning = summary_notice(summary)
    return {
        "report": report,
        "mission": report.mission,
        "metadata_form": form,
        "summary_count": count,
        "summary_warning": warning,
        **extra,
    }


def _chapters_context(report: Report, **extra) -> dict:
    return {
        "report": report,
        "mission": report.mission,
        "chapters": _chapters(report),
        "new_block_kinds": NEW_BLOCK_KINDS,
        "chapter_add_form": ChapterForm(auto_id="id_new_chapter_%s"),
        **extra,
    }


# The event an in-place change of the report sends: the page's checks (送審前檢查) redraw.
CHANGED = "report-changed"


def changed(response):
    """``response`` to an in-place change that was saved, telling the page."""
    return trigger_client_event(response, CHANGED)


def chapters_response(request, report: Report, *, anchor: str = "", status: int = 200, **extra):
    """After a change of structure (numbers move): htmx gets every chapter again; a plain
    form goes back to the page."""
    if request.htmx:
        response = render(
            request, f"{PAGE}#chapters", _chapters_context(report, **extra), status=status
        )
        return changed(response) if status == 200 else response
    return redirect(edit_url(report, anchor))


def form_response(request, partial: str, context: dict, *, status: int = 200):
    """A form: the partial for htmx, else a page of its own around it."""
    if request.htmx:
        return render(request, f"{PAGE}#{partial}", context, status=status)
    # Inside {% block %} the name "block" means the template block: hand it over renamed.
    page = {**context, "partial": f"{PAGE}#{partial}", "edited_block": context.get("block")}
    return render(request, FORM_PAGE, page, status=status)


def add_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


# ----- The page and the portal metadata -----


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """The editing page; a POST saves the portal metadata."""
    report = editable_report(request, pk)
    status, extra = 200, {}
    if request.method == "POST":
        form = _metadata_form(report, request.POST)
        if form.is_valid():
            try:
                services.update_report_metadata(
                    user=request.user,
                    report=report,
                    data=form.values(),
                    expected_version=form.cleaned_data["version"],
                )
            except EditConflict as conflict:
                report.refresh_from_db()  # the page around the form shows what is stored
                status, extra = 409, {"conflict": conflict.message}
            else:
                warning = summary_notice(report.summary)[1]
                if not request.htmx:
                    messages.success(request, _("報告資料已儲存。"))
                    if warning:
                        messages.warning(request, warning)
                    return redirect(edit_url(report, "metadata"))
                form = _metadata_form(report)
                extra = {"saved": True}
        else:
            status = 422 if request.htmx else 200
        if request.htmx:
            context = _metadata_context(report, form, **extra)
            response = render(request, f"{PAGE}#metadata", context, status=status)
            return changed(response) if extra.get("saved") else response
    else:
        form = _metadata_form(report)
    context = {
        **_metadata_context(report, form, **extra),
        **_chapters_context(report),
        "workflow": queries.workflow_overview(report, request.user),
    }
    return render(request, PAGE, context, status=status)


@login_required
@require_POST
def summary_count(request, pk):
    """The 摘要's character count and warning, as the user types."""
    report = editable_report(request, pk)
    count, warning = summary_notice(request.POST.get("summary", ""))
    context = {"report": report, "summary_count": count, "summary_warning": warning}
    return render(request, f"{PAGE}#summary_count", context)


# ----- Chapters -----


@login_required
@require_POST
def chapter_add(request, pk):
    report = editable_report(request, pk)
    form = ChapterForm(request.POST, auto_id="id_new_chapter_%s")
    if not form.is_valid():
        if request.htmx:
            context = _chapters_context(report, chapter_add_form=form)
            return render(request, f"{PAGE}#chapters", context, status=422)
        context = {"report": report, "chapter_add_form": form}
        return render(request, FORM_PAGE, {**context, "partial": f"{PAGE}#chapter_add"})
    chapter = services.add_chapter(
        user=request.user, report=report, title=form.cleaned_data["title"]
    )
    return chapters_response(request, report, anchor=f"chapter-{chapter.pk}")


@login_required
@require_GET
def chapter_head(request, pk, chapter_pk):
    """A chapter's heading as read (a rename cancelled)."""
    report = editable_report(request, pk)
    chapter = chapter_of(report, chapter_pk)
    if not request.htmx:
        return redirect(edit_url(report, f"chapter-{chapter.pk}"))
    return render(request, f"{PAGE}#chapter_head", {"report": report, "chapter": chapter})


@login_required
@require_http_methods(["GET", "POST"])
def chapter_rename(request, pk, chapter_pk):
    report = editable_report(request, pk)
    chapter = chapter_of(report, chapter_pk)
    context = {"report": report, "chapter": chapter}
    if request.method == "GET":
        form = ChapterForm(
            initial={"title": chapter.title, "version": chapter.version},
            auto_id=f"id_chapter_{chapter.pk}_%s",
        )
        return form_response(request, "chapter_form", {**context, "form": form})
    form = ChapterForm(request.POST, auto_id=f"id_chapter_{chapter.pk}_%s")
    form.fields["version"].required = True
    if not form.is_valid():
        return form_response(request, "chapter_form", {**context, "form": form}, status=422)
    try:
        services.rename_chapter(
            user=request.user,
            chapter=chapter,
            title=form.cleaned_data["title"],
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict as conflict:
        context.update(form=form, conflict=conflict.message)
        return form_response(request, "chapter_form", context, status=409)
    if not request.htmx:
        return redirect(edit_url(report, f"chapter-{chapter.pk}"))
    return changed(render(request, f"{PAGE}#chapter_head", context))


@login_required
@require_POST
def chapter_remove(request, pk, chapter_pk):
    report = editable_report(request, pk)
    chapter = chapter_of(report, chapter_pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.remove_chapter(user=request.user, chapter=chapter, expected_version=version)
    except EditConflict as conflict:
        if not request.htmx:
            messages.error(request, conflict.message)
        return chapters_response(request, report, status=409, conflict=conflict.message)
    return chapters_response(request, report, anchor="chapters")


@login_required
@require_POST
def chapter_move(request, pk, chapter_pk):
    report = editable_report(request, pk)
    chapter = chapter_of(report, chapter_pk)
    direction = request.POST.get("direction")
    if direction not in services.DIRECTIONS:
        return HttpResponseBadRequest()
    services.move_chapter(user=request.user, chapter=chapter, direction=direction)
    return chapters_response(request, report, anchor=f"chapter-{chapter.pk}")


urlpatterns = [
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/edit/summary-count/", summary_count, name="edit_summary_count"),
    path("<int:pk>/edit/chapters/add/", chapter_add, name="chapter_add"),
    path("<int:pk>/edit/chapters/<int:chapter_pk>/", chapter_head, name="chapter_head"),
    path("<int:pk>/edit/chapters/<int:chapter_pk>/rename/", chapter_rename, name="chapter_rename"),
    path("<int:pk>/edit/chapters/<int:chapter_pk>/remove/", chapter_remove, name="chapter_remove"),
    path("<int:pk>/edit/chapters/<int:chapter_pk>/move/", chapter_move, name="chapter_move"),
]
