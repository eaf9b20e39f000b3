"""Command line: ``sohoa run | batch | eval``. The only place that maps exceptions to exit codes.

Data goes to stdout (the JSON of ``run`` without ``-o``, the table of ``eval``); logs, progress
and error messages go to stderr.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from . import __version__
from .errors import BadArguments, ExitCode, SohoaError

log = logging.getLogger("pipeline")

EPILOG = """\
exit codes:
  0 success            1 bad arguments         2 bad input (missing, empty, encrypted, unsupported)
  3 missing dependency (tesseract, the language model, poppler)
  4 some pages or documents failed (the rest is written)   5 output cannot be written
  6 internal error (a bug in sohoa, e.g. a document failing its own schema; nothing half-written)
  130 interrupted (nothing half-written is left)

examples:
  sohoa run scan.pdf -o scan.json          one document to one JSON file
  sohoa run raw_ocr.txt                    already-OCR'd text: correct and parse only, JSON on stdout
  sohoa batch archive/ -o out/ --workers 2 a folder, resumable, with report.csv / report.parquet
  sohoa batch archive/ -o out/ --scheduler tcp://10.0.0.5:8786   the same on a Dask cluster
  sohoa eval samples/                      CER, WER and fields matched on documents with truth
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit 2, which SPEC reserves for bad input
        self.print_usage(sys.stderr)
        print(f"sohoa: error: {message} (see sohoa --help)", file=sys.stderr)
        sys.exit(ExitCode.BAD_ARGS)


def _positive(kind: type, what: str):
    """An argparse type: a number of ``kind`` above zero."""
    def parse(text: str):
        try:
            v = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
        if v <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0: {text!r}")
        return v
    return parse


_positive_int = _positive(int, "a whole number")
_positive_float = _positive(float, "a number")


def _optional_steps() -> tuple[str, ...]:
    # the names only: importing pagesteps would pull OpenCV into --help
    return ("header_ink", "red_header", "orientation", "logo_words", "urgency_stamp", "merged_lines", "lost_lines",
            "signature_overlay", "doubtful_lines", "handwriting", "received_stamp", "signer")


def _common(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("processing")
    g.add_argument("--lang", default="vie", help="Tesseract language model(s), e.g. vie or vie+eng (default: vie)")
    g.add_argument("--dpi", type=_positive_int, default=300, help="resolution for rasterising PDF pages (default: 300)")
    g.add_argument("--no-correct", action="store_true", help="skip the Vietnamese post-OCR correction")
    g.add_argument("--keep-images", type=Path, metavar="DIR", help="write the cleaned page images (PNG) to DIR")
    g.add_argument("--force-ocr", action="store_true", help="OCR a PDF even when it already has a text layer")
    g.add_argument("--skip-step", action="append", default=[], metavar="STEP", choices=_optional_steps(),
                   help="switch off an optional page step (repeatable): " + ", ".join(_optional_steps()) +
                        "; each runs only on pages that need it, provenance.steps says where it ran")
    g = p.add_argument_group("limits")
    g.add_argument("--timeout", type=_positive_float, default=180.0, help="seconds per page for each tool (default: 180)")
    g.add_argument("--max-pages", type=_positive_int, default=500, help="refuse documents with more pages (default: 500)")
    g.add_argument("--max-pixels", type=_positive_int, default=150_000_000,
                   help="refuse pages with more pixels, before decoding (default: 150000000)")
    g = p.add_argument_group("output")
    g.add_argument("-v", "--verbose", action="count", default=0, help="more log messages on stderr (-vv for debug)")
    g.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr, no progress")


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="sohoa", description="Scanned Vietnamese administrative documents → structured JSON "
                 "(clean, OCR with Tesseract, correct, parse the Decree-30 format).",
                 epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=f"sohoa {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help="one document → one JSON", epilog=EPILOG,
                         formatter_class=argparse.RawDescriptionHelpFormatter,
                         description="Digitise one document: a PDF, an image (PNG, JPEG, TIFF, BMP, WebP) or a .txt "
                                     "of text OCR'd elsewhere. Writes the JSON to OUT.json, or to stdout.")
    run.add_argument("input", type=Path, metavar="INPUT")
    run.add_argument("-o", "--output", type=Path, metavar="OUT.json", help="where to write the JSON (default: stdout)")
    g = run.add_argument_group("archive deliverables (scans only)")
    g.add_argument("--alto", type=Path, metavar="OUT.xml",
                   help="also write ALTO 4.4 XML: blocks, lines, words with boxes, confidences, corrected text")
    g.add_argument("--hocr", type=Path, metavar="OUT.hocr", help="also write hOCR (the same layout as HTML)")
    g.add_argument("--pdf", type=Path, metavar="OUT.pdf",
                   help="also write a searchable PDF/A-2b: the scan's pages with the corrected text as an "
                        "invisible layer (OCRmyPDF + Ghostscript)")
    _common(run)

    batch = sub.add_parser("batch", help="every document under a folder → JSON files and reports", epilog=EPILOG,
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           description="Digitise every supported file under DIR (recursively) into OUTDIR/<relative "
                                       "path>.json, with OUTDIR/report.csv, report.parquet and responsibilities.csv. "
                                       "Resumable: documents already done with an unchanged input are skipped.")
    batch.add_argument("input", type=Path, metavar="DIR")
    batch.add_argument("-o", "--output", type=Path, metavar="OUTDIR", required=True)
    batch.add_argument("--workers", type=_positive_int, default=None, help="parallel worker processes (default: cores)")
    batch.add_argument("--scheduler", metavar="ADDR", help="run on a Dask cluster, e.g. tcp://127.0.0.1:8786")
    batch.add_argument("--force", action="store_true", help="redo documents that are already done")
    batch.add_argument("--retries", type=int, default=2, help="retries of a document whose worker died (default: 2)")
    g = batch.add_argument_group("archive deliverables (scans only)")
    g.add_argument("--alto", action="store_true", help="also write OUTDIR/<relative path>.alto.xml (ALTO 4.4)")
    g.add_argument("--hocr", action="store_true", help="also write OUTDIR/<relative path>.hocr")
    g.add_argument("--pdf", action="store_true", help="also write OUTDIR/<relative path>.pdf (searchable PDF/A-2b)")
    g.add_argument("--archive", type=Path, metavar="FONDS.toml",
                   help="also write OUTDIR/archive-metadata.csv/.xlsx (the document metadata of Thông tư "
                        "02/2019/TT-BNV) and OUTDIR/archive/<archive code>.xml/.pdf; FONDS.toml holds what OCR "
                        "cannot know (file code, access mode…; an empty file is valid, see the README)")
    _common(batch)

    sv = sub.add_parser("serve", help="HTTP service: upload, search, review (FastAPI)", epilog=EPILOG,
                        formatter_class=argparse.RawDescriptionHelpFormatter,
                        description="Serve sohoa over HTTP: POST /documents (upload a scan or a .txt), "
                                    "GET /documents/{id} (status, then the JSON), GET /documents?q=… (search, "
                                    "diacritics ignored), PATCH /documents/{id}/metadata (a person's correction), "
                                    "/review (the pages for checking what was read), /docs (OpenAPI). The work "
                                    "runs in worker processes (or on a Dask cluster), never in a request.")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine "
                    "only; reads are open there, elsewhere they need a token too)")
    sv.add_argument("--port", type=_positive_int, default=8000, help="port (default: 8000)")
    sv.add_argument("--data", type=Path, default=Path("sohoa-data"), metavar="DIR",
                    help="where uploads and the SQLite database are kept (default: ./sohoa-data)")
    sv.add_argument("--db", metavar="URL", help="database: sqlite:///FILE (default: DIR/sohoa.db) or "
                    "postgresql://user:password@host/dbname")
    sv.add_argument("--token-file", type=Path, metavar="FILE", help="bearer tokens for writes, one per line, "
                    "optionally after a name ('lan 3f9c…'); default: a random token made in DIR/token")
    sv.add_argument("--workers", type=_positive_int, default=None, help="worker processes (default: cores)")
    sv.add_argument("--scheduler", metavar="ADDR", help="run the work on a Dask cluster, e.g. tcp://127.0.0.1:8786")
    sv.add_argument("--max-upload-mb", type=_positive_int, default=200, help="largest upload (default: 200 MB)")
    sv.add_argument("--archive", type=Path, metavar="FONDS.toml", help="what OCR cannot know for "
                    "GET /documents/{id}/archive.xml (the archive metadata; see sohoa batch --archive)")
    _common(sv)

    ev = sub.add_parser("eval", help="accuracy on documents with ground truth",
                        description="Run the pipeline on each sample folder under GROUND_TRUTH_DIR (a folder with "
                                    "truth.txt and raw_ocr.txt and/or scan.*, and optionally expected.json) and print "
                                    "CER and WER before and after correction and the fields matched.")
    ev.add_argument("input", type=Path, metavar="GROUND_TRUTH_DIR")
    ev.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    ev.add_argument("--text-only", action="store_true", help="only the .txt inputs (no OCR)")
    _common(ev)
    return ap


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, stream=sys.stderr, format="sohoa: %(levelname)s: %(message)s")


def options_from(args):
    """Options for the pipeline from the parsed command line."""
    from .load import Limits
    from .process import Options

    deliver = tuple(d for d in ("alto", "hocr", "pdf") if args.command == "batch" and getattr(args, d, False))
    return Options(lang=args.lang, dpi=args.dpi, correct=not args.no_correct, keep_images=args.keep_images,
                   limits=Limits(max_pages=args.max_pages, max_pixels=args.max_pixels, timeout=args.timeout),
                   force_ocr=args.force_ocr, deliver=deliver, skip_steps=tuple(sorted(set(args.skip_step))))


def cmd_run(args) -> int:
    from .deliver import Deliverables, check_input, deliver
    from .load import check_readable, detect_kind
    from .process import process_document
    from .progress import PageProgress
    from .write import check_writable, write_atomic

    check_readable(args.input)
    if args.output is not None:
        if args.output.is_dir():
            raise BadArguments("-o names a folder; give a file name like out.json", args.output)
        if _same_file(args.output, args.input):
            raise BadArguments("-o names the input itself: the scan would be overwritten", args.output,
                               f"give another name, e.g. -o {args.input.name}.json")
        check_writable(args.output)  # exit 5 now, not after the OCR
    what = Deliverables(alto=args.alto, pdf=args.pdf, hocr=args.hocr)
    for extra in (args.alto, args.pdf, args.hocr):
        if extra is not None:
            if _same_file(extra, args.input) or (args.output is not None and extra.resolve() == args.output.resolve()):
                raise BadArguments("--alto/--hocr/--pdf names the input or the JSON output", extra, "give another name")
            check_writable(extra)
    check_input(detect_kind(args.input), what, args.input)
    progress = PageProgress(str(args.input), enabled=not args.quiet)
    options = options_from(args)
    doc = process_document(args.input, options, progress=progress)
    progress.done()
    text = doc.to_json()
    if what.wanted():
        deliver(doc, args.input, what, options)
    if args.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(args.output, text)
        log.info("wrote %s", args.output)
    if doc.quality.failed_pages:
        print(f"sohoa: {args.input}: pages {doc.quality.failed_pages} failed; the rest is written "
              "(see quality.warnings)", file=sys.stderr)
        return ExitCode.PARTIAL_FAILURE
    return ExitCode.OK


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def cmd_batch(args) -> int:
    from .batch import run_batch

    return run_batch(args.input, args.output, options_from(args), workers=args.workers, scheduler=args.scheduler,
                     force=args.force, quiet=args.quiet, retries=args.retries, archive=args.archive)


def cmd_serve(args) -> int:
    from .serve import serve

    return serve(args.host, args.port, args.data, args.db, args.token_file, args.workers or os.cpu_count() or 1,
                 args.scheduler, options_from(args), args.max_upload_mb, archive=args.archive)


def cmd_eval(args) -> int:
    from .evaluate import evaluate_dir, format_table

    results = evaluate_dir(args.input, options_from(args), text_only=args.text_only)
    if args.json:
        import json

        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_table(results))
    return ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return ExitCode.BAD_ARGS
    _setup_logging(args.verbose, args.quiet)
    # This process is sohoa's own: its temp files (and its workers') go into one scratch folder
    # that is removed however the run ends, Ctrl-C and killed workers included.
    import shutil
    import tempfile

    scratch = tempfile.mkdtemp(prefix="sohoa-")
    previous_tempdir, tempfile.tempdir = tempfile.tempdir, scratch
    try:
        return int({"run": cmd_run, "batch": cmd_batch, "serve": cmd_serve, "eval": cmd_eval}[args.command](args))
    except SohoaError as exc:
        print(f"sohoa: error: {exc.message}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        from .children import stop_all

        stop_all()
        print("sohoa: interrupted; nothing half-written was left behind", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:  # e.g. `sohoa run x.pdf | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.OK
    except Exception as exc:  # a bug: say so in one line; the traceback only with -vv
        log.debug("internal error", exc_info=True)
        print(f"sohoa: internal error: {exc.__class__.__name__}: {exc} (a bug in sohoa; re-run with -vv for "
              "details and report it)", file=sys.stderr)
        return ExitCode.INTERNAL_ERROR
    finally:
        tempfile.tempdir = previous_tempdir  # main() may be called from a user's program
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
