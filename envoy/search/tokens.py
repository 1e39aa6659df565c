"""The words Envoy's search indexes and looks for: folded text cut into tokens that make a
phrase query an exact substring match.

Folding is the one of ``envoy.core.lib.chinese.fold`` (NFKC, Simplified → Traditional, 台 → 臺,
lower case) with the diacritics rule of ``envoy.relations.names`` (Māris = Maris), applied
**character by character** through one table. A per-character fold commutes with taking a
substring (the fold of a part is the part of the fold), which exact substring search needs;
OpenCC's phrase conversion does not (``头发`` → 頭髮 but ``发`` → 發, so the query 发 would miss
that document). The price: a Simplified character with several Traditional forms always
becomes the first (发 → 發), so 頭髮 is not found in a Simplified 头发.

Tokens of folded text:

- a run of CJK characters (Han, kana, hangul) → its overlapping bigrams, then the run's last
  character alone (a run of one character → that character). The lone last character keeps two
  runs from reading as one phrase, and with the bigrams it covers every position: a character
  ``c`` occurs in a document exactly when some token starts with ``c``, so a one-character
  query is the prefix query ``c*`` — exact, only slower (it reads every bigram starting with c);
- a run of other letters and digits → one word (at most ``MAX_WORD`` characters);
- a punctuation mark or line break next to a word gives the sentinel token ``SENTINEL``, so that
  a phrase never spans it (between two CJK runs the lone last character already does that).

A query term becomes the phrase of its tokens. A CJK run at the end of a term leaves out its
lone last character (the document's run may go on), and a term ending in one CJK character
makes that character a prefix: ``東京都`` → ``東京 京都``; ``東京G20`` → ``東京 京 g20``;
``115年`` → ``115 年*``; ``市`` → ``市*``.

Documents are cut with numpy, a whole text at a time: the archive's 300 million characters
must be indexed in minutes, which a character-by-character loop in Python cannot do
(docs/performance.md).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np

from envoy.core.lib.chinese import to_traditional_lines

# Private use: a token character for FTS5's unicode61 tokenizer; folding removes it from text.
SENTINEL = "\ue000"
# The longest word indexed: PostgreSQL refuses lexemes over 2 kB, and nobody searches for more.
MAX_WORD = 60

_CJK_RANGES = [
    (0x3005, 0x3007),
    (0x3040, 0x30FF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
]
CJK = "".join(f"{chr(a)}-{chr(b)}" for a, b in _CJK_RANGES)
_RUN = re.compile(rf"([{CJK}]+)|([^\W_{CJK}]+)")
_SPACES = re.compile(r"[^\S\n\r\f\v\u2028\u2029\x1c-\x1e\x85]*")
_LONG_WORD = re.compile(rf"[^ ]{{{MAX_WORD + 1},}}")

# Classes of folded characters.
SPACE, BREAK, HAN, WORD = 0, 1, 2, 3

# Letters the decomposition keeps whole (as envoy.relations.names does).
_LETTERS = {"ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}
# Variants that mean the same (as envoy.core.lib.chinese): the second is kept.
_VARIANTS = {"台": "臺", "着": "著", "裏": "裡", "峯": "峰", "綫": "線"}


def _plain(ch: str) -> str:
    """One character folded without OpenCC: NFKC, lower case, no diacritics."""
    text = unicodedata.normalize("NFKC", ch).lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(_LETTERS.get(c, c) for c in text)


@cache
def fold_table() -> dict[int, str]:
    """Every BMP character whose fold differs from itself, and its fold (``str.translate``).

    Built once per process (a few tenths of a second): OpenCC converts all Han characters in
    one call, one a line, so that no phrase rule applies.
    """
    table: dict[int, str] = {}
    for code in range(0x10000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF or (ch.isascii() and not ch.isupper()):
            continue
        folded = _plain(ch)
        if folded != ch:
            table[code] = folded
    # Private-use characters would pass for the sentinel: they become a replacement mark.
    for code in range(0xE000, 0xF900):
        table[code] = "\ufffd"
    sources = list(range(0x3400, 0xA000)) + list(range(0xF900, 0xFB00))
    han = [table.get(code, chr(code)) for code in sources]
    converted = to_traditional_lines(han)
    for code, after in zip(sources, converted, strict=True):
        after = "".join(_VARIANTS.get(c, c) for c in after)
        if after != chr(code):
            table[code] = after
        else:
            table.pop(code, None)
    for before, after in _VARIANTS.items():
        table[ord(before)] = after
    return table


def fold(text: str) -> str:
    """``text`` folded for comparison: 台灣, 臺灣 and 台湾 all give 臺灣."""
    return text.translate(fold_table())


@cache
def _arrays() -> tuple[np.ndarray, np.ndarray, re.Pattern]:
    """The fold as an array (code → code) for the one-to-one cases, the class of each folded
    code, and a pattern of the characters whose fold is not one character."""
    table = fold_table()
    folds = np.arange(0x110000, dtype=np.uint32)
    multi = []
    for code, to in table.items():
        if len(to) == 1:
            folds[code] = ord(to)
        else:
            multi.append(chr(code))
    classes = np.full(0x110000, BREAK, dtype=np.uint8)
    for code in range(0x10000):
        ch = chr(code)
        if ch.isalnum():
            classes[code] = WORD
        elif ch.isspace() and _SPACES.fullmatch(ch):
            classes[code] = SPACE
    for first, last in _CJK_RANGES:
        classes[first : last + 1] = HAN
    classes[ord("_")] = BREAK
    classes[ord(SENTINEL)] = BREAK
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(multi)) + "]")
    return folds, classes, pattern


def _folded_codes(text: str) -> np.ndarray:
    folds, _, multi = _arrays()
    if multi.search(text):
        table = fold_table()
        text = multi.sub(lambda m: table[ord(m.group())], text)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    return folds[codes]


def index_tokens(text: str) -> str:
    """The tokens of ``text`` as FTS5 takes them: separated by single spaces."""
    codes = _folded_codes(text)
    n = len(codes)
    if not n:
        return ""
    _, classes, _ = _arrays()
    kind = classes[codes]
    han = kind == HAN
    word = kind == WORD
    token = han | word
    next_han = np.zeros(n, dtype=bool)
    next_han[:-1] = han[1:]
    next_word = np.zeros(n, dtype=bool)
    next_word[:-1] = word[1:]
    # The first character of each run of tokens' characters of one kind.
    previous_kind = np.empty(n, dtype=np.uint8)
    previous_kind[0] = SPACE
    previous_kind[1:] = kind[:-1]
    starts = token & (previous_kind != kind)
    # Where a sentinel goes: at a run start with a break since the last token character, when
    # a word is on either side.
    index = np.arange(n)
    last_token = np.maximum.accumulate(np.where(token, index, -1))
    before = np.empty(n, dtype=np.int64)
    before[0] = -1
    before[1:] = last_token[:-1]
    breaks = np.cumsum(kind == BREAK)
    broken = (before >= 0) & (breaks - breaks[np.maximum(before, 0)] > 0)
    sentinel = starts & broken & (word | (kind[np.maximum(before, 0)] == WORD))
    # Characters written at each position: a bigram and a space, a lone character and a
    # space, a word's character (and a space after its last), two for a sentinel and space.
    count = np.where(han, np.where(next_han, 3, 2), np.where(word, np.where(next_word, 1, 2), 0))
    count = count + 2 * sentinel
    end = np.cumsum(count)
    start = end - count
    out = np.full(int(end[-1]), 0x20, dtype=np.uint32)
    out[start[sentinel]] = ord(SENTINEL)
    base = start + 2 * sentinel
    out[base[token]] = codes[token]
    pair = han & next_han
    following = np.zeros(n, dtype=np.uint32)
    following[:-1] = codes[1:]
    out[base[pair] + 1] = following[pair]
    tokens = out.tobytes().decode("utf-32-le").rstrip(" ")
    word_starts = np.flatnonzero(starts & word)
    word_ends = np.flatnonzero(word & ~next_word)
    if len(word_starts) and int((word_ends - word_starts).max()) >= MAX_WORD:
        tokens = _LONG_WORD.sub(lambda m: m.group()[:MAX_WORD], tokens)
    return tokens


# PostgreSQL's limits: positions up to 16383, at most 256 positions a lexeme.
PG_MAX_POSITION = 16383
PG_MAX_POSITIONS = 256


def tsvector(tokens: str) -> str:
    """``tokens`` as a PostgreSQL ``tsvector`` literal with their positions. A document of
    more than 16,383 tokens (about as many characters) has its later positions clamped, so
    a phrase past that point is not found on PostgreSQL (SQLite has no such limit)."""
    parts = []
    for token, where in positions(tokens).items():
        where = [min(p, PG_MAX_POSITION) for p in where[:PG_MAX_POSITIONS]]
        parts.append(f"'{token}':{','.join(map(str, dict.fromkeys(where)))}")
    return " ".join(parts)


def index_forms(vendor: str, bodies: list[str]) -> list[str]:
    """What the index of database ``vendor`` takes for each body: FTS5 tokens, or a
    tsvector literal. Needs no Django: a rebuild runs it in a worker process."""
    tokens = [index_tokens(body) for body in bodies]
    return tokens if vendor == "sqlite" else [tsvector(t) for t in tokens]


def positions(tokens: str) -> dict[str, list[int]]:
    """Each token's positions (1-based) for PostgreSQL; the sentinel keeps its position but
    is not a lexeme of its own."""
    found: dict[str, list[int]] = {}
    for position, token in enumerate(tokens.split(" "), 1):
        if token != SENTINEL and token:
            found.setdefault(token, []).append(position)
    return found


@dataclass(frozen=True)
class Token:
    text: str
    # Positions from the token before: 1, or 2 across a sentinel.
    gap: int = 1


@dataclass(frozen=True)
class Term:
    """One query term: a phrase of tokens, the last one maybe a prefix."""

    tokens: tuple[Token, ...]
    prefix: bool = False
    # The folded runs of the term, highlighted in snippets.
    runs: tuple[str, ...] = ()


def _runs(folded: str):
    """(is_cjk, run, broken) for each run of the folded text; ``broken`` when a punctuation
    mark or line break (not only spaces) lies between it and the run before."""
    end = 0
    for match in _RUN.finditer(folded):
        between = folded[end : match.start()]
        broken = bool(between) and _SPACES.fullmatch(between) is None
        if match.group(1):
            yield True, match.group(1), broken
        else:
            yield False, match.group(2)[:MAX_WORD], broken
        end = match.end()


def query_term(text: str) -> Term | None:
    """The phrase of one query term (a word, or a quoted phrase); None when it has no
    letter, digit or CJK character. Cut exactly as ``index_tokens`` cuts documents."""
    runs = list(_runs(fold(text)))
    tokens: list[Token] = []
    gap, previous_word = 1, False
    for i, (is_cjk, run, broken) in enumerate(runs):
        if broken and tokens and (previous_word or not is_cjk):
            gap = 2
        pieces = list(map(str.__add__, run, run[1:])) if is_cjk else [run]
        if is_cjk and (i < len(runs) - 1 or len(run) == 1):
            pieces.append(run[-1])
        for piece in pieces:
            tokens.append(Token(piece, gap))
            gap = 1
        previous_word = not is_cjk
    if not tokens:
        return None
    last_cjk, last_run, _ = runs[-1]
    return Term(tuple(tokens), last_cjk and len(last_run) == 1, tuple(r for _, r, _ in runs))


_QUOTED = re.compile(r'"([^"]*)"|(\S+)')


def parse_query(query: str) -> list[Term]:
    """The terms of a query — quoted phrases and space-separated words — all of which must
    match. A repeated term counts once; a term of punctuation only is dropped."""
    terms: list[Term] = []
    query = query.replace("\u201c", '"').replace("\u201d", '"').replace("\uff02", '"')
    for match in _QUOTED.finditer(query):
        text = match.group(1) if match.group(1) is not None else match.group(2)
        term = query_term(text)
        if term is not None and term not in terms:
            terms.append(term)
    return terms


@cache
def _unfolded() -> dict[str, list[str]]:
    """For each folded character, the characters that fold to it."""
    found: dict[str, list[str]] = {}
    for code, to in fold_table().items():
        found.setdefault(to, []).append(chr(code))
    return found


@cache
def _char_class(folded_char: str) -> str:
    """A regex class of every character that folds to ``folded_char``."""
    forms = [folded_char, *_unfolded().get(folded_char, [])]
    if len(forms) == 1:
        return re.escape(folded_char)
    return "[" + "".join(re.escape(c) for c in sorted(forms)) + "]"


@cache
def original_pattern(folded: str) -> str:
    """A regex finding, in unfolded text, the places whose fold is ``folded``."""
    return "".join(_char_class(ch) for ch in folded)
