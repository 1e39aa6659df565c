"""The pages of opportunities: the list with its filters, one opportunity (its facts, the
speakers the talent pool suggests, its assignment and status), and adding or editing one.

Status changes and assignments post from the opportunity's page and come back to it; a
check that fails shows the page again with the message (422), a save someone else made
first says so (409)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from envoy.core.lib.locking import EditConflict

from . import queries, services
from .forms import (
    AssignForm,
    ImportForm,
    OpportunityFilterForm,
    OpportunityForm,
    SpeakerForm,
    StatusForm,
)
from .importing import COLUMNS, ImportFileError
from .permissions import (
    can_add_opportunity,
    can_change_bureau,
    can_edit_opportunity,
    can_import_opportunities,
    get_opportunity_for_user,
)
from .speakers import suggest_speakers

PER_PAGE = 50


def _filters(request) -> tuple[OpportunityFilterForm, queries.ListFilters]:
    form = OpportunityFilterForm(request.GET or None)
    filters = queries.ListFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.ListFilters(
            status=data["status"],
            kind=data["kind"],
            bureau=data["bureau"].pk if data["bureau"] else None,
            assignee=request.user.pk if data["mine"] else None,
            deadline_soon=data["deadline_soon"],
        )
    return form, filters


@login_required
@require_safe
def opportunity_list(request):
    form, filters = _filters(request)
    today = timezone.localdate()
    page = Paginator(queries.opportunity_rows(request.user, filters, today), PER_PAGE).get_page(
        request.GET.get("page")
    )
    for opportunity in page.object_list:
        opportunity.upcoming = opportunity.next_deadline(today)
        opportunity.soon = queries.is_soon(opportunity.upcoming, today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "opportunities/list.html",
        {
            "form": form,
            "page": page,
            "rows": page.object_list,
            "query": query.urlencode(),
            "filtered": any(request.GET.get(name) for name in OpportunityFilterForm.base_fields),
            "can_add": can_add_opportunity(request.user),
            "import_form": ImportForm() if can_import_opportunities(request.user) else None,
        },
    )


def _detail(request, opportunity, *, status_form=None, assign_form=None, code=200, error=""):
    can_edit = can_edit_opportunity(request.user, opportunity)
    if can_edit and status_form is None:
        status_form = StatusForm(
            current=opportunity.status, initial={"version": opportunity.version}
        )
    if can_edit and assign_form is None:
        assign_form = AssignForm(
            initial={
                "bureau": opportunity.bureau_id,
                "assignee": opportunity.assignee_id,
                "version": opportunity.version,
            }
        )
    if assign_form is not None and not can_change_bureau(request.user):
        assign_form.fields["bureau"].disabled = True
    return render(
        request,
        "opportunities/detail.html",
        {
            "opportunity": opportunity,
            "can_edit": can_edit,
            "status_form": status_form if can_edit else None,
            "assign_form": assign_form if can_edit else None,
            "error": error,
            "suggestions": suggest_speakers(request.user, opportunity),
            "today": timezone.localdate(),
        },
        status=code,
    )


@login_required
@require_safe
def detail(request, pk):
    return _detail(request, get_opportunity_for_user(request.user, pk))


def _form_page(request, form, opportunity=None, code=200):
    return render(
        request,
        "opportunities/form.html",
        {"form": form, "opportunity": opportunity},
        status=code,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def add(request):
    if not can_add_opportunity(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _form_page(request, OpportunityForm())
    form = OpportunityForm(request.POST)
    if form.is_valid():
        try:
            opportunity = services.add_opportunity(user=request.user, data=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已新增國際參與機會。"))
            return redirect("opportunities:detail", pk=opportunity.pk)
    return _form_page(request, form, code=422)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, pk):
    opportunity = get_opportunity_for_user(request.user, pk)
    if not can_edit_opportunity(request.user, opportunity):
        raise PermissionDenied
    if request.method != "POST":
        form = OpportunityForm(initial=OpportunityForm.initial_for(opportunity))
        return _form_page(request, form, opportunity)
    form = OpportunityForm(request.POST)
    code = 422
    if form.is_valid():
        try:
            services.update_opportunity(
                user=request.user,
                opportunity=opportunity,
                data=form.values(),
                expected_version=form.cleaned_data["version"] or opportunity.version,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except EditConflict as error:
            form.add_error(None, str(error.message))
            code = 409
        else:
            messages.success(request, _("已儲存國際參與機會。"))
            return redirect("opportunities:detail", pk=pk)
    return _form_page(request, form, get_opportunity_for_user(request.user, pk), code=code)


def _editable(request, pk):
    """The opportunity ``pk``, when the user may change it (else 403; 404 when unseen)."""
    opportunity = get_opportunity_for_user(request.user, pk)
    if not can_edit_opportunity(request.user, opportunity):
        raise PermissionDenied
    return opportunity


def _submit(request, opportunity, form, verb, *, done, shown_as=None, invalid=""):
    """One of the page's forms posted: ``verb`` (the service, given the form's cleaned data)
    runs when the form is valid; then ``done`` (a message, or one made from the cleaned
    data) and back to the page. Otherwise the page again: a check that failed with the form
    (its context name ``shown_as``) or, for a form the page does not show back, its message
    (``invalid`` for a form that was not valid) — 422; a save someone else made first — 409."""
    pk = opportunity.pk
    if form.is_valid():
        try:
            verb(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except EditConflict as error:
            return _detail(
                request,
                get_opportunity_for_user(request.user, pk),
                code=409,
                error=str(error.message),
            )
        else:
            messages.success(request, done(form.cleaned_data) if callable(done) else done)
            return redirect("opportunities:detail", pk=pk)
    if shown_as is not None:
        return _detail(
            request, get_opportunity_for_user(request.user, pk), code=422, **{shown_as: form}
        )
    error = " ".join(form.non_field_errors()) or invalid
    return _detail(request, get_opportunity_for_user(request.user, pk), code=422, error=error)


@login_required
@require_POST
def change_status(request, pk):
    opportunity = _editable(request, pk)
    return _submit(
        request,
        opportunity,
        StatusForm(request.POST, current=opportunity.status),
        lambda data: services.change_status(
            user=request.user,
            opportunity=opportunity,
            status=data["status"],
            expected_version=data["version"],
        ),
        done=_("已變更狀態。"),
        shown_as="status_form",
    )


@login_required
@require_POST
def assign(request, pk):
    opportunity = _editable(request, pk)
    form = AssignForm(request.POST)
    if not can_change_bureau(request.user):
        form.fields["bureau"].disabled = True
        form.initial["bureau"] = opportunity.bureau_id
    return _submit(
        request,
        opportunity,
        form,
        lambda data: services.assign_opportunity(
            user=request.user,
            opportunity=opportunity,
            bureau=data["bureau"],
            assignee=data["assignee"],
            expected_version=data["version"],
        ),
        done=_("已指派。"),
        shown_as="assign_form",
    )


@login_required
@require_POST
def speaker(request, pk):
    opportunity = _editable(request, pk)
    return _submit(
        request,
        opportunity,
        SpeakerForm(request.POST, user=request.user),
        lambda data: services.set_speaker(
            user=request.user,
            opportunity=opportunity,
            profile=data["profile"],
            expected_version=data["version"],
        ),
        done=lambda data: _("已指定講者。") if data["profile"] else _("已取消講者。"),
        invalid=_("找不到這位講者，請重新選擇。"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_file(request):
    """Load a spreadsheet of opportunities, or only check it (officers and administrators):
    what was (or would be) added, what was skipped, and every refused row with its line."""
    if not can_import_opportunities(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result, code = None, 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.import_opportunities(
                    user=request.user,
                    data=upload.read(),
                    name=upload.name,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ImportFileError as error:
                form.add_error("file", error.message)
        if result is None or result.errors:
            code = 422
    return render(
        request,
        "opportunities/import.html",
        {"form": form, "result": result, "columns": [names[:2] for names in COLUMNS.values()]},
        status=code,
    )


app_name = "opportunities"
urlpatterns = [
    path("", opportunity_list, name="list"),
    path("new/", add, name="add"),
    path("import/", import_file, name="import"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/status/", change_status, name="status"),
    path("<int:pk>/assign/", assign, name="assign"),
    path("<int:pk>/speaker/", speaker, name="speaker"),
]
