"""A person's title shown beside their organisation says the organisation once.

Reports write the unit into the title (巴黎 國際關係處副處長, 環境部長, 東京都知事) and
records keep the organisation beside it, so the two joined read 巴黎國際關係處國際關係處副處長
or 環境部環境部長. :func:`title_without_organisation` takes out of a title the part that
repeats its organisation; suggestions, the relations services and every page that shows a
title beside its organisation use it (one rule, also for records kept before it).
"""

import re

# What may stand between an organisation and a title written after it in Latin letters.
_LATIN_GLUE = re.compile(r"^[\s,，、·\-–—:]+")
_LATIN_TAIL = re.compile(r"(?:[\s,，、·\-–—]+|\s+(?:of|at|for)\s+)$", re.IGNORECASE)
# What a unit of an organisation ends with: a title starting with the organisation's last
# such unit repeats it (國際關係處副處長 at 巴黎國際關係處).
UNIT_ENDINGS = "部處局署院會廳室課科司組隊都府縣市區省州"


def _is_latin(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]", text)) and not re.search(r"[\u3400-\u9fff]", text)


def title_without_organisation(title: str, *organisations: str) -> str:
    """``title`` less the words that repeat one of ``organisations`` (its names in any
    language):

    - 國際關係處副處長 at 巴黎國際關係處 → 副處長 (the organisation ends with the unit
      the title starts with);
    - 環境部長 at 環境部 → 部長, 港湾局長 at 東京都港湾局 → 局長 (the unit's last character
      doubles as the title's first: 部長, 局長, 處長);
    - 東京都知事 at 東京都 → 知事; 環境部 部長 at 環境部 → 部長;
    - International Relations Deputy Director at Paris International Relations → Deputy
      Director; Deputy Director, Paris International Relations → Deputy Director.

    A title that only shares a word with its organisation keeps it (環境教育專員 at 環境部,
    都知事 at 東京都, Governor of Tokyo at Tokyo Metropolitan Government), and so does a title
    that would be left empty.
    """
    title = (title or "").strip()
    for organisation in organisations:
        organisation = (organisation or "").strip()
        if not title or not organisation:
            continue
        if _is_latin(title):
            title = _without_latin(title, organisation)
        else:
            title = _without_han(title, organisation)
    return title


def _without_han(title: str, organisation: str) -> str:
    # The longest end of the organisation (two characters at least, ending a unit) that
    # starts the title.
    for length in range(min(len(organisation), len(title) - 1), 1, -1):
        overlap = organisation[-length:]
        if overlap[-1] not in UNIT_ENDINGS and not overlap.endswith("中心"):
            continue
        if not title.startswith(overlap):
            continue
        rest = title[length:].lstrip(" 　·、，,")
        if not rest:
            return title
        if len(rest) == 1:
            # 環境部長: the unit's last character is the title's first.
            rest = overlap[-1] + rest
        return rest
    return title


def _without_latin(title: str, organisation: str) -> str:
    lower_title, lower_org = title.lower(), organisation.lower()
    words = organisation.split()
    # The organisation, or its last words (two at least), starting the title.
    for count in range(len(words), 1, -1):
        part = " ".join(words[-count:]).lower()
        if lower_title.startswith(part) and _LATIN_GLUE.match(title[len(part) :]):
            rest = _LATIN_GLUE.sub("", title[len(part) :]).strip()
            if rest:
                return rest
    # The whole organisation ending the title after a comma (Deputy Director, Paris ...).
    if lower_title.endswith(lower_org) and len(title) > len(organisation):
        head = title[: -len(organisation)]
        if re.search(r"[,，、·\-–—]\s*$", head):
            rest = _LATIN_TAIL.sub("", head).strip()
            if rest:
                return rest
    return title


def title_at(title: str, organisation: str) -> str:
    """The title with its organisation, said once: 巴黎國際關係處副處長, 東京都知事,
    Deputy Director, Paris International Relations; the title alone without one."""
    title = title_without_organisation(title, organisation)
    organisation = (organisation or "").strip()
    if not organisation:
        return title
    if not title:
        return organisation
    if _is_latin(title) or _is_latin(organisation):
        return f"{title}, {organisation}"
    return f"{organisation}{title}"
