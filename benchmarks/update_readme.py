#!/usr/bin/env python3
"""Copy the tables of benchmarks/results/*.md into the README's "Results" section."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

BODY = """Measured on this project's machine (2 cores, 24 GB), `python benchmarks/<script>.py`, then
`python benchmarks/update_readme.py`; the full tables are in `benchmarks/results/`. CER and WER fold
whitespace and tone-mark placement (SPEC).

### Speed and OCR accuracy (`benchmarks/bench_ocr.py`)

{ocr}

Plain Tesseract reads the header's two columns as one line and the seal into the text; most of
its CER is that, not letters. The phone photos keep the most errors (blur on small diacritics).
A one-page document costs `sohoa` about 1.2 s more than plain Tesseract (start-up, language
model, probing the tools): on one page it is slower, on four pages faster (pages in parallel).

### Correction (`benchmarks/bench_correct.py`)

{correct}

### Fields matched, from the image through the whole pipeline (`benchmarks/bench_fields.py`)

{fields}

Handwritten numbers and days are read by the digit classifier (`models/digits`, trained only on
drawn glyphs): in the real scans it reads the numbers 575, 286 and 299, the days 18 (5710) and
23 and the typed month "7" (read "ở" by Tesseract), where Tesseract was wrong, and agrees with
Tesseract on 23, 04, 08 and 26; it still misreads the numbers 1595, 5710 and 288 and the days 31,
18 (Hưng Yên) and 15, and then Tesseract's own reading is kept. Also missed: signer
names under an opaque seal, and the row order of a table whose cell wraps.

### Batch (`benchmarks/bench_batch.py`)

{batch}

### Scaling to 100,000 documents

{scaling}
"""


def main() -> int:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Results\n")
    end = readme.index("\n## Layout")
    old = readme[start:end]
    scaling = old[old.index("### Scaling to 100,000 documents") + len("### Scaling to 100,000 documents"):].strip()
    fields = "\n".join(l for l in (RESULTS / "fields.md").read_text(encoding="utf-8").splitlines()
                       if l.startswith("- **"))
    body = BODY.format(ocr=(RESULTS / "ocr.md").read_text(encoding="utf-8").strip(),
                       correct=(RESULTS / "correct.md").read_text(encoding="utf-8").strip(),
                       fields=fields, batch=(RESULTS / "batch.md").read_text(encoding="utf-8").strip(),
                       scaling=scaling)
    (ROOT / "README.md").write_text(readme[:start] + "## Results\n\n" + body + readme[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
