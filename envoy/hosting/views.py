"""The hosting pages of a visit (來訪接待): one page with the visitors and their protocol
order and needs, our hosts and interpreters, the seating plan, transport, the gift register
and the follow-ups; the forms that change them; the printables (PDF).

Thin: access is decided by ``permissions``, changes made by ``services``, pages read through
``queries``."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from envoy.core.lib.locking import EditConflict, version_asked
from envoy.missions.models import DelegationMember
from envoy.relations.forms import add_refusal
from envoy.talent.enums import LanguageCode
from envoy.talent.permissions import get_profile_for_user

from . import queries, services
from .enums import HostRole
from .forms import FollowUpForm, GiftForm, HostForm, HostingForm, LegForm, PoolForm, VisitorForm
from .models import Gift, Host, TransportLeg
from .permissions import can_edit_hosting, can_see_care, get_visit_for_user
from .printing import pdf

app_name = "hosting"


def _visit_url(mission, anchor: str = "") -> str:
    return reverse("hosting:visit", args=[mission.pk]) + (f"#{anchor}" if anchor else "")


@login_required
@require_safe
def visit(request, pk: int):
    return _visit_page(request, get_visit_for_user(request.user, pk))


def _visit_page(request, mission, *, status: int = 200):
    hosting = queries.hosting_of(mission)
    visitors = queries.visitors(mission)
    hosts = queries.hosts(mission)
    days = queries.programme(mission)
    care = can_see_care(request.user)
    context = {
        "mission": mission,
        "hosting": hosting,
        "visitors": queries.by_precedence(visitors),
        "hosts": queries.by_precedence(hosts),
        "plan": queries.seating_plan(hosting, visitors, hosts),
        "legs": queries.legs(mission),
        "gifts": queries.gifts(mission),
        "follow_ups": queries.follow_ups(request.user, mission),
        "meals": queries.meals(days, visitors, hosts) if care else [],
        "diet_totals": queries.diet_totals(visitors) if care else [],
        "can_edit": can_edit_hosting(request.user, mission),
        "can_see_care": care,
        "printables": pdf.printables(care),
        "follow_up_form": FollowUpForm(members=[v.member for v in visitors], prefix="fu"),
    }
    return render(request, "hosting/visit.html", context, status=status)


def _form_page(request, mission, form, title: str, *, status: int = 200, action: str = ""):
    """The form page; with ``status`` 409, the form as the user filled it in under the
    message that someone saved the row after they opened it."""
    return render(
        request,
        "hosting/form.html",
        {
            "mission": mission,
            "form": form,
            "title": title,
            "action": action or request.path,
            "conflict": status == 409,
            "conflict_message": EditConflict.message,
        },
        status=status,
    )


def _saved(form, save) -> tuple[bool, int]:
    """Make the change ``save`` with the version the form carries: (saved, status of the
    page to draw again otherwise — 409 when someone saved the row since, 422 for what the
    user must correct)."""
    try:
        save(expected_version=form.cleaned_data.get("version"))
    except EditConflict:
        return False, 409
    except ValidationError as error:
        add_refusal(form, error)
        return False, 422
    return True, 200


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    mission = get_visit_for_user(request.user, pk, write=True)
    hosting = queries.hosting_of(mission)
    title = _("編輯接待資料")
    if request.method == "GET":
        initial = {
            "visitor_city": hosting.visitor_city,
            "network": hosting.network,
            "seating_layout": hosting.seating_layout,
            "table_size": hosting.table_size,
            "welcome_note": hosting.welcome_note,
            "welcome_note_en": hosting.welcome_note_en,
            "version": hosting.version,
        }
        return _form_page(request, mission, HostingForm(initial=initial), title)
    form = HostingForm(request.POST)
    status = 422
    if form.is_valid():
        saved, status = _saved(
            form,
            lambda **kw: services.save_hosting(
                user=request.user, mission=mission, data=form.cleaned_data, **kw
            ),
        )
        if saved:
            messages.success(request, _("接待資料已儲存。"))
            return redirect(_visit_url(mission))
    return _form_page(request, mission, form, title, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def visitor(request, pk: int, member: int):
    mission = get_visit_for_user(request.user, pk, write=True)
    member = get_object_or_404(DelegationMember, pk=member, mission=mission)
    found = {v.member.pk: v for v in queries.visitors(mission)}[member.pk]
    title = _("來訪人員：%(name)s") % {"name": member.name}
    form = VisitorForm(request.POST or None, instance=found)
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        saved, status = _saved(
            form,
            lambda **kw: services.save_visitor(
                user=request.user, member=member, data=form.cleaned_data, **kw
            ),
        )
        if saved:
            messages.success(request, _("已儲存 %(name)s 的接待資料。") % {"name": member.name})
            return redirect(_visit_url(mission, "visitors"))
    return _form_page(request, mission, form, title, status=status)


@login_required
@require_POST
def visitor_person(request, pk: int, member: int):
    mission = get_visit_for_user(request.user, pk, write=True)
    member = get_object_or_404(DelegationMember, pk=member, mission=mission)
    visitor = services.link_visitor_person(user=request.user, member=member)
    messages.success(request, _("已連結聯絡人：%(name)s") % {"name": visitor.person})
    return redirect(_visit_url(mission, "visitors"))


@dataclass(frozen=True)
class Thing:
    """One kind of row of a visit kept with the same add, edit and remove pages."""

    model: type
    form: type
    save: object
    anchor: str
    add_title: str
    edit_title: str


THINGS = {
    "hosts": Thing(
        Host,
        HostForm,
        lambda **kw: services.save_host(host=kw.pop("item"), **kw),
        "hosts",
        gettext_lazy("新增接待人員或口譯"),
        gettext_lazy("編輯接待人員"),
    ),
    "transport": Thing(
        TransportLeg,
        LegForm,
        lambda **kw: services.save_leg(leg=kw.pop("item"), **kw),
        "transport",
        gettext_lazy("新增交通安排"),
        gettext_lazy("編輯交通安排"),
    ),
    "gifts": Thing(
        Gift,
        GiftForm,
        lambda **kw: services.save_gift(gift=kw.pop("item"), **kw),
        "gifts",
        gettext_lazy("登錄禮品"),
        gettext_lazy("編輯禮品"),
    ),
}


def _thing_form(request, pk: int, thing: str, item: int | None = None):
    kind = THINGS[thing]
    mission = get_visit_for_user(request.user, pk, write=True)
    found = get_object_or_404(kind.model, pk=item, mission=mission) if item else None
    title = str(kind.edit_title if found else kind.add_title)
    form = kind.form(request.POST or None, instance=found)
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        saved, status = _saved(
            form,
            lambda **kw: kind.save(
                user=request.user, mission=mission, item=found, data=form.cleaned_data, **kw
            ),
        )
        if saved:
            messages.success(request, _("已儲存。"))
            return redirect(_visit_url(mission, kind.anchor))
    return _form_page(request, mission, form, title, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def thing_add(request, pk: int, thing: str):
    return _thing_form(request, pk, thing)


@login_required
@require_http_methods(["GET", "POST"])
def thing_edit(request, pk: int, thing: str, item: int):
    return _thing_form(request, pk, thing, item)


@login_required
@require_POST
def thing_remove(request, pk: int, thing: str, item: int):
    kind = THINGS[thing]
    mission = get_visit_for_user(request.user, pk, write=True)
    found = kind.model.objects.filter(pk=item).first()
    if found is not None and found.mission_id != mission.pk:
        raise Http404
    try:
        if found is None:  # removed by someone else since the page was drawn
            raise EditConflict
        services.remove(
            user=request.user, mission=mission, item=found, expected_version=version_asked(request)
        )
    except EditConflict:
        messages.error(request, _("這筆資料在您開啟頁面後已被其他人修改或刪除，請看過後再決定。"))
        return _visit_page(request, mission, status=409)
    messages.success(request, _("已刪除。"))
    return redirect(_visit_url(mission, kind.anchor))


@login_required
@require_POST
def follow_up_add(request, pk: int):
    mission = get_visit_for_user(request.user, pk, write=True)
    members = list(DelegationMember.objects.filter(mission=mission).order_by("position", "id"))
    form = FollowUpForm(request.POST, members=members, prefix="fu")
    if form.is_valid():
        member = next(m for m in members if str(m.pk) == form.cleaned_data["member"])
        try:
            services.add_follow_up(
                user=request.user,
                member=member,
                follow_up=form.cleaned_data["follow_up"],
                owner=form.cleaned_data["owner"],
                due=form.cleaned_data["due"],
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("已新增後續辦理事項。"))
            return redirect(_visit_url(mission, "follow-ups"))
    return _form_page(
        request, mission, form, _("新增後續辦理事項"), status=422, action=request.path
    )


@login_required
@require_http_methods(["GET", "POST"])
def pool(request, pk: int):
    """Our people for the visit from the talent pool: colleagues who speak the visitors'
    language, narrowed by what the user types; each can be made a host or an interpreter."""
    mission = get_visit_for_user(request.user, pk, write=True)
    if request.method == "POST":
        chosen = request.POST.get("profile", "")
        if not chosen.isdigit():
            raise Http404
        profile = get_profile_for_user(request.user, int(chosen))
        role = request.POST.get("role")
        if role not in (HostRole.HOST, HostRole.INTERPRETER):
            raise Http404
        host = services.add_host_from_profile(
            user=request.user, mission=mission, profile=profile, role=role
        )
        messages.success(
            request,
            _("已指派 %(name)s 為%(role)s。")
            % {"name": host.name, "role": host.get_role_display()},
        )
        return redirect(_visit_url(mission, "hosts"))
    language = queries.visitors_language(mission)
    form = PoolForm(request.GET or None, initial={"language": language})
    text, chosen = "", language
    if form.is_valid():
        text, chosen = form.cleaned_data["q"], form.cleaned_data["language"]
    result = queries.pool_candidates(request.user, mission, text, chosen)
    context = {
        "mission": mission,
        "form": form,
        "result": result,
        "language": LanguageCode(chosen).label if chosen else "",
        "roles": [
            (HostRole.HOST, HostRole.HOST.label),
            (HostRole.INTERPRETER, HostRole.INTERPRETER.label),
        ],
    }
    return render(request, "hosting/pool.html", context)


@login_required
@require_safe
def printable(request, pk: int, kind: str):
    mission = get_visit_for_user(request.user, pk)
    care = can_see_care(request.user)
    if kind not in pdf.PRINTABLES:
        raise Http404
    if kind in pdf.PRIVATE and not care:
        raise PermissionDenied
    content = pdf.render(kind, mission, care=care)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="visit-{mission.pk}-{kind}.pdf"'
    return response


def _thing_paths(thing: str) -> list:
    kwargs = {"thing": thing}
    name = thing.rstrip("s")
    return [
        path(f"visits/<int:pk>/{thing}/new/", thing_add, kwargs, name=f"{name}_add"),
        path(f"visits/<int:pk>/{thing}/<int:item>/", thing_edit, kwargs, name=f"{name}_edit"),
        path(
            f"visits/<int:pk>/{thing}/<int:item>/delete/",
            thing_remove,
            kwargs,
            name=f"{name}_delete",
        ),
    ]


urlpatterns = [
    path("visits/<int:pk>/", visit, name="visit"),
    path("visits/<int:pk>/edit/", edit, name="edit"),
    path("visits/<int:pk>/visitors/<int:member>/", visitor, name="visitor"),
    path("visits/<int:pk>/visitors/<int:member>/person/", visitor_person, name="visitor_person"),
    path("visits/<int:pk>/follow-ups/new/", follow_up_add, name="follow_up_add"),
    path("visits/<int:pk>/pool/", pool, name="pool"),
    path("visits/<int:pk>/print/<slug:kind>.pdf", printable, name="print"),
    *_thing_paths("hosts"),
    *_thing_paths("transport"),
    *_thing_paths("gifts"),
]
