"""Which script a name is written in, so that badges and table cards print it in a face made
for it: a Japanese name in a Japanese face (its kanji drawn the Japanese way), a Korean name
in a Korean one, a Chinese name in Traditional or Simplified Chinese, Latin in Latin."""

import unicodedata

# Country codes whose Han names are drawn with each face.
SIMPLIFIED_COUNTRIES = {"CN", "SG", "MY"}


def script_of(name: str, country: str = "") -> str:
    """ "ja", "ko", "zh-Hans", "zh-Hant" or "latin" for ``name``; a name in Han characters
    alone (a Japanese name may be, as may a Chinese one) follows the visitor's country."""
    han = kana = hangul = False
    for char in name:
        if not char.isalpha():
            continue
        point = ord(char)
        if 0xAC00 <= point <= 0xD7AF or 0x1100 <= point <= 0x11FF or 0x3130 <= point <= 0x318F:
            hangul = True
        elif 0x3040 <= point <= 0x30FF or 0x31F0 <= point <= 0x31FF:
            kana = True
        elif unicodedata.name(char, "").startswith("CJK"):
            han = True
    if hangul:
        return "ko"
    if kana:
        return "ja"
    if han:
        country = (country or "").upper()
        if country == "JP":
            return "ja"
        if country == "KR":
            return "ko"
        return "zh-Hans" if country in SIMPLIFIED_COUNTRIES else "zh-Hant"
    return "latin"
