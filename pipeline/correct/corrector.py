"""The corrector: Vietnamese post-OCR correction, line by line.

Each line is cleaned of stray marks, split into phrases of syllables (punctuation, numbers and
codes cut phrases and are never changed), and each phrase is decoded with Viterbi over the
candidates of its tokens: bigram language model + channel cost. Upper-case abbreviations in
running text ("UBND", "TĐKT") and numbers stay as they are.
"""
from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .. import patterns
from ..text import fold, is_upper_line, similarity, strip_end
from ..parse.outline import next_roman, roman_heading
from ..parse.vocab import vocab
from .candidates import Candidate, generator
from .syllable import is_valid, onset_rhyme, split_tone
from .conventions import (HEADER_LINES, basis_ends, chapter_numeral, closing_mark, lost_dashes, misread_dashes,
                          motto_in_pieces, punctuation, purpose_marks, recipient_ends, run_on_stops, sub_numbers)
from .lm import BOS, EOS, load_lm

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"\S+")
_CORE = re.compile(r"^(?P<lead>[^\wÀ-ỹ]*)(?P<core>[^\W\d_]+)(?P<trail>[^\wÀ-ỹ]*)$")
_JUNK_ONLY = re.compile(r"^[\^■□\\|~`´¨*•<>«»]+$")
_TRAIL_JUNK = re.compile(r"(?<=[\wÀ-ỹ.;,:)])[\^■\\`]+")
_HORN = re.compile(r"([oOuU])([\u0300\u0301\u0309\u0303\u0323]?)['*’`]")
# A list item's dash as printed: Tesseract reads an en dash ("–", what a word processor makes of
# "- ") as "—" and a hyphen as "-" or "~" (on the transcribed dev pages: 22 of 26 en dashes read
# "—", 20 of 28 hyphens "-", 5 "~", none the other way round)
_LEAD_EN_DASH = re.compile(r"^\s*[—–]\s*(?=\S)")
_LEAD_UNDERSCORE = re.compile(r"^\s*_+(?=[^\s_])")  # a rule's remains glued to a line's start ("__1. ĐÁNH GIÁ")
_LEAD_TILDE = re.compile(r"^\s*~\s*(?=\S)")
# the number line's colon read as a comma or a semicolon ("Số, 19/2026/NQ-CP"): Decree 30 prints "Số:"
_NUMBER_LABEL_MARK = re.compile(r"^(\s*S[ốỐ])[,;](?=\s*\d)", re.IGNORECASE)
_NUMBER_GAP = re.compile(r"^(\s*S[ốỐ][:;.,]?\s*\d{1,6})\s+(/\S|-[A-ZĐ]{1,5}/)", re.IGNORECASE)  # "/KH-…", Party "-KH/TU"
# the date after the place ("Hà Nội, ngày 9 tháng 10"), its "y" read as "i" ("ngài", which the
# language model then makes "Ngãi" of Quảng Ngãi): after the place's comma and before a day and
# "tháng", Decree 30 prints "ngày"
_DATE_WORD = re.compile(r"(,\s*)ng[aàáảãạ][iìíỉĩị](?=\s+\S{1,4}\s+th\S{1,2}ng\b)")
_COMMA_NUMBER = re.compile(r"^(\s*\d{1,2}),\s+")
_HEADING_NUMBER = r"^(\s*(?:[IVXLH]{1,4}|\d{1,2})[.,])"  # "I.", "12.", "II," at a line's start
_GLUED_NUMBER = re.compile(_HEADING_NUMBER + r"(?=[A-ZĐÀ-Ỹ])")  # "I.MỤC TIÊU"
_SPACED_NUMBER = re.compile(_HEADING_NUMBER + r" (?=[A-ZĐÀ-Ỹ])")  # the space _clean_line put in


@dataclass
class Change:
    line: int
    from_: str
    to: str
    score: float


def _horns(line: str) -> str:
    """'co*' → 'cơ', 'Thò'i' → 'Thời': an apostrophe or star after o/u is the horn the OCR split off."""
    def repl(m: re.Match) -> str:
        base = {"o": "ơ", "O": "Ơ", "u": "ư", "U": "Ư"}[m.group(1)]
        return unicodedata.normalize("NFC", base + m.group(2))
    d = unicodedata.normalize("NFD", line)
    d = _HORN.sub(repl, d)
    return unicodedata.normalize("NFC", d)


_DIGIT_LIKE = patterns.DIGIT_LIKE
_DAY = patterns.DAY_IN_WORDS
_NGAY = patterns.NGAY_UNMARKED


def _dates(line: str) -> str:
    """'ngày z3 tháng' → 'ngày 23 tháng'; 'ngay 13/6/2023' → 'ngày 13/6/2023' (a date follows 'ngày')."""
    line = _DAY.sub(lambda m: f"{m.group('w')} {m.group('d').translate(_DIGIT_LIKE)}", line)
    return _NGAY.sub("ngày", line)


_LOST_G = re.compile(r"(?<=[^\W\d_])\^(?=[^\W\d_])")


# Icelandic eth (Ð U+00D0, ð U+00F0) looks exactly like Vietnamese Đ/đ (U+0110/U+0111) and
# Vietnamese never uses it: left in, a search for "ĐT" or "Đảng" misses the word.
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_ROMAN_NUMERAL = re.compile(r"^(?=[IVXLC])(?:L?X{0,3}|XL|XC)(?:IX|IV|V?I{0,3})$")


# a document code broken after its hyphen ("5474/KH- UBND"): codes are one token
_BROKEN_CODE = re.compile(r"(\d/[A-ZĐ]{1,8}-)\s+(?=[A-ZĐ]{2,}\b)")


def _clean_line(line: str) -> str:
    line = _horns(unicodedata.normalize("NFC", line).translate(_ETH))
    line = _LOST_G.sub("g", line)  # "n^ày": a 'g' whose loop the OCR lost
    line = _LEAD_TILDE.sub("- ", _LEAD_EN_DASH.sub("– ", _LEAD_UNDERSCORE.sub("", line)))
    line = _BROKEN_CODE.sub(r"\1", line)
    line = _GLUED_NUMBER.sub(r"\1 ", line)  # "I.MỤC TIÊU" → "I. MỤC TIÊU"
    m = _COMMA_NUMBER.match(line)
    if m and line[m.end():m.end() + 1].isupper():
        line = f"{m.group(1)}. {line[m.end():]}"  # "2, Trung tâm" → "2. Trung tâm"
    tokens = _split_onsets([t for t in line.split(" ") if not _JUNK_ONLY.match(t)])
    line = " ".join(tokens)
    return _dates(_TRAIL_JUNK.sub("", line))


# a Vietnamese onset standing alone in lower case, and a word going on with a vowel
_ONSET = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])$")
_VOWEL_START = re.compile(r"^(?P<core>[aăâeêioôơuưyà-ỹ][^\W\d_]*)(?P<trail>\W*)$")


def _split_onsets(tokens: list[str]) -> list[str]:
    """A word that OCR split after its onset ("tr ong" for "trong"): an onset alone and a
    vowel-led rest that together are a word of the corpus are one word again. (On 440,000 words
    of clean held-out corpus text this joins two pairs, both typos of the text itself.)"""
    lm = load_lm()
    out: list[str] = []
    for tok in tokens:
        m = _VOWEL_START.match(tok)
        joined = out[-1] + m.group("core").lower() if out and m else ""
        if joined and _ONSET.match(out[-1]) and tok[:1].islower() and lm.known(joined):
            out[-1] += tok
            continue
        out.append(tok)
    return out


class _RomanSequence:
    """Restores 'n.' → 'II.' and 'm,' → 'III.' before upper-case headings, by the numbering order."""

    def __init__(self) -> None:
        self.last: str | None = None

    def fix(self, line: str) -> str:
        found = roman_heading(line.strip(), next_roman(self.last))
        if not found:
            return line
        self.last, rest = found
        if line.strip().startswith(f"{self.last}. "):
            return line
        read = line.strip().split(None, 1)[0].rstrip(".,:;")
        if _ROMAN_NUMERAL.match(read):
            return line  # a numeral read as a numeral is what the page says, even out of sequence
        return f"{self.last}. {rest}"


# The second word of a military rank ("Đại tá", "Thượng úy"), and the words after which a
# capitalised run is a person's name ("đồng chí Hầu A Lềnh", "Đại úy Lê Thị Hoa").
_RANK_TAILS = {"tá", "úy", "uý", "tướng"}
_PERSON_CUES = _RANK_TAILS | {"đồng chí", "đ/c", "ông", "bà", "anh", "chị", "em", "cháu", "cụ", "nguyên", "giáo sư",
                              "tiến sĩ", "thạc sĩ", "bác sĩ", "kỹ sư", "ts", "ths", "gs", "pgs", "bs"}


def _keep_proper(phrase: list[tuple[int, str, str, str]], chosen: list[Candidate], k: int, out: list[str]) -> bool:
    """A run of capitalised words is a person's name when it follows a person cue ("đồng chí",
    "ông", a rank) or begins with a family name; people's names are open-ended, so what the page
    says there is kept ("Đặng", "Lụa", "Khổng", "Vừ A Dính" are names, not "Đăng", "Luật",
    "Không", "Vụ A Định"). Other capitalised runs (places, bodies) are corrected as usual, and so
    is a person-like run that becomes, whole, a province's name ("Hồ Chí Mình")."""
    i, _, core, _ = phrase[k]
    if not core[:1].isupper() or not _capitalised(out[i]):
        return False
    start = i
    while start > 0 and _capitalised(out[start - 1]):
        start -= 1
    end = i
    while end + 1 < len(out) and _capitalised(out[end + 1]):
        end += 1
    cue = re.sub(r"[^\w/À-ỹ ]", "", " ".join(out[max(0, start - 2):start]).lower())
    after_cue = any(cue == c or cue.endswith(" " + c) for c in _PERSON_CUES)
    if start < i and _bare(out[start]).lower() in _PERSON_CUES:  # "Bà Ngô Lụa" at a sentence start
        after_cue, start = True, start + 1
    rank = end + 1 < len(out) and _bare(out[end + 1]).lower() in _RANK_TAILS and start == i  # "Thượng úy"
    if after_cue or rank:
        return True
    first = out[start]
    starter = fold(_bare(first)) in _name_starters() or ("'" in first and fold(first.split("'")[0] + "'") in _name_starters())
    if end == start or not starter:
        return False
    run = [fold(_bare(t)) for t in out[start:end + 1]]
    run[i - start] = fold(chosen[k].text)
    return " ".join(run) not in vocab().folded_provinces


@lru_cache(maxsize=1)
def _place_units() -> frozenset[str]:
    """The words a place's name follows ("xã Uy Nỗ", "UBND XÃ UY NỖ", "huyện Mường La"): the
    vocabulary's localities, in lower case with their marks ("TÌNH HÌNH" is no "TỈNH")."""
    return frozenset(x.lower().rstrip(".") for x in vocab().localities)


def _letters(tok: str) -> str:
    """A token's word without marks, in lower case: 'TĨNH' → 'tinh'."""
    return fold(_bare(tok)).lower()


def _place_run(out: list[str], i: int) -> tuple[int, int] | None:
    """(first, last) token of the place name holding token ``i``: capitalised words after a unit
    word ("xã", "PHƯỜNG", "thành phố") or, at the start of the date line, before ", ngày"; None
    when token ``i`` is in no place's name."""
    def named(tok: str) -> bool:
        return tok[:1].isupper() and not any(ch.isdigit() for ch in tok)

    def unit_before(j: int) -> bool:  # "xã", "thành phố" right before token j, in the same clause
        if j < 1 or out[j - 1].endswith((",", ".", ";", ":")):
            return False
        for n in (1, 2):  # with its marks: "TÌNH HÌNH …" is no "TỈNH" and a place
            if j >= n and " ".join(_bare(t).lower() for t in out[j - n:j]) in _place_units():
                # "các tỉnh Đồng bằng Sông Hồng": a region, not one place's name ("CẮC": by its letters)
                return not (j > n and _letters(out[j - n - 1]) in ("cac", "nhung"))
        return False

    if not named(out[i]):
        return None
    start = i
    while not unit_before(start) and start > 0:  # at 0 with no unit word: a place only as the date line's
        if not named(out[start - 1]) or out[start - 1].endswith((",", ".", ";", ":")):
            return None
        start -= 1
    end = i
    while not out[end].endswith((",", ";", ":")) and end + 1 < len(out) and named(out[end + 1]) \
            and _bare(out[end + 1]).lower() not in _place_units():
        end += 1
    if start == 0 and not (end + 1 < len(out) and out[end].endswith(",") and _bare(out[end + 1]).lower() == "ngày"):
        return None  # a line's first words are a place only as the date line's ("Uy Nỗ, ngày …")
    return start, end


def _keep_place(phrase: list[tuple[int, str, str, str]], chosen: list[Candidate], k: int, out: list[str]) -> bool:
    """A commune's, a ward's or a district's name is a name: places are open-ended as people's are
    ("UBND XÃ UY NỖ" became "ỦY NỢ", "Uy Nỗ, ngày" "Ủy Nợ", the language model's commoner words). A
    word of one that is a Vietnamese syllable is kept as read, unless the name corrected whole is a
    province's ("tỉnh Thái Bĩnh" → "Thái Bình": the provinces are known)."""
    i, _, core, _ = phrase[k]
    if generator().token_class(core.lower()) == "invalid":
        return False
    run = _place_run(out, i)
    if run is None:
        return False
    words = [fold(_bare(t)) for t in out[run[0]:run[1] + 1]]
    words[i - run[0]] = fold(chosen[k].text)
    return " ".join(words) not in vocab().folded_provinces


def _keep_unit(phrase: list[tuple[int, str, str, str]], chosen: list[Candidate], k: int, out: list[str]) -> bool:
    """A locality word read whole before a place's name or number ("UBND QUẬN BÌNH THẠNH", "QUẬN 1")
    is that word: the language model's commoner "QUAN", never seen before "BÌNH", had replaced it
    (the legal corpus has few districts' documents). A change the next word backs ("TỈNH HÌNH" →
    "TÌNH HÌNH", a pair the corpus has) is made."""
    i, _, core, _ = phrase[k]
    nxt = _bare(out[i + 1]) if i + 1 < len(out) else ""
    return core.lower() in _place_units() and bool(nxt) and (nxt[:1].isupper() or nxt[:1].isdigit()) \
        and load_lm().bi.get((chosen[k].text, nxt.lower()), 0) == 0


@lru_cache(maxsize=1)
def _name_starters() -> set[str]:
    """Folded family names (Kinh and ethnic-minority) and name prefixes, from the vocabulary: used
    to tell that a run of capitals is a person's name, never to change one."""
    v = vocab()
    return set(v.folded_surnames) | {fold(x) for x in v.data.get("name_starters", [])}


def _bare(tok: str) -> str:
    m = _CORE.match(tok)
    return m.group("core") if m else tok


def _capitalised(tok: str) -> bool:
    """'Lềnh', 'A', "H'Hen": a word with a capital first letter (not a code in capitals, not a
    word after an opening bracket or a full stop)."""
    word = tok.rstrip(",;:")
    if not word[:1].isupper() or any(ch.isdigit() for ch in word) or word.endswith("."):
        return False
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) == 1 or not all(ch.isupper() for ch in letters)


def _abbreviation(core: str) -> bool:
    """An abbreviation in capitals ("VPUB", "TTTU", "LĐ"): no vowel marks and no syllable a
    Vietnamese word could be. A heading word that lost its marks ("THUC") is a syllable and is
    still corrected."""
    if not core.isupper() or len(core) < 2:
        return False
    if set(core) <= set("IVXLCH"):
        return False  # "IIIL", "IH": a heading's Roman number that OCR damaged, repaired as before
    plain = core.replace("Đ", "D")
    if any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", plain)):
        return False
    low = core.lower()
    rhyme = onset_rhyme(split_tone(low)[0])[1]
    # the corpus's rhyme list has stray entries ("đ", "k" from abbreviations): a syllable's rhyme
    # starts with a vowel
    return not (rhyme[:1] in _NUCLEI and is_valid(low, generator().rhymes))


_NUCLEI = set("aăâeêioôơuưy")


def _apply_case(src: str, cand: Candidate, upper_line: bool) -> str:
    text = cand.text
    letters = [c for c in src if c.isalpha()]
    if upper_line or (len(letters) > 1 and all(c.isupper() for c in letters)):
        return text.upper()
    first_upper = src[:1].isupper()
    if cand.start_rewritten and src[:1] in "Il":
        first_upper = False  # "Idien": the capital I was the stem of a lower-case k
    return text[:1].upper() + text[1:] if first_upper else text


def _decode(cands: list[tuple[Candidate, ...]], before: str = BOS, after: str = EOS) -> list[Candidate]:
    """The best candidate of each token (Viterbi); ``before``/``after``: the words around the
    phrase (the line before's last word where the sentence runs on over the break), else the
    phrase's start and end."""
    lm = load_lm()
    prev_scores = {before: (0.0, None)}
    back: list[dict[str, tuple[float, str | None]]] = []
    for options in cands:
        cur: dict[str, tuple[float, str | None]] = {}
        for c in options:
            best, arg = -1e18, None
            for p, (s, _) in prev_scores.items():
                v = s + lm.logp(p, c.text)
                if v > best:
                    best, arg = v, p
            cur[c.text] = (best - c.cost, arg)
        back.append(cur)
        prev_scores = cur
    last, best = None, -1e18
    for p, (s, _) in prev_scores.items():
        v = s + lm.logp(p, after)
        if v > best:
            best, last = v, p
    path = []
    for i in range(len(cands) - 1, -1, -1):
        path.append(last)
        last = back[i][last][1]
    path.reverse()
    chosen = []
    for options, text in zip(cands, path):
        chosen.append(next(c for c in options if c.text == text))
    return chosen


def _gains(cands: list[tuple[Candidate, ...]], chosen: list[Candidate], before: str = BOS,
           after: str = EOS) -> list[float]:
    """How much better (nats) each chosen candidate scores than the token as read, neighbours fixed."""
    lm = load_lm()
    words = [before] + [c.text for c in chosen] + [after]
    out = []
    for k, (options, c) in enumerate(zip(cands, chosen)):
        ident = options[0]
        prev, nxt = words[k], words[k + 2]

        def local(x: Candidate) -> float:
            return lm.logp(prev, x.text) + lm.logp(x.text, nxt) - x.cost
        out.append(local(c) - local(ident))
    return out


def _latin_to_vietnamese(core: str) -> str:
    """Marks Vietnamese never uses (ï, ñ, Š, ö) are OCR noise: keep the base letter."""
    d = unicodedata.normalize("NFD", core)
    kept = "".join(ch for ch in d if not unicodedata.combining(ch) or ch in _VIET_MARKS)
    return unicodedata.normalize("NFC", kept)


_VOWELS = re.compile(r"[aăâeêioôơuưyAĂÂEÊIOÔƠUƯYà-ỹÀ-Ỹ]")
_VIET_MARKS = set("\u0300\u0301\u0309\u0303\u0323\u0302\u0306\u031b")


_PUNCTUATION = set(".,;:()[]\"'“”‘’…-–—!?%/")
GARBLED_COST = 3.5  # nats for reading a garbled token as a word its left neighbour predicts


def _garbled(token: str) -> bool:
    """'‡:È+ở::z', 'B.\\N': letters mixed with as many marks, no digits (those are numbers and codes)."""
    letters = sum(ch.isalpha() for ch in token)
    # a mark no text uses ('‡', '+', '¿', '{') inside the word; dotted form fields and "B(M)" are text
    noise = any(not ch.isalnum() and ch not in _PUNCTUATION for ch in token)
    return (noise and len(token) >= 3 and letters >= 2 and not any(ch.isdigit() for ch in token)
            and letters <= len(token) - letters)


RULE_SCORE = 5.0  # score of a deterministic repair (split horn, stray mark, heading number, date digit)


def correct_line(line: str, roman: _RomanSequence | None = None, before: str | None = None,
                 after: str | None = None) -> tuple[str, list[tuple[str, str, float]]]:
    """The corrected line and its changes (read, written, gain). ``before``/``after``: the last
    word of the line above and the first of the line below where the sentence runs over the line
    break ("… nên các đổi / tượng không …": "đổi tượng" is one phrase, "đối tượng")."""
    original = line.split()
    fixed, gains = _correct_line(line, roman, before, after)
    out = fixed.split()
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, original, out, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if i2 - i1 == j2 - j1:
            for a, b, j in zip(original[i1:i2], out[j1:j2], range(j1, j2)):
                changes.append((a, b, gains.get(j, RULE_SCORE)))
        else:
            changes.append((" ".join(original[i1:i2]), " ".join(out[j1:j2]), RULE_SCORE))
    return fixed, changes


def _correct_line(line: str, roman: _RomanSequence | None, before: str | None = None,
                  after: str | None = None) -> tuple[str, dict[int, float]]:
    """The corrected line, and the decoder's gain for each output token it changed."""
    gen = generator()
    line = _clean_line(line)
    if roman is not None:
        line = roman.fix(line)
    tokens = list(_TOKEN.finditer(line))
    words = [m.group("core") for m in (_CORE.match(t.group()) for t in tokens) if m]
    # a heading in capitals; codes like "88/KH-UBND" are not words and do not count
    upper_line = len(words) >= 2 and is_upper_line(" ".join(words))
    out = [t.group() for t in tokens]
    gains: dict[int, float] = {}
    phrase: list[tuple[int, str, str, str]] = []  # (token index, lead, core, trail)

    def flush(last: bool = False) -> None:
        if not phrase:
            return
        # the line's first phrase goes on from the line above, its last one into the line below
        start = before if before and phrase[0][0] == 0 and not phrase[0][1] else BOS
        end = after if after and last else EOS
        cands = []
        for k, (i, lead, core, trail) in enumerate(phrase):
            protected = ((not upper_line and core.isupper() and len(core) > 1) or len(core) > 7
                         or not _VOWELS.search(core)  # "TKCN", "NCKS": codes, not syllables
                         or _ROMAN_NUMERAL.match(core) is not None  # "XII", "XVIII": numerals
                         or (upper_line and _abbreviation(core)))  # "VPUB", "TTTU" in a line of capitals
            low = _latin_to_vietnamese(core).lower()
            if not _CORE.match(core):  # garbled: the identity, or what usually follows the word before
                prev = phrase[k - 1][2].lower()
                cands.append((Candidate(low, 0.0),) + tuple(
                    Candidate(w, GARBLED_COST + 0.2 * r) for r, w in enumerate(load_lm().successors(prev))))
            elif protected:
                cands.append((Candidate(low, 0.0),))
            else:
                name_like = core[:1].isupper() and i > 0
                found = generator().candidates(low, name_like)
                if upper_line:
                    # capitals are not confused letter for letter as lower case is ("bò"/"hỗ": "BÒ"
                    # and "HỖ" share no shape): in a line of capitals a letter is not swapped for
                    # another; marks are repaired, and a letter lost or added ("ÍNH" → "TỈNH")
                    found = tuple(c for c in found if len(fold(c.text)) != len(fold(low))
                                  or fold(c.text) == fold(low)) or found[:1]
                cands.append(found)
        chosen = _decode(cands, start, end)
        local_gains = _gains(cands, chosen, start, end)
        for k, c in enumerate(chosen):
            if c.text != phrase[k][2].lower() and (
                    (not upper_line and _keep_proper(phrase, chosen, k, out)) or _keep_place(phrase, chosen, k, out)
                    or _keep_unit(phrase, chosen, k, out)):
                chosen[k] = cands[k][0]  # a name or locality as read; see _keep_proper, _keep_place, _keep_unit
        for (i, lead, core, trail), c, gain in zip(phrase, chosen, local_gains):
            if c.text != core.lower():
                new = _apply_case(core, c, upper_line)
                out[i] = lead + new + trail
                gains[i] = round(gain, 2)
            elif upper_line and not core.isupper():
                out[i] = lead + core.upper() + trail  # "THựC" in a heading is "THỰC"
        phrase.clear()

    for i, t in enumerate(tokens):
        m = _CORE.match(t.group())
        if not m:
            if phrase and _garbled(t.group()):
                phrase.append((i, "", t.group(), ""))  # a word under a seal: its context may tell it
                continue
            flush()
            continue
        lead, core, trail = m.group("lead"), m.group("core"), m.group("trail")
        if lead:
            flush()
        phrase.append((i, lead, core, trail))
        if trail:
            flush()
    flush(last=True)
    _truecase(out, upper_line)
    del gen
    return " ".join(out), gains


def _truecase(out: list[str], upper_line: bool) -> None:
    """'ủy ban' → 'Ủy ban' where the corpus writes the pair with a capital in running text."""
    if upper_line:
        return
    pairs = load_lm().capitalised
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        ma, mb = _CORE.match(a), _CORE.match(b)
        if not ma or not mb or not ma.group("core").islower() or ma.group("trail"):
            continue
        if (ma.group("core"), mb.group("core").lower()) in pairs:
            core = ma.group("core")
            out[i] = ma.group("lead") + core[:1].upper() + core[1:] + ma.group("trail")


_FILED_COPY = re.compile(r"^(?P<lead>\W{0,3}L[ưu]u\s*[:;.,]?\s*)(?P<vt>V[I1l|!]|V\s?T)(?=\W|$)")




def _fixed_lines(line: str, in_header: bool = True) -> str:
    """The national title and motto are fixed wording (Decree 30): restore them whole. So is the
    filed copy of the recipients list, "Lưu: VT" (văn thư), whose T OCR often reads as I. So is
    the number line's label "Số:" (its colon read as a comma)."""
    if in_header and _NUMBER_LABEL_MARK.match(line):
        line = _NUMBER_LABEL_MARK.sub(r"\1:", line)
    if in_header:
        line = _DATE_WORD.sub(r"\1ngày", line)
    if in_header and _NUMBER_GAP.match(line):
        # "Số: 420 /BC-CAT" — the space a hand or a stamp left before the printed "/" (the
        # number is one token, as the expectations write it)
        return _NUMBER_GAP.sub(r"\1\2", line)
    m = _FILED_COPY.match(line.strip())
    if m and m.group("vt") != "VT":
        stripped = line.strip()
        return line[:len(line) - len(line.lstrip())] + m.group("lead") + "VT" + stripped[m.end():]
    v = vocab()
    stripped = strip_end(line)
    if not stripped or len(stripped) > 60:
        return line
    words = stripped.split()
    if in_header and len(words) > 3 and len(words[-1]) <= 2 and fold(words[-2]) == fold(v.motto.split()[-1]):
        # a speck read as a short word after the motto ("Hạnh phúc an", phone photo lamdong-416)
        stripped = " ".join(words[:-1])
    for canonical in (v.national_title, v.motto):
        # the whole line, in the header or in capitals as printed: a sentence of the body that names
        # the Republic ("… Cộng hòa xã hội chủ nghĩa Việt Nam ở nước ngoài") is text, not the title
        if canonical == v.national_title and not (in_header or is_upper_line(stripped)):
            continue
        if not is_upper_line(stripped) and fold(stripped).split()[-1:] != fold(canonical).split()[-1:]:
            continue  # "… Việt Nam ở": a sentence goes on past the title's last word
        if abs(len(fold(stripped).replace(" ", "")) - len(fold(canonical).replace(" ", ""))) > 4:
            continue
        if similarity(stripped, canonical) >= 0.88:
            if "HOÀ" in stripped.upper() and "HÒA" in canonical:
                return canonical.replace("HÒA", "HOÀ")
            return canonical
    return line


_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]+$")


def _person_name(line: str) -> bool:
    """'Trần Thị Mỹ Hạnh', 'Thạch Cảnh Minh Vũ': a line of two to five capitalised syllables, each a
    possible Vietnamese syllable, beginning with a family name (any family name when there are three
    words or more: family names are open-ended). Names are not text: the language model would make
    "Hạnh" a "Hành" and "Vũ" a "Vụ". In a name of three words or more one syllable may be misread
    past being one ("Tểần Thị Mỹ Hạnh" under a seal): the others still make it a name, and a
    legal-text model's guess for the damaged one is another name ("Tên", "Túy" for Trần, Tuấn)
    further from the page than what was read — the line is kept as read, its doubt shown by its
    confidence. A mark after the last word (a signature stroke's end read as "," in "Phạr Minh
    Tuấy,") does not make it other than a name."""
    words = line.rstrip(",;:.").split()
    if not 2 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words):
        return False
    if len(words) < 3 and fold(words[0]) not in _name_starters():
        return False
    gen = generator()
    invalid = sum(gen.token_class(w.lower()) == "invalid" for w in words)
    return invalid == 0 or (invalid == 1 and len(words) >= 3)


def _run_on(upper: str, lower: str) -> tuple[str, str] | None:
    """(the last word of ``upper``, the first of ``lower``), lower case, where a sentence runs on
    over the line break between them: no mark ends the upper line and the lower one goes on in
    lower case ("… nên các đổi" / "tượng không từ bỏ …")."""
    a, b = upper.split()[-1:], lower.split()[:1]
    ma, mb = (_CORE.match(a[0]) if a else None), (_CORE.match(b[0]) if b else None)
    if not ma or not mb or ma.group("trail") or mb.group("lead") or not mb.group("core")[:1].islower():
        return None
    return ma.group("core").lower(), mb.group("core").lower()


def correct_text(text: str) -> tuple[str, list[Change]]:
    """The corrected text (same lines) and every change made."""
    roman = _RomanSequence()
    lines_out = []
    changes: list[Change] = []
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if not line.strip() or _person_name(line.strip()):
            lines_out.append(line.strip())
            continue
        marked = purpose_marks(line)
        above = _run_on(lines[n - 1], line) if n > 0 else None
        below = _run_on(line, lines[n + 1]) if n + 1 < len(lines) else None
        fixed, ch = correct_line(marked, roman, above[0] if above else None, below[1] if below else None)
        if marked != line:
            ch.insert(0, (line.strip(), marked.strip(), RULE_SCORE))
        if _GLUED_NUMBER.match(line.strip()):
            # "I.Căn cứ", "1.Xây dựng" as printed: the space was put in only to read the number
            # apart ("IH." → "III."); the text keeps the page's spacing (lamdong-hcgc)
            fixed = _SPACED_NUMBER.sub(r"\1", fixed, count=1)
        whole = chapter_numeral(_fixed_lines(fixed, in_header=n < HEADER_LINES))
        if whole != fixed:
            ch.append((fixed, whole, RULE_SCORE))
        lines_out.append(whole)
        changes.extend(Change(n, a, b, s) for a, b, s in ch)
    if (run := motto_in_pieces(lines_out)) is not None:
        start, end = run
        changes.append(Change(start, " / ".join(lines_out[start:end]), vocab().motto, RULE_SCORE))
        lines_out[start:end] = [vocab().motto] + [""] * (end - start - 1)
    closed = run_on_stops(recipient_ends(closing_mark(basis_ends(sub_numbers(misread_dashes(lines_out))))))
    for n, (a, b) in enumerate(zip(lines_out, closed)):
        if a != b:
            changes.append(Change(n, a, b, RULE_SCORE))
    lines_out = closed
    punctuated = punctuation(lost_dashes(lines_out))
    for n, (a, b) in enumerate(zip(lines_out, punctuated)):
        if a != b:
            changes.append(Change(n, a.split()[-1] if a.split() else a, b.split()[-1] if b.split() else b, RULE_SCORE))
    return "\n".join(punctuated), changes
