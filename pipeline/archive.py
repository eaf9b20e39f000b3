"""The document metadata ("dữ liệu đặc tả") that Vietnamese archive software imports, one row per
document, with the document-level fields of Thông tư 02/2019/TT-BNV (kept by Thông tư 05/2025/TT-BNV
under the 2024 Archives Law): ``OUT/archive-metadata.csv`` / ``.xlsx``, and one XML file per
document under ``OUT/archive/``.

What the page says (type, number and notation, date, issuer, subject, pages) comes from sohoa's
reading; what OCR cannot know (fonds, file code, access mode, …) from a small TOML file the operator
writes once per batch (``FONDS.toml``; an empty one is valid). A field that was not read stays empty
and is listed in "Ghi chú"; nothing is guessed.

File names follow the circular's convention: a document's archive code ("mã lưu trữ tài liệu")
is the file code ("mã hồ sơ") and the document's order in the file ("số thứ tự văn bản trong hồ
sơ", the order of the batch's documents by path), and its files in ``OUT/archive/`` are named by it.
"""
from __future__ import annotations

import io
import json
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from .errors import BadArguments, InputError
from .write import write_atomic

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

log = logging.getLogger(__name__)

# (column as the circular writes it, XML element, where the value comes from)
COLUMNS = [
    ("Mã định danh văn bản", "docId", "operator"),
    ("Mã lưu trữ tài liệu", "arcDocCode", "operator + order"),
    ("Tên loại văn bản", "typeName", "read"),
    ("Mã tên loại văn bản", "typeCode", "read"),
    ("Số của văn bản", "codeNumber", "read"),
    ("Ký hiệu của văn bản", "codeNotation", "read"),
    ("Ngày, tháng, năm văn bản", "issuedDate", "read"),
    ("Tên cơ quan, tổ chức ban hành văn bản", "organName", "read"),
    ("Trích yếu nội dung", "subject", "read"),
    ("Ngôn ngữ", "language", "operator"),
    ("Số lượng trang của văn bản", "numberOfPage", "read"),
    ("Ký hiệu thông tin", "inforSign", "operator"),
    ("Từ khóa", "keyword", "operator"),
    ("Chế độ sử dụng", "mode", "operator"),
    ("Mức độ tin cậy", "confidenceLevel", "operator or kind"),
    ("Bút tích", "autograph", "operator"),
    ("Tình trạng vật lý", "format", "operator"),
    ("Ghi chú", "description", "sohoa"),
]
EXTRA_COLUMNS = [("Mã hồ sơ", "fileCode"), ("Số thứ tự văn bản trong hồ sơ", "docOrdinal"),
                 ("Tệp tin", "fileName"), ("Tệp gốc", "sourcePath")]
# the TOML keys an operator may set, and the column each fills
TOML_KEYS = {
    "fonds.organ_id": "mã định danh của cơ quan (used by doc_id_template)",
    "fonds.code": "mã phông",
    "fonds.name": "tên phông",
    "file.code": "mã hồ sơ",
    "file.start": "số thứ tự of the first document (default 1)",
    "defaults.doc_id_template": "how the Mã định danh văn bản is built, e.g. '{organ_id}.{year}.{number}'",
    "defaults.language": "Ngôn ngữ (default: Tiếng Việt)",
    "defaults.info_sign": "Ký hiệu thông tin",
    "defaults.keywords": "Từ khóa",
    "defaults.mode": "Chế độ sử dụng",
    "defaults.confidence": "Mức độ tin cậy (default for scans: Số hóa)",
    "defaults.autograph": "Bút tích",
    "defaults.physical_state": "Tình trạng vật lý",
}
LANGUAGE_NAMES = {"vie": "Tiếng Việt", "eng": "Tiếng Anh", "fra": "Tiếng Pháp", "chi_sim": "Tiếng Trung"}


@dataclass
class Fonds:
    """What the operator wrote in FONDS.toml (every key optional)."""
    organ_id: str = ""
    fonds_code: str = ""
    fonds_name: str = ""
    file_code: str = ""
    start: int = 1
    defaults: dict = field(default_factory=dict)


def load_fonds(path: Path) -> Fonds:
    """FONDS.toml → Fonds; BadArguments (exit 1) naming the file and the key when it is wrong."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("archive settings file not found", path, "give the FONDS.toml written for this batch") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadArguments(f"is not valid TOML ({exc})", path, "see the example in the README") from None
    known_tables = {"fonds", "file", "defaults"}
    for table, value in data.items():
        if table not in known_tables or not isinstance(value, dict):
            raise BadArguments(f"unknown setting [{table}]", path, "known tables: [fonds], [file], [defaults]")
        for key in value:
            if f"{table}.{key}" not in TOML_KEYS:
                raise BadArguments(f"unknown setting {table}.{key}", path,
                                   "known: " + ", ".join(sorted(TOML_KEYS)))
    fonds, file, defaults = data.get("fonds", {}), data.get("file", {}), data.get("defaults", {})
    start = file.get("start", 1)
    if not isinstance(start, int) or start < 1:
        raise BadArguments("file.start must be a whole number from 1", path)
    return Fonds(organ_id=str(fonds.get("organ_id", "")), fonds_code=str(fonds.get("code", "")),
                 fonds_name=str(fonds.get("name", "")), file_code=str(file.get("code", "")), start=start,
                 defaults={k: str(v) for k, v in defaults.items()})


def split_number(number: str | None) -> tuple[str, str]:
    """'57/KH-UBND' → ('57', 'KH-UBND'); '/KH-UBND' (the number left blank or not read) → ('', 'KH-UBND')."""
    if not number:
        return "", ""
    head, sep, tail = number.partition("/")
    if not sep:
        return (head.strip(), "") if head.strip().isdigit() else ("", head.strip())
    return head.strip(), tail.strip()


def _sentence_case(doc_type: str | None) -> str:
    """'KẾ HOẠCH' → 'Kế hoạch': the type's name as archive lists write it (its letters unchanged)."""
    if not doc_type:
        return ""
    low = doc_type.lower()
    return low[:1].upper() + low[1:]


def _date_vn(iso: str | None) -> str:
    if not iso or len(iso) != 10:
        return ""
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def record(doc: dict, ordinal: int, fonds: Fonds, rel: str) -> dict[str, str]:
    """One document's metadata, keyed by XML element name."""
    meta = doc.get("metadata") or {}
    number, notation = split_number(meta.get("number"))
    date = meta.get("date") or ""
    d = fonds.defaults
    lang = doc.get("provenance", {}).get("options", {}).get("lang") or "vie"
    kind = (doc.get("source") or {}).get("kind")
    text_layer = any((st.get("settings") or {}).get("text_layer") for st in doc.get("provenance", {}).get("steps", []))
    scanned = kind in ("pdf", "image") and not text_layer
    arc = f"{fonds.file_code}.{ordinal:03d}" if fonds.file_code else ""
    rec = {
        "arcDocCode": arc,
        "typeName": _sentence_case(meta.get("doc_type")),
        "typeCode": meta.get("doc_type_code") or "",
        "codeNumber": number,
        "codeNotation": notation,
        "issuedDate": _date_vn(date),
        "organName": meta.get("issuer") or "",
        "subject": meta.get("title") or "",
        "language": d.get("language") or " + ".join(LANGUAGE_NAMES.get(x, x) for x in lang.split("+")),
        "numberOfPage": str((doc.get("source") or {}).get("pages") or ""),
        "inforSign": d.get("info_sign", ""),
        "keyword": d.get("keywords", ""),
        "mode": d.get("mode", ""),
        "confidenceLevel": d.get("confidence") or ("Số hóa" if scanned else ""),
        "autograph": d.get("autograph", ""),
        "format": d.get("physical_state", ""),
        "fileCode": fonds.file_code,
        "docOrdinal": str(ordinal) if fonds.file_code else "",
        "sourcePath": rel,
    }
    template = d.get("doc_id_template", "")
    try:
        rec["docId"] = template.format(organ_id=fonds.organ_id, year=date[:4], number=number, notation=notation,
                                       arc=arc, ordinal=ordinal) if template and number and date else ""
    except (KeyError, IndexError, ValueError):
        raise BadArguments(f"defaults.doc_id_template {template!r} uses an unknown name",
                           hint="use {organ_id}, {year}, {number}, {notation}, {arc}, {ordinal}") from None
    missing = [label for label, key in (("số", "codeNumber"), ("ngày", "issuedDate"), ("tên loại", "typeName"),
                                        ("cơ quan ban hành", "organName"), ("trích yếu", "subject"))
               if not rec[key]]
    fields = (doc.get("quality") or {}).get("fields") or {}
    by_hand = [k for k, f in fields.items() if (f or {}).get("source") == "handwritten"]
    notes = []
    if missing:
        notes.append("không đọc được: " + ", ".join(missing))
    if by_hand:
        notes.append("đọc từ chữ viết tay, cần kiểm tra: " + ", ".join(by_hand))
    rec["description"] = "; ".join(notes)
    rec["fileName"] = ""
    return rec


def to_xml(rec: dict[str, str]) -> bytes:
    """The record in the element names archive software imports (UTF-8, one element per field)."""
    keys = [k for _, k, _ in COLUMNS] + [k for _, k in EXTRA_COLUMNS]
    body = "".join(f"  <{k}>{escape(rec.get(k, ''))}</{k}>\n" for k in keys)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<document>\n{body}</document>\n'.encode("utf-8")


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp")
    if tmp.exists():
        tmp.unlink()
    try:
        os.link(src, tmp)
    except OSError:
        import shutil

        shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def write_archive(outdir: Path, rels: list[str], fonds: Fonds, json_path) -> int:
    """archive-metadata.csv/.xlsx and OUT/archive/<code>.xml (and the document's .pdf and .alto.xml
    when the batch made them, as hard links) for the documents ``rels``, in the batch's order, whose
    JSON exists; returns how many rows."""
    import pandas as pd

    folder = outdir / "archive"
    rows = []
    ordinal = fonds.start
    for rel in rels:
        path = Path(json_path(rel))
        if not path.exists():
            continue  # failed: no row, and its number in the file is not used up
        doc = json.loads(path.read_text(encoding="utf-8"))
        rec = record(doc, ordinal, fonds, rel)
        ordinal += 1
        name = rec["arcDocCode"] or rel.replace("/", "_")
        stem = str(path)[: -len(".json")]
        for suffix in (".pdf", ".alto.xml"):
            if Path(stem + suffix).exists():
                _link_or_copy(Path(stem + suffix), folder / f"{name}{suffix}")
                if suffix == ".pdf":
                    rec["fileName"] = f"{name}.pdf"
        write_atomic(folder / f"{name}.xml", to_xml(rec))
        rows.append(rec)
    if not fonds.file_code and rows:
        log.warning("no file code (file.code) in the archive settings: documents are named by their path, "
                    "not by the circular's archive code")
    header = [c for c, _, _ in COLUMNS] + [c for c, _ in EXTRA_COLUMNS]
    keys = [k for _, k, _ in COLUMNS] + [k for _, k in EXTRA_COLUMNS]
    df = pd.DataFrame([[r.get(k, "") for k in keys] for r in rows], columns=header)
    write_atomic(outdir / "archive-metadata.csv", "\ufeff" + df.to_csv(index=False))
    buf = io.BytesIO()
    df.to_excel(buf, index=False, sheet_name="du-lieu-dac-ta", engine="openpyxl")
    write_atomic(outdir / "archive-metadata.xlsx", buf.getvalue())
    return len(rows)
