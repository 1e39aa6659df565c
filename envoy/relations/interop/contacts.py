"""A contact read from a vCard or a CSV row, checked, planned and imported.

Importing runs in three steps, the same for every file format:

1. ``check_contact`` turns what a file said into a :class:`Contact`: values trimmed, the
   country as an ISO code, and the problems that stop it from being imported (no name, an
   e-mail or web address that is not one, a country nobody knows, a value too long).
2. ``plan_import`` compares each contact with the people already recorded, with the rule
   of ``services.find_person`` (any of their names, diacritics, script and word order
   aside): a new person, an update of a matched one (what changes, old → new), nothing to
   change, or an error. Two contacts of one file that are the same person: the later one
   is an error, so one import never makes a duplicate. A change to a person the importing
   user does not hold (``permissions.can_edit_person``) is an error too.
3. ``import_contacts`` plans again and writes every contact without error in one
   transaction, through the services (each change audited and kept in the person's
   history). An error row is reported, never half-written.

What an update changes: contact details, city and country take the file's value when it
has one (an empty cell never erases); the Latin and Chinese names only fill blanks, and
not with a spelling of a name already recorded (the recorded names are how people are
matched); notes from the file are added below the
recorded notes, never replacing them; a title at an organisation the person does not hold
yet becomes a new position.
"""

import dataclasses
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from envoy.core.lib.locking import EditConflict
from envoy.core.lib.places import country_code, country_name

from .. import services
from ..models import City, Organisation, Person, Position
from ..names import name_key, word_set_key
from ..permissions import can_edit_person
from . import UnreadableFile

# A file may hold at most this many contacts: a larger one is refused before anything is
# kept. They are imported in one transaction that holds SQLite's write lock, which must end
# well within its busy timeout (docs/performance.md).
MAX_CONTACTS = 1000

# What a contact holds, in the order of the CSV columns.
FIELDS = (
    "name",
    "name_latin",
    "name_zh",
    "title",
    "title_en",
    "organisation",
    "city",
    "country",
    "email",
    "phone",
    "mobile",
    "address",
    "website",
    "notes",
)
CONTACT_DETAILS = ("email", "phone", "mobile", "address", "website")

LABELS = {
    "name": gettext_lazy("姓名"),
    "name_latin": gettext_lazy("拉丁字母姓名"),
    "name_zh": gettext_lazy("中文譯名"),
    "title": gettext_lazy("職稱"),
    "title_en": gettext_lazy("英文職稱"),
    "organisation": gettext_lazy("組織"),
    "city": gettext_lazy("城市"),
    "country": gettext_lazy("國家"),
    "email": gettext_lazy("電子郵件"),
    "phone": gettext_lazy("電話"),
    "mobile": gettext_lazy("手機"),
    "address": gettext_lazy("地址"),
    "website": gettext_lazy("網站"),
    "notes": gettext_lazy("備註"),
}

PROBLEMS = {
    "missing_name": gettext_lazy("缺少姓名。"),
    "too_long": gettext_lazy("「%(field)s」超過 %(limit)d 個字。"),
    "invalid_email": gettext_lazy("電子郵件「%(value)s」格式不正確。"),
    "invalid_website": gettext_lazy("網站「%(value)s」不是有效的網址。"),
    "unknown_country": gettext_lazy("不認得國家「%(value)s」：請填國名或兩碼國家代碼（如 JP）。"),
    "same_person": gettext_lazy("與第 %(row)d 筆是同一人，已略過。"),
    "not_held": gettext_lazy("這位人員由其他局處維護，不能以匯入更改。"),
    "organisation_without_title": gettext_lazy("有組織但沒有職稱，不會建立職位。"),
}


def _max_lengths() -> dict[str, int]:
    def length(model: type[models.Model], field: str) -> int:
        return model._meta.get_field(field).max_length

    return {
        **{name: length(Person, name) for name in ("name", "name_latin", "name_zh")},
        **{name: length(Person, name) for name in CONTACT_DETAILS},
        "title": length(Position, "title"),
        "title_en": length(Position, "title_en"),
        "organisation": length(Organisation, "name"),
        "city": length(City, "name"),
    }


@dataclasses.dataclass
class Contact:
    """One person as a file describes them. ``row`` is the spreadsheet row (the header is
    row 1) or the card's place in the file; ``problems`` are ``[code, params]`` pairs, kept
    as codes so the messages follow the reader's language; ``source`` the row's cells as
    uploaded, for the download of the rows that could not be imported."""

    row: int
    name: str = ""
    name_latin: str = ""
    name_zh: str = ""
    title: str = ""
    title_en: str = ""
    organisation: str = ""
    city: str = ""
    country: str = ""
    email: str = ""
    phone: str = ""
    mobile: str = ""
    address: str = ""
    website: str = ""
    notes: str = ""
    problems: list = dataclasses.field(default_factory=list)
    notices: list = dataclasses.field(default_factory=list)
    source: list = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict:
        """The contact as JSON for the session, without its empty fields."""
        return {k: v for k, v in dataclasses.asdict(self).items() if v != "" and v != []}

    @classmethod
    def from_dict(cls, data: dict) -> "Contact":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})

    @property
    def country_label(self) -> str:
        return country_name(self.country) if self.country else ""


def too_many(count: int) -> UnreadableFile:
    return UnreadableFile(
        _("檔案有 %(count)d 筆聯絡人，一次最多匯入 %(limit)d 筆：請分成幾個檔案。")
        % {"count": count, "limit": MAX_CONTACTS}
    )


def message(code: str, params: dict | None = None) -> str:
    """The user's message for a problem code, in the current language."""
    params = dict(params or {})
    if "field" in params:
        params["field"] = LABELS.get(params["field"], params["field"])
    return str(PROBLEMS[code]) % params if params else str(PROBLEMS[code])


def to_country_code(value: str) -> str | None:
    """日本, Japan, JP, jp → JP; None when it names no country."""
    value = value.strip()
    if len(value) == 2 and value.isascii() and value.isalpha():
        code = value.upper()
        if country_name(code, "en") != code:
            return code
    return country_code(value)


def _website(value: str) -> str | None:
    """The address with ``https://`` added when it was written without a scheme; None when
    it is not a web address."""
    if "://" not in value and "." in value and " " not in value:
        value = f"https://{value}"
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return None
    return value


def check_contact(values: dict[str, str], *, row: int, source: list | None = None) -> Contact:
    """A :class:`Contact` from what a file said (keys of ``FIELDS``, other keys ignored).

    A missing name is taken from the Latin name, then the Chinese rendering. Problems are
    recorded on the contact, never raised.
    """
    clean = {
        name: " ".join(str(values.get(name) or "").split())
        if name != "notes"
        else str(values.get(name) or "").strip()
        for name in FIELDS
    }
    contact = Contact(row=row, source=list(source or []), **clean)
    if not contact.name:
        contact.name = contact.name_latin or contact.name_zh
    if not contact.name:
        contact.problems.append(["missing_name", {}])
    for name, limit in _max_lengths().items():
        if len(getattr(contact, name)) > limit:
            contact.problems.append(["too_long", {"field": name, "limit": limit}])
    if contact.email:
        try:
            validate_email(contact.email)
        except ValidationError:
            contact.problems.append(["invalid_email", {"value": contact.email}])
    if contact.website:
        website = _website(contact.website)
        if website is None:
            contact.problems.append(["invalid_website", {"value": contact.website}])
        else:
            contact.website = website
    if contact.country:
        code = to_country_code(contact.country)
        if code is None:
            contact.problems.append(["unknown_country", {"value": contact.country}])
        else:
            contact.country = code
    if contact.organisation and not contact.title:
        contact.notices.append(["organisation_without_title", {}])
    return contact


# ----- planning -----


class Outcome(models.TextChoices):
    CREATE = "create", gettext_lazy("新增")
    UPDATE = "update", gettext_lazy("更新")
    UNCHANGED = "unchanged", gettext_lazy("無變更")
    ERROR = "error", gettext_lazy("錯誤")


@dataclasses.dataclass
class Change:
    field: str
    old: str
    new: str

    @property
    def label(self) -> str:
        return str(LABELS[self.field])


@dataclasses.dataclass
class Planned:
    """What importing one contact will do."""

    contact: Contact
    outcome: Outcome
    person: Person | None = None
    changes: list[Change] = dataclasses.field(default_factory=list)
    city: City | None = None
    organisation: Organisation | None = None
    new_city: bool = False
    new_organisation: bool = False
    new_position: bool = False
    same_as: int | None = None

    @property
    def errors(self) -> list[str]:
        found = [message(code, params) for code, params in self.contact.problems]
        if self.same_as is not None:
            found.append(message("same_person", {"row": self.same_as}))
        return found

    @property
    def notices(self) -> list[str]:
        return [message(code, params) for code, params in self.contact.notices]


class _Lookups:
    """The recorded people, cities and organisations, read once for a whole file and
    matched with the rules of ``services.find_person``, ``find_city`` and
    ``find_organisation`` (the first in their default order having a name whose key is the
    contact's); asking those services once per row reads every record once per row.
    """

    def __init__(self) -> None:
        self.people: dict[str, tuple[int, Person]] = {}
        people = Person.objects.select_related("city").prefetch_related("positions")
        for order, person in enumerate(people):
            for name in person.all_names():
                if name_key(name):
                    self.people.setdefault(word_set_key(name), (order, person))
        self.cities: dict[str, list[City]] = {}
        for city in City.objects.all():
            for key in {name_key(city.name), name_key(city.name_en)} - {""}:
                self.cities.setdefault(key, []).append(city)
        self.organisations: dict[str, Organisation] = {}
        for organisation in Organisation.objects.all():
            names = (organisation.name, organisation.name_en, organisation.abbreviation)
            for key in {name_key(n) for n in names if n}:
                self.organisations.setdefault(key, organisation)

    def person(self, contact: Contact) -> Person | None:
        names = (contact.name, contact.name_latin, contact.name_zh)
        hits = [self.people.get(word_set_key(n)) for n in names if n and name_key(n)]
        hits = [hit for hit in hits if hit is not None]
        return min(hits, key=lambda hit: hit[0])[1] if hits else None

    def keys(self, contact: Contact) -> set[str]:
        names = (contact.name, contact.name_latin, contact.name_zh)
        return {word_set_key(n) for n in names if n and name_key(n)}

    def city(self, name: str, country: str) -> City | None:
        cities = self.cities.get(name_key(name), [])
        return next((c for c in cities if not country or c.country == country.upper()), None)

    def organisation(self, name: str) -> Organisation | None:
        return self.organisations.get(name_key(name))


def plan_import(contacts: Iterable[Contact], *, user) -> list[Planned]:
    """What importing ``contacts`` would do now for ``user``; writes nothing."""
    lookups = _Lookups()
    planned: list[Planned] = []
    # The row that first claimed a person (by key for new ones, by id for matched ones).
    claimed_keys: dict[str, int] = {}
    claimed_people: dict[int, int] = {}
    for contact in contacts:
        if contact.problems:
            planned.append(Planned(contact=contact, outcome=Outcome.ERROR))
            continue
        person = lookups.person(contact)
        keys = lookups.keys(contact)
        earlier = claimed_people.get(person.pk) if person else None
        if earlier is None:
            earlier = next((claimed_keys[k] for k in keys if k in claimed_keys), None)
        if earlier is not None:
            planned.append(Planned(contact=contact, outcome=Outcome.ERROR, same_as=earlier))
            continue
        if person:
            claimed_people[person.pk] = contact.row
        else:
            claimed_keys.update(dict.fromkeys(keys, contact.row))
        plan = _plan_one(contact, person, lookups)
        if plan.outcome == Outcome.UPDATE and not can_edit_person(user, person):
            # What would change is not shown either: it holds the person's notes.
            contact.problems.append(["not_held", {}])
            plan = Planned(contact=contact, outcome=Outcome.ERROR)
        planned.append(plan)
    return planned


def _plan_one(contact: Contact, person: Person | None, lookups: _Lookups) -> Planned:
    city = lookups.city(contact.city, contact.country) if contact.city else None
    organisation = lookups.organisation(contact.organisation) if contact.organisation else None
    plan = Planned(
        contact=contact,
        outcome=Outcome.CREATE if person is None else Outcome.UPDATE,
        person=person,
        city=city,
        organisation=organisation,
        new_city=bool(contact.city) and city is None,
        new_organisation=bool(contact.organisation) and organisation is None,
    )
    if contact.title:
        plan.new_position = person is None or not _holds(person, contact, organisation)
    if person is not None:
        plan.changes = _changes(person, contact, city)
        if not plan.changes and not plan.new_position:
            plan.outcome = Outcome.UNCHANGED
    return plan


def _holds(person: Person, contact: Contact, organisation: Organisation | None) -> bool:
    """Whether ``person`` already has the contact's title at the contact's organisation."""
    title = name_key(contact.title)
    for position in person.positions.all():
        if title not in (name_key(position.title), name_key(position.title_en)):
            continue
        if contact.organisation:
            if organisation is not None and position.organisation_id == organisation.pk:
                return True
        elif position.organisation_id is None:
            return True
    return False


def _changes(person: Person, contact: Contact, city: City | None) -> list[Change]:
    changes = []
    known = {name_key(n) for n in person.all_names()}
    for name in ("name_latin", "name_zh"):
        value = getattr(contact, name)
        if value and not getattr(person, name) and name_key(value) not in known:
            changes.append(Change(name, "", value))
    if contact.city and (city is None or person.city_id != city.pk):
        changes.append(Change("city", str(person.city or ""), contact.city))
    if contact.country and contact.country != person.country:
        old = country_name(person.country) if person.country else ""
        changes.append(Change("country", old, contact.country_label))
    for name in CONTACT_DETAILS:
        value = getattr(contact, name)
        if value and value != getattr(person, name):
            changes.append(Change(name, getattr(person, name), value))
    if contact.notes and contact.notes not in person.notes:
        notes = "\n\n".join(n for n in (person.notes, contact.notes) if n)
        changes.append(Change("notes", person.notes, notes))
    return changes


# ----- importing -----


@dataclasses.dataclass
class ImportResult:
    created: list[Person]
    updated: list[Person]
    unchanged: int
    errors: list[Planned]


@transaction.atomic
def import_contacts(*, user, contacts: list[Contact]) -> ImportResult:
    """Import every contact without error, in one transaction; the plan is made again
    inside it, so matching sees what is written.

    Side effects: people, cities, organisations and positions created or changed through
    the services (audited; people and positions in their history). Raises
    :class:`UnreadableFile` and writes nothing if a service refuses a contact or a matched
    person changed or went meanwhile (possible on PostgreSQL; SQLite's immediate
    transactions hold the write lock from the plan on).
    """
    plan = plan_import(contacts, user=user)
    created, updated = [], []
    made: dict[tuple, City | Organisation] = {}
    for row in plan:
        if row.outcome not in (Outcome.CREATE, Outcome.UPDATE):
            continue
        try:
            person = _write(user, row, made)
        except ValidationError as refused:
            raise UnreadableFile(
                _("第 %(row)d 筆無法匯入，沒有寫入任何資料：%(reason)s")
                % {"row": row.contact.row, "reason": "；".join(refused.messages)}
            ) from None
        except (EditConflict, Person.DoesNotExist):
            raise UnreadableFile(
                _(
                    "第 %(row)d 筆的人員剛被他人修改或刪除，沒有寫入任何資料：請重新整理預覽後再確認。"
                )
                % {"row": row.contact.row}
            ) from None
        (created if row.outcome == Outcome.CREATE else updated).append(person)
    return ImportResult(
        created=created,
        updated=updated,
        unchanged=sum(1 for row in plan if row.outcome == Outcome.UNCHANGED),
        errors=[row for row in plan if row.outcome == Outcome.ERROR],
    )


def _write(user, row: Planned, made: dict) -> Person:
    """Write one planned row. ``made`` keeps the cities and organisations this import
    created, for the later rows that name them (planned before they existed)."""
    contact = row.contact
    city = row.city
    if contact.city and city is None:
        key = ("city", name_key(contact.city), contact.country)
        if key not in made:
            made[key] = services.get_or_create_city(
                user=user, name=contact.city, country=contact.country
            )
        city = made[key]
    organisation = row.organisation
    if contact.organisation and organisation is None:
        key = ("organisation", name_key(contact.organisation))
        if key not in made:
            made[key] = services.get_or_create_organisation(user=user, name=contact.organisation)
        organisation = made[key]
    if row.outcome == Outcome.CREATE:
        data = {name: getattr(contact, name) for name in services.PERSON_FIELDS if name in FIELDS}
        data["city"] = city
        person = services.create_person(user=user, data=data)
    else:
        person = Person.objects.get(pk=row.person.pk)
        data = {}
        for change in row.changes:
            if change.field == "city":
                data["city"] = city
            elif change.field == "country":
                data["country"] = contact.country
            else:
                data[change.field] = change.new
        if data:
            person = services.update_person(
                user=user, person=person, data=data, expected_version=person.version
            )
    if row.new_position:
        services.add_position(
            user=user,
            person=person,
            data={
                "title": contact.title,
                "title_en": contact.title_en,
                "organisation": organisation,
            },
        )
    return person
