"""The pages of the talent pool: the pool with its search, a profile, its editing, one's own
profile, and the matches an officer settles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from envoy.core.lib.locking import EditConflict

from . import pool as searching
from . import queries, services
from .enums import Match
from .forms import (
    LanguageFormSet,
    LinkAccountForm,
    PoolFilterForm,
    ProfileForm,
    ReassignForm,
    language_initial,
    language_rows,
)
from .models import Experience, StaffProfile
from .permissions import can_edit_profile, get_profile_for_user, keeps_pool


@login_required
@require_safe
def pool(request):
    form = PoolFilterForm(request.GET or None, countries=queries.experience_countries())
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    result = searching.search_pool(
        request.user,
        data.get("q", ""),
        bureau=data["bureau"].pk if data.get("bureau") else None,
        language=data.get("language", ""),
        level=data.get("level", ""),
        country=data.get("country", ""),
        offset=(page - 1) * searching.LIMIT,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "talent/pool.html",
        {
            "form": form,
            "result": result,
            "query": query.urlencode(),
            "searched": any(request.GET.get(name) for name in PoolFilterForm.base_fields),
            "keeps_pool": keeps_pool(request.user),
            "unsure": queries.unsure_count() if keeps_pool(request.user) else 0,
        },
    )


@login_required
@require_safe
def detail(request, pk):
    profile = get_profile_for_user(request.user, pk)
    can_edit = can_edit_profile(request.user, profile)
    return render(
        request,
        "talent/detail.html",
        {
            "profile": profile,
            "languages": list(profile.languages.all()),
            "experiences": list(profile.experiences.select_related("mission")),
            "can_edit": can_edit,
            "history": queries.profile_history(profile) if can_edit else [],
            "link_form": LinkAccountForm() if keeps_pool(request.user) else None,
        },
    )


@login_required
@require_POST
def link(request, pk):
    """An officer links the profile to a user account (or, with ``unlink``, undoes it)."""
    profile = get_profile_for_user(request.user, pk)
    if not keeps_pool(request.user):
        raise PermissionDenied
    if "unlink" in request.POST:
        account = None
    else:
        form = LinkAccountForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("請選擇一個還沒有人才資料的使用者帳號。"))
            return redirect("talent:detail", pk)
        account = form.cleaned_data["account"]
    try:
        services.link_account(user=request.user, profile=profile, account=account)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("talent:detail", pk)
    if account is None:
        messages.success(request, _("已取消人才資料與使用者帳號的連結。"))
    else:
        messages.success(
            request,
            _("已將人才資料連結到 %(account)s。") % {"account": account.display_name},
        )
    return redirect("talent:detail", pk)


def _profile_page(request, form, languages, profile=None, status=200):
    return render(
        request,
        "talent/edit.html",
        {"form": form, "languages": languages, "profile": profile},
        status=status,
    )


def _save(request, form, languages, save):
    """Run ``save`` with the forms' data; the page again with the messages when refused."""
    if not (form.is_valid() and languages.is_valid()):
        return None, 422
    data = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
    try:
        return save(data, language_rows(languages)), 200
    except EditConflict as conflict:
        form.add_error(None, conflict.message)
        return None, 409
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None, 422


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    profile = get_profile_for_user(request.user, pk, write=True)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=StaffProfile.objects.get(pk=pk))
        languages = LanguageFormSet(request.POST, prefix="languages")

        def save(data, rows):
            return services.update_profile(
                user=request.user,
                profile=profile,
                data=data,
                languages=rows,
                expected_version=form.cleaned_data["version"] or 0,
            )

        saved, status = _save(request, form, languages, save)
        if saved is not None:
            messages.success(request, _("人才資料已儲存。"))
            return redirect("talent:detail", saved.pk)
        return _profile_page(request, form, languages, profile, status)
    form = ProfileForm(instance=profile)
    languages = LanguageFormSet(initial=language_initial(profile), prefix="languages")
    return _profile_page(request, form, languages, profile)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not keeps_pool(request.user):
        raise PermissionDenied
    form = ProfileForm(request.POST or None)
    languages = LanguageFormSet(request.POST or None, prefix="languages")
    if request.method == "POST":
        saved, status = _save(
            request,
            form,
            languages,
            lambda data, rows: services.create_profile(
                user=request.user, data=data, languages=rows
            ),
        )
        if saved is not None:
            messages.success(request, _("人才資料已新增。"))
            return redirect("talent:detail", saved.pk)
        return _profile_page(request, form, languages, None, status)
    return _profile_page(request, form, languages)


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """One's own profile: shown if there is one; else a button that makes it (or claims the
    one made when they travelled)."""
    if request.method == "POST":
        profile = services.own_profile(request.user)
        return redirect("talent:edit", profile.pk)
    profile = StaffProfile.objects.filter(user=request.user).only("pk").first()
    if profile is not None:
        return redirect("talent:detail", profile.pk)
    return render(request, "talent/mine.html")


@login_required
@require_safe
def matches(request):
    if not keeps_pool(request.user):
        raise PermissionDenied
    rows = queries.unsure_matches()
    for row in rows:
        row.form = ReassignForm(candidates=row.candidates, prefix=f"m{row.pk}")
    return render(request, "talent/matches.html", {"rows": rows})


@login_required
@require_POST
def settle_match(request, pk):
    if not keeps_pool(request.user):
        raise PermissionDenied
    experience = get_object_or_404(
        Experience.objects.select_related("profile"), pk=pk, match=Match.UNSURE
    )
    if "confirm" in request.POST:
        services.confirm_match(user=request.user, experience=experience)
        messages.success(request, _("已確認比對。"))
        return redirect("talent:matches")
    candidates = queries.candidates_for(experience)
    form = ReassignForm(request.POST, candidates=candidates, prefix=f"m{pk}")
    if not form.is_valid():
        messages.error(request, _("請選擇要改指定的人才資料。"))
        return redirect("talent:matches")
    chosen = form.cleaned_data["profile"]
    profile = None if chosen == ReassignForm.NEW else StaffProfile.objects.get(pk=chosen)
    try:
        services.reassign_match(user=request.user, experience=experience, profile=profile)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("talent:matches")
    messages.success(request, _("已改指定比對。"))
    return redirect(reverse("talent:matches"))
