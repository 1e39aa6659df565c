"""vCard 3.0 (RFC 2426) and 4.0 (RFC 6350): a business card's worth of a person, in and out.

How a person maps to a card:

======================  ===============================  ================================
Envoy                   vCard 3.0                        vCard 4.0
======================  ===============================  ================================
name (as they write     FN, and N with the whole name    FN (ALTID=1 when there are other
it: 小池百合子)          as family name (Envoy does not   names), N as in 3.0
                        know which word is the family
                        name)
name_latin              X-ENVOY-NAME-LATIN               FN;ALTID=1;LANGUAGE=und-Latn
                                                         (any language, Latin script)
name_zh                 X-ENVOY-NAME-ZH                  FN;ALTID=1;LANGUAGE=zh-Hant
current position        ORG (organisation), TITLE,       ORG, TITLE (ALTID=2),
                        X-ENVOY-TITLE-EN                 TITLE;ALTID=2;LANGUAGE=en
email                   EMAIL;TYPE=INTERNET,WORK         EMAIL;TYPE=work
phone / mobile          TEL;TYPE=WORK,VOICE / TYPE=CELL  TEL;TYPE=work,voice / TYPE=cell
address, city, country  ADR;TYPE=WORK: street = address, locality = city, country name
website                 URL                              URL
notes                   NOTE                             NOTE
======================  ===============================  ================================

Only the first current position is written: a card holds one title. Contact details
(``Person.CONTACT_FIELDS``) and notes are written only when the caller says the reader may
see them; the city and country stay in ADR either way.

Reading accepts what address books write as well: the first FN without LANGUAGE is the
name, other FNs fill the Latin or Chinese name by their LANGUAGE or their script; without
FN, the name comes from N. TEL typed CELL is the mobile, FAX and PAGER are skipped, any
other TEL is the phone (``tel:`` URIs unwrapped); the preferred (PREF) or work value wins
when there are several. ORG's first component is the organisation. ADR's
post-office box, extended and street parts, region and postal code make the address. Cards
of vCard 2.1 (Android's export) are read too: quoted-printable values are decoded with
their CHARSET. Photos, logos, sounds and keys are dropped before parsing.
"""

import datetime as dt
import quopri
import re
from collections.abc import Iterable

import vobject
from django.utils.translation import gettext as _
from vobject.base import VObjectError
from vobject.vcard import Address, Name

from envoy.core.lib.places import country_name

from ..models import Person
from ..names import is_han
from . import UnreadableFile
from . import contacts as _contacts
from .contacts import Contact, check_contact, too_many
from .text import decode

VERSIONS = ("3.0", "4.0")
PRODID = "-//Envoy//Relations//EN"

_DROPPED = {"PHOTO", "LOGO", "SOUND", "KEY"}
_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")
_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE | re.MULTILINE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE | re.MULTILINE)


# ----- writing -----


def current_position(person: Person, today: dt.date | None = None):
    """The first position ``person`` holds ``today`` (positions are ordered current first)."""
    today = today or dt.date.today()
    return next((p for p in person.positions.all() if p.current_on(today)), None)


def person_card(
    person: Person, *, version: str = "3.0", private: bool = True, notes: bool | None = None
):
    """A vobject vCard of ``person``; contact details only with ``private``, notes only with
    ``notes`` (when not given: with ``private``)."""
    notes = private if notes is None else notes
    v4 = version == "4.0"
    card = vobject.vCard()
    card.add("version").value = version
    card.add("prodid").value = PRODID

    def add(name: str, value, **params):
        line = card.add(name)
        line.value = value
        for key, param in params.items():
            line.params[key.upper()] = [param] if isinstance(param, str) else list(param)
        return line

    def types(*values: str) -> list[str]:
        return [v.lower() for v in values] if v4 else [v.upper() for v in values]

    alternates = [
        (value, language)
        for value, language in ((person.name_latin, "und-Latn"), (person.name_zh, "zh-Hant"))
        if value and value != person.name
    ]
    if v4 and alternates:
        add("fn", person.name, altid="1")
        for value, language in alternates:
            add("fn", value, altid="1", language=language)
    else:
        add("fn", person.name)
    add("n", Name(family=person.name))
    if not v4:
        if person.name_latin and person.name_latin != person.name:
            add("x-envoy-name-latin", person.name_latin)
        if person.name_zh and person.name_zh != person.name:
            add("x-envoy-name-zh", person.name_zh)

    position = current_position(person)
    if position is not None:
        if position.organisation is not None:
            add("org", [position.organisation.name])
        if v4 and position.title_en:
            add("title", position.title, altid="2")
            add("title", position.title_en, altid="2", language="en")
        else:
            add("title", position.title)
            if position.title_en:
                add("x-envoy-title-en", position.title_en)

    if private and person.email:
        add("email", person.email, type=types("work") if v4 else types("internet", "work"))
    if private and person.phone:
        add("tel", person.phone, type=types("work", "voice"))
    if private and person.mobile:
        add("tel", person.mobile, type=types("cell"))
    address = person.address if private else ""
    city = person.city.name if person.city else ""
    country = country_name(person.country) if person.country else ""
    if address or city or country:
        add("adr", Address(street=address, city=city, country=country), type=types("work"))
    if private and person.website:
        add("url", person.website)
    if notes and person.notes:
        add("note", person.notes)
    return card


def person_to_vcard(
    person: Person, *, version: str = "3.0", private: bool = True, notes: bool | None = None
) -> str:
    return person_card(person, version=version, private=private, notes=notes).serialize()


def people_to_vcards(
    people: Iterable[Person], *, version: str = "3.0", private: bool = True
) -> str:
    """One file of cards, one per person (prefetch their positions and organisations)."""
    return "".join(person_to_vcard(p, version=version, private=private) for p in people)


# ----- reading -----


def read_vcards(data: bytes) -> tuple[list[Contact], str]:
    """The contacts of a .vcf file (one card or many) and the encoding it was read with.

    Raises :class:`UnreadableFile` (the user's message) for a file that is not text, not
    vCard, broken, or holds no card or more than ``MAX_CONTACTS``. A card that can be read
    but not imported (no name, an invalid e-mail…) comes back with its problems.
    """
    text, encoding = decode(data)
    if "BEGIN:VCARD" not in text.upper():
        raise UnreadableFile(_("這不是 vCard 檔（.vcf）：找不到 BEGIN:VCARD。"))
    prepared = _prepared(text)
    if len(_BEGIN.findall(prepared)) != len(_END.findall(prepared)):
        raise UnreadableFile(_("vCard 檔不完整：有名片缺少結尾的 END:VCARD。"))
    try:
        components = list(vobject.readComponents(prepared))
    except (VObjectError, ValueError, TypeError, AttributeError, LookupError):
        raise UnreadableFile(_("無法解讀這個 vCard 檔。")) from None
    cards = [c for c in components if c.name.upper() == "VCARD"]
    if not cards:
        raise UnreadableFile(_("檔案中沒有任何 vCard 名片。"))
    if len(cards) > _contacts.MAX_CONTACTS:
        raise too_many(len(cards))
    return [_contact(card, number) for number, card in enumerate(cards, start=1)], encoding


def _prepared(text: str) -> str:
    """``text`` without binary properties, and with vCard 2.1 quoted-printable values
    decoded into 3.0 text (whose soft line breaks vobject cannot read). Raises
    :class:`UnreadableFile` naming the first line that is no property (vobject's own line
    numbers are unreliable)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    skipping = False
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line[:1] in (" ", "\t") or not line.strip():
            if not skipping:
                out.append(line)
            continue
        match = _PROPERTY.match(line)
        if match is None:
            raise UnreadableFile(
                _("第 %(line)d 行無法解讀，這不是有效的 vCard 檔。") % {"line": index}
            )
        skipping = match.group(1).upper() in _DROPPED
        if skipping:
            continue
        head, colon, value = line.partition(":")
        if colon and "QUOTED-PRINTABLE" in head.upper():
            while value.endswith("=") and index < len(lines):
                value = value[:-1] + lines[index]
                index += 1
            line = _from_quoted_printable(head, value)
        out.append(line)
    return "\n".join(out)


def _from_quoted_printable(head: str, value: str) -> str:
    name, *params = head.split(";")
    charset = "utf-8"
    kept = []
    for param in params:
        key, _eq, setting = param.partition("=")
        if key.upper() == "CHARSET":
            charset = setting.strip('"') or charset
        elif param.upper() not in ("QUOTED-PRINTABLE", "ENCODING=QUOTED-PRINTABLE"):
            kept.append(param)
    raw = quopri.decodestring(value.encode("ascii", errors="replace"))
    try:
        decoded = raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        decoded = raw.decode("utf-8", errors="replace")
    # 2.1 does not escape; 3.0 text does. Semicolons stay: they separate N and ADR parts.
    decoded = decoded.replace("\\", "\\\\").replace(",", "\\,")
    decoded = decoded.replace("\r\n", "\n").replace("\n", "\\n")
    return ";".join([name, *kept]) + ":" + decoded


def _lines(card, name: str) -> list:
    return card.contents.get(name.lower(), [])


def _param(line, key: str) -> list[str]:
    return [
        part.strip().lower()
        for value in line.params.get(key.upper(), [])
        for part in str(value).split(",")
        if part.strip()
    ]


def _types(line) -> set[str]:
    return set(_param(line, "TYPE")) | {str(p).lower() for p in line.singletonparams}


def _text(value) -> str:
    if isinstance(value, bytes):
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_text(v) for v in value if _text(v))
    return str(value or "").strip()


def _preferred(lines: list, *wanted: str):
    """The line marked preferred, else the first typed with one of ``wanted``, else the
    first."""
    for line in lines:
        if "pref" in _types(line) or _param(line, "PREF"):
            return line
    for line in lines:
        if _types(line) & set(wanted):
            return line
    return lines[0] if lines else None


def _contact(card, number: int) -> Contact:
    values: dict[str, str] = {}
    names = [line for line in _lines(card, "fn") if _text(line.value)]
    first = next((line for line in names if not _param(line, "LANGUAGE")), None)
    first = first or (names[0] if names else None)
    if first is not None:
        values["name"] = _text(first.value)
    elif _lines(card, "n"):
        values["name"] = _name_from_n(card.n.value)
    name = values.get("name", "")
    for line in names:
        if line is first:
            continue
        value = _text(line.value)
        language = (_param(line, "LANGUAGE") or [""])[0]
        if language.startswith("zh") or (is_han(value) and not is_han(name)):
            values.setdefault("name_zh", value)
        elif not is_han(value):
            values.setdefault("name_latin", value)
    for key, field in (("x-envoy-name-latin", "name_latin"), ("x-envoy-name-zh", "name_zh")):
        if _lines(card, key):
            values[field] = _text(_lines(card, key)[0].value)

    titles = [line for line in _lines(card, "title") if _text(line.value)]
    title = next((line for line in titles if not _param(line, "LANGUAGE")), None)
    title = title or (titles[0] if titles else None)
    if title is not None:
        values["title"] = _text(title.value)
    for line in titles:
        if line is not title and (_param(line, "LANGUAGE") or [""])[0].startswith("en"):
            values["title_en"] = _text(line.value)
    if _lines(card, "x-envoy-title-en"):
        values["title_en"] = _text(_lines(card, "x-envoy-title-en")[0].value)
    if _lines(card, "org"):
        org = card.org.value
        parts = org if isinstance(org, (list, tuple)) else [org]
        values["organisation"] = next((_text(p) for p in parts if _text(p)), "")

    email = _preferred(_lines(card, "email"), "work", "internet")
    if email is not None:
        values["email"] = _text(email.value)
    phones, mobiles = [], []
    for line in _lines(card, "tel"):
        kinds = _types(line)
        if kinds & {"fax", "pager"}:
            continue
        (mobiles if "cell" in kinds else phones).append(line)
    for field, lines in (("phone", phones), ("mobile", mobiles)):
        chosen = _preferred(lines, "work")
        if chosen is not None:
            values[field] = re.sub(r"^tel:", "", _text(chosen.value), flags=re.IGNORECASE)
    address = _preferred(_lines(card, "adr"), "work")
    if address is not None and isinstance(address.value, Address):
        adr = address.value
        parts = (adr.box, adr.extended, adr.street, adr.region, adr.code)
        values["address"] = ", ".join(_text(p) for p in parts if _text(p))
        values["city"] = _text(adr.city)
        values["country"] = _text(adr.country)
    if _lines(card, "url"):
        values["website"] = _text(_lines(card, "url")[0].value)
    notes = [str(line.value).strip() for line in _lines(card, "note") if _text(line.value)]
    values["notes"] = "\n\n".join(notes)
    return check_contact(values, row=number)


def _name_from_n(n) -> str:
    if not isinstance(n, Name):
        return _text(n)
    family, given = _text(n.family), _text(n.given)
    if is_han(family + given):
        return f"{family}{given}"
    return " ".join(p for p in (_text(n.prefix), given, _text(n.additional), family) if p)
