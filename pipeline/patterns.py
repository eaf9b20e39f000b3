"""The Decree-30 format's patterns, in one place: how the number line ("Số: 57/KH-UBND"), the
place-and-date line ("Hà Nội, ngày 05 tháng 3 năm 2024") and its words, digits misread as
letters, and document numbers look on a page once OCR has read them. Every stage (layout,
stamps, handwriting, corrector, parser) asks here.

Several patterns match the same thing with different looseness, on purpose: the parser reads a
line it already knows is in the header and wants what follows "Số"; the handwriting reader meets
the word garbled by ink written next to it ("Sár-", "S0:"). Each says which it is and why.
"""
from __future__ import annotations

import re

# ------------------------------------------------------------------ the number line: "Số: 57/KH-UBND"

# what OCR reads for the "ố" of "Số" (hats and tones lost or swapped, an "o" read as a zero)
SO_VOWELS = "ốôóoỏồổơớờởòõọộ0ỗ"
# the parser: a header line opening with "Số", and what follows it
# (a law, an ordinance or a resolution of the National Assembly names itself: "Luật số: 15/2023/QH15";
# with its colon, which a document cited in a line, "Nghị quyết số 35/…", has not)
_NAMED_NUMBER = r"(?:Luật|Pháp lệnh|Nghị quyết|Lệnh)\s+số\s*:"
NUMBER_LINE = re.compile(rf"^[\W_]{{0,3}}(?:{_NAMED_NUMBER}|S[{SO_VOWELS}]\s*[:;.,]?)\s*(?P<rest>.*)$", re.IGNORECASE)
# the reading order: a line that starts the number block (the word, then a space). Narrower than
# SO_VOWELS: with the horned vowels "SỞ TƯ PHÁP", an issuer's line, would start the number block
# (and the header's two columns were read interleaved); the parser can take the wider set because
# it also wants a digit or "/" on the line.
NUMBER_LINE_START = re.compile(rf"^\s*(?:{_NAMED_NUMBER}|S[ốôóoỏồổ0][:;.,]?)\s", re.IGNORECASE)  # "Số," its colon read as a comma
# with handwriting or a stamp beside it the word itself is garbled: any two characters after the S
_NUMBER_WORD_ANY = r"\W{0,2}S\S{0,2}"
NUMBER_LINE_LOOSE = re.compile(rf"^{_NUMBER_WORD_ANY}\s*[:;.]")        # where a stamp's mark goes before
NUMBER_WORD_ALONE = re.compile(rf"^{_NUMBER_WORD_ANY}\s*[:;.]?$")       # "Số:" on its own
NUMBER_WORD_GLUED = re.compile(rf"^{_NUMBER_WORD_ANY}[:;.]?\S*/")       # "Số:¿/'KH-VP", "Sár-Š6/QĐ-VKSTC"
NUMBER_WORD_PREFIXED = re.compile(rf"^{_NUMBER_WORD_ANY}[:;.]\S{{1,6}}$")  # "Số:¿7" before "/KH-STP"
# a document number as one token: digits (maybe none: a blank left blank), then the code
DOC_NUMBER_SHAPE = r"^\d{0,5}[/-][0-9A-ZĐa-zđ&/.-]*[A-ZĐ]{2,}[0-9A-ZĐa-zđ&-]*$"

# ------------------------------------------------------------------ the date: "ngày 05 tháng 3 năm 2024"

# spaCy token patterns (whole tokens, lower case) of the date's words, and of its numbers as OCR
# reads them: digits, or letters that look like digits (z3, l0, O8)
DAY_TOKEN = r"^ng[àaáảạ]y$"
MONTH_TOKEN = r"^th[áaàảạ]ng$"
YEAR_TOKEN = r"^n[ăaâ]m$"
DIGITISH_TOKEN = r"^[0-9zZoOlIiSB|]{1,4}$"
NUMERIC_DATE = re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$")  # 05/3/2024
WORD_DATE_PARTS = re.compile(r"(?P<n>[0-9zZoOlIiSB|]{1,4})")
# the reading order: a line holding a date in words (to cut the header's bands at it)
DATE_LINE = re.compile(r"ng[àa]y\s.*th[áa]ng|th[áa]ng\s.*n[ăa]m\s*\d", re.IGNORECASE)
# the parser: "Place, ngày … tháng … năm …", marks of the date words lost ("ngay", "thang")
PLACE_DATE = re.compile(r"^\W*[^\W\d_][^,]{1,40},\s*ng\S{0,3}\b.*(?:th\S{1,3}ng|n\S{1,2}m)", re.IGNORECASE)
PLACE_NO_COMMA = re.compile(r"^\W*(?P<place>[^\W\d_][^,\d]{1,40}?)\s+ng\S{0,3}\b.*(?:th\S{1,3}ng|n\S{1,2}m)",
                            re.IGNORECASE)
# the code after a number's "/" read without it: "UBND-KGVX", "SGDĐT-CTrTT", "BCA-C04"
AGENCY_CODE = re.compile(r"[A-ZĐ]{2,}[A-Za-zĐđ]*(?:-[A-ZĐ0-9][A-Za-z0-9Đđ()]*)+")
# the handwriting reader: the date's words with ink written into or beside them
# "ngày", "ngàv"; and its "y" read as "i" in lower case ("ngài", bca-4552) — not "Ngãi," (Quảng Ngãi)
DAY_WORD_LOOSE = re.compile(r"^(?:ng\S{0,2}[yvýỵ]\W?|(?-i:ng[aàáảãạ][iìíỉĩị]))$", re.IGNORECASE)
DAY_WORD_GLUED = re.compile(r"^ng\S{0,2}[yvýỵ](?=\S)", re.IGNORECASE)  # "ngày/{5"
# the layout: the place glued to the date's "ngày" by its comma ("Nai,ngày"), to be split in two
PLACE_GLUED_DAY = re.compile(r"^(\S+,)(ng\S{0,2}[yvýỵ])$", re.IGNORECASE)
MONTH_WORD_LOOSE = re.compile(r"th\S{1,2}ng", re.IGNORECASE)
TRAILING_MARKS = ",.;:'`\"“”"


def month_word(text: str) -> bool:
    """"tháng" as OCR reads it, with or without a mark glued after it ("tháng," where a pen's stroke began)."""
    return bool(MONTH_WORD_LOOSE.fullmatch(text.rstrip(TRAILING_MARKS)))
YEAR_WORD_LOOSE = re.compile(r"^n\S{1,2}m$", re.IGNORECASE)
# the corrector: a day read as letters between "ngày" and "tháng" ("ngày z3 tháng"), and "ngay"
# with its marks lost before a day
DAY_IN_WORDS = re.compile(r"\b(?P<w>ng[àa]y)\s+(?P<d>[0-9zZoOlI|S]{1,2})(?=\s+th\S{1,3}ng\b)")
NGAY_UNMARKED = re.compile(r"\bngay(?=\s+\d{1,2}(?:\s*/\s*\d|\s+th[áa]ng))")

# ------------------------------------------------------------------ digits read as letters

# OCR reads digits in numbers and dates as look-alike letters: z3 → 23, l0 → 10, O8 → 08, S → 5
DIGIT_LIKE = str.maketrans({"z": "2", "Z": "2", "o": "0", "O": "0", "l": "1", "I": "1", "i": "1", "|": "1",
                            "S": "5", "s": "5", "B": "8", "g": "9", "q": "9", "b": "6", "T": "7"})
# the recipients' label, "Nơi nhận:" (OCR drops or swaps its marks), and what follows it on its line
RECIPIENTS_LABEL = re.compile(r"^\W{0,2}N[ơoóòớờ]i\s+nh[ậaâặấ]n\s*[:;.]?\s*(?P<rest>.*)$", re.IGNORECASE)
