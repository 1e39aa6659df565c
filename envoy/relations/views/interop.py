"""Contacts in and out: vCard and CSV export and import (the follow-up calendar is in
``followups.py``).

A person's card is open to every signed-in user, with contact details for staff and notes
for the person's holders. Lists (CSV, vCard) are for holders of records and hold only the
people the user holds (``permissions.people_for_export``). Every export is audited. Imports
are for those who may record people (``permissions.can_edit_relations``): upload, preview
of what each card or row will do, then confirm or discard; a person the user does not hold
is not changed by an import.

Until confirmed, an import waits as a ``PendingContactImport`` of its uploader: the contacts
read from the file (photos and unknown columns already dropped), not the file, so there is
no file to sweep. Not in the session: a large file there rode along every request. At most
``MAX_CONTACTS`` contacts and ``MAX_STAGED_BYTES`` of them a file, and the newest
``KEEP_IMPORTS`` imports of a user.
"""

import json
import re
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from .. import services
from ..interop import UnreadableFile
from ..interop.contacts import (
    LABELS,
    MAX_CONTACTS,
    Contact,
    Outcome,
    Planned,
    import_contacts,
    plan_import,
)
from ..interop.csvfile import CHINESE_HEADERS, COLUMNS, errors_csv, people_csv, read_csv
from ..interop.vcard import VERSIONS, people_to_vcards, person_to_vcard, read_vcards
from ..models import PendingContactImport, Person
from ..names import name_key
from ..permissions import (
    can_edit_relations,
    can_export_people,
    can_see_notes,
    can_see_private,
    get_person_for_user,
    people_for_export,
    require,
)

KEEP_IMPORTS = 3
# What the contacts read from one file may take, as JSON (a vCard's photos are dropped).
MAX_STAGED_BYTES = 2 * 1024 * 1024
ACCEPT = ".vcf,.vcard,.csv,.txt,text/vcard,text/x-vcard,text/csv"


def _download(content: bytes | str, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", filename).strip("_") or "envoy"
    response["Content-Disposition"] = content_disposition_header(True, safe)
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _version(request) -> str | None:
    version = request.GET.get("version", "3.0")
    return version if version in VERSIONS else None


def _bad_version() -> HttpResponse:
    return HttpResponseBadRequest(
        _("vCard 版本只能是 3.0 或 4.0。"), content_type="text/plain; charset=utf-8"
    )


def _people(request) -> tuple[list[Person], str]:
    """The people ``request.user`` may export, or those of them with a name containing
    ``?q=`` (folded); and ``q``."""
    q = request.GET.get("q", "").strip()[:200]
    people = list(
        people_for_export(request.user)
        .select_related("city")
        .prefetch_related("positions__organisation")
    )
    wanted = name_key(q)
    if wanted:
        people = [p for p in people if any(wanted in name_key(n) for n in p.all_names())]
    return people, q


# ----- exports -----


@login_required
@require_safe
def person_vcard(request, pk: int):
    version = _version(request)
    if version is None:
        return _bad_version()
    user = request.user
    person = get_person_for_user(user, pk)
    card = person_to_vcard(
        person,
        version=version,
        private=can_see_private(user),
        notes=can_see_notes(user, person),
    )
    services.record_person_export(user=user, person=person, file_format=f"vcard {version}")
    return _download(card, content_type="text/vcard; charset=utf-8", filename=f"{person.name}.vcf")


@login_required
@require_safe
def people_vcf(request):
    require(can_export_people(request.user))
    version = _version(request)
    if version is None:
        return _bad_version()
    people, q = _people(request)
    cards = people_to_vcards(people, version=version, private=True)
    services.record_people_export(
        user=request.user, people=people, file_format=f"vcard {version}", query=q
    )
    return _download(cards, content_type="text/vcard; charset=utf-8", filename="people.vcf")


@login_required
@require_safe
def people_csv_export(request):
    require(can_export_people(request.user))
    people, q = _people(request)
    content = people_csv(people, private=True, language=translation.get_language() or "zh-hant")
    services.record_people_export(user=request.user, people=people, file_format="csv", query=q)
    return _download(content, content_type="text/csv; charset=utf-8", filename="people.csv")


# ----- imports -----


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("聯絡人檔案"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": gettext_lazy("請選擇要匯入的 vCard 或 CSV 檔。")},
    )


def _is_vcard(upload, data: bytes) -> bool:
    name = (upload.name or "").lower()
    if name.endswith((".vcf", ".vcard")):
        return True
    if name.endswith((".csv", ".txt")):
        return False
    head = data[:4096].lstrip(b"\xef\xbb\xbf \r\n\t").upper()
    return head.startswith(b"BEGIN:VCARD")


def read_upload(upload) -> dict:
    """What an uploaded contact file holds, ready to keep in the session. Raises
    :class:`UnreadableFile` for a file too large (refused before it is read) or
    unreadable."""
    limit = settings.ENVOY_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise UnreadableFile(
            _("檔案太大（%(size).1f MB），上限為 %(limit).0f MB。")
            % {"size": upload.size / 1024 / 1024, "limit": limit / 1024 / 1024}
        )
    data = upload.read()
    if _is_vcard(upload, data):
        contacts, encoding = read_vcards(data)
        return {
            "format": "vcard",
            "encoding": encoding,
            "header": [],
            "ignored": [],
            "contacts": [c.as_dict() for c in contacts],
        }
    parsed = read_csv(data)
    return {
        "format": "csv",
        "encoding": parsed.encoding,
        "header": parsed.header,
        "ignored": parsed.ignored,
        "contacts": [c.as_dict() for c in parsed.contacts],
    }


def _imports(request) -> dict:
    """The user's waiting imports by token, oldest first."""
    rows = PendingContactImport.objects.filter(user=request.user).order_by("created", "id")
    return {row.token: row.content for row in rows}


def _stage(request, staged: dict) -> str:
    """Keep ``staged`` for the user, and only their newest ``KEEP_IMPORTS``."""
    if len(json.dumps(staged, ensure_ascii=False).encode("utf-8")) > MAX_STAGED_BYTES:
        raise UnreadableFile(
            _("聯絡人資料太多（超過 %d MB），請分成幾個檔案匯入。")
            % (MAX_STAGED_BYTES // 1024 // 1024)
        )
    token = secrets.token_urlsafe(9)
    with transaction.atomic():
        PendingContactImport.objects.create(user=request.user, token=token, content=staged)
        older = PendingContactImport.objects.filter(user=request.user).order_by("-created", "-id")
        PendingContactImport.objects.filter(
            pk__in=list(older.values_list("pk", flat=True)[KEEP_IMPORTS:])
        ).delete()
    return token


def _staged(request, token: str) -> dict:
    """The user's import ``token``; 404 for any other (nobody else's import is theirs)."""
    require(can_edit_relations(request.user))
    row = PendingContactImport.objects.filter(user=request.user, token=token).first()
    if row is None:
        raise Http404
    return row.content


def _save(request, token: str, staged: dict | None) -> None:
    rows = PendingContactImport.objects.filter(user=request.user, token=token)
    if staged is None:
        rows.delete()
    else:
        rows.update(content=staged)


def _contacts(staged: dict) -> list[Contact]:
    return [Contact.from_dict(c) for c in staged["contacts"]]


@login_required
def import_upload(request):
    require(can_edit_relations(request.user))
    error = ""
    posted = request.method == "POST"
    form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            staged = read_upload(upload)
        except UnreadableFile as unreadable:
            error = unreadable.message
        else:
            staged.update(
                filename=upload.name,
                created=timezone.now().isoformat(),
                state="pending",
                count=len(staged["contacts"]),
            )
            try:
                token = _stage(request, staged)
            except UnreadableFile as unreadable:
                error = unreadable.message
            else:
                return redirect("relations:people_import_review", token=token)
    pending = [
        {"token": token, **staged}
        for token, staged in sorted(
            _imports(request).items(), key=lambda item: item[1]["created"], reverse=True
        )
        if staged["state"] == "pending"
    ]
    return render(
        request,
        "relations/interop/import.html",
        {
            "form": form,
            "error": error,
            "pending": pending,
            "max_mb": settings.ENVOY_MAX_UPLOAD_BYTES // (1024 * 1024),
            "max_contacts": MAX_CONTACTS,
            "columns": [(CHINESE_HEADERS[c], c) for c in COLUMNS],
        },
        status=422 if error or form.errors else 200,
    )


SHOW = ("all", *Outcome.values)


def _filters(plan: list[Planned]) -> list[tuple[Outcome, int]]:
    return [(outcome, sum(1 for row in plan if row.outcome == outcome)) for outcome in Outcome]


def _failed(plan: list[Planned]) -> list[dict]:
    return [
        {"contact": row.contact.as_dict(), "same_as": row.same_as}
        for row in plan
        if row.outcome == Outcome.ERROR
    ]


def _failed_rows(staged: dict) -> list[Planned]:
    return [
        Planned(
            contact=Contact.from_dict(row["contact"]),
            outcome=Outcome.ERROR,
            same_as=row["same_as"],
        )
        for row in staged["result"]["failed"]
    ]


@login_required
def import_review(request, token: str):
    staged = _staged(request, token)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "discard":
            _save(request, token, None)
            if staged["state"] == "pending":
                messages.success(
                    request, _("已捨棄「%s」，沒有匯入任何資料。") % staged["filename"]
                )
            return redirect("relations:people_import")
        if action == "confirm":
            if staged["state"] != "pending":
                messages.warning(request, _("這個檔案已經匯入過了。"))
                return redirect("relations:people_import_review", token=token)
            try:
                result = import_contacts(user=request.user, contacts=_contacts(staged))
            except UnreadableFile as refused:
                error = refused.message
            else:
                if not (result.created or result.updated):
                    error = _("沒有可以匯入的資料：請修正錯誤後重新上傳。")
                else:
                    # What was imported is in the database now: only the rows left out stay.
                    del staged["contacts"]
                    staged.update(
                        state="done",
                        result={
                            "created": [p.pk for p in result.created],
                            "updated": [p.pk for p in result.updated],
                            "unchanged": result.unchanged,
                            "failed": _failed(result.errors),
                        },
                    )
                    _save(request, token, staged)
                    messages.success(
                        request,
                        _("已匯入：新增 %(created)d 人，更新 %(updated)d 人。")
                        % {"created": len(result.created), "updated": len(result.updated)},
                    )
                    return redirect("relations:people_import_review", token=token)
    context = {"token": token, "staged": staged, "error": error}
    if staged["state"] == "done":
        result = staged["result"]
        people = Person.objects.in_bulk(result["created"] + result["updated"])
        context.update(
            created=[people[pk] for pk in result["created"] if pk in people],
            updated=[people[pk] for pk in result["updated"] if pk in people],
            failed=_failed_rows(staged),
        )
        return render(request, "relations/interop/review.html", context)
    plan = plan_import(_contacts(staged), user=request.user)
    show = request.GET.get("show", "all")
    show = show if show in SHOW else "all"
    context.update(
        plan=plan,
        rows=[row for row in plan if show == "all" or row.outcome == show],
        show=show,
        filters=_filters(plan),
        importable=sum(1 for row in plan if row.outcome in (Outcome.CREATE, Outcome.UPDATE)),
        errors=sum(1 for row in plan if row.outcome == Outcome.ERROR),
        labels=LABELS,
    )
    template = "relations/interop/review.html"
    if request.htmx and request.method == "GET":
        template += "#rows"
    return render(request, template, context, status=422 if error else 200)


@login_required
@require_safe
def import_errors(request, token: str):
    staged = _staged(request, token)
    if staged["state"] == "done":
        rows = _failed_rows(staged)
    else:
        plan = plan_import(_contacts(staged), user=request.user)
        rows = [row for row in plan if row.outcome == Outcome.ERROR]
    content = errors_csv(
        rows, header=staged["header"], language=translation.get_language() or "zh-hant"
    )
    stem = staged["filename"].rsplit(".", 1)[0]
    return _download(
        content, content_type="text/csv; charset=utf-8", filename=f"{stem}-{_('錯誤')}.csv"
    )


urlpatterns = [
    path("people/<int:pk>/vcard/", person_vcard, name="person_vcard"),
    path("people/export.vcf", people_vcf, name="people_vcf"),
    path("people/export.csv", people_csv_export, name="people_csv"),
    path("people/import/", import_upload, name="people_import"),
    path("people/import/<str:token>/", import_review, name="people_import_review"),
    path("people/import/<str:token>/errors.csv", import_errors, name="people_import_errors"),
]
