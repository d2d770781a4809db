"""`equalvoice speakeasy [--level plain|easy-read] [--format text|json] FILE... | -`

Exit 0 when nothing is flagged, 1 when something is, 2 on bad input. Pure Python: it
runs without Django settings, so anyone can check files without setting anything up."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from .documents import UnreadableDocument, read_document
from .engine import Report, check


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="equalvoice speakeasy",
        description="Check files for plain English or easy read. Use - for standard input.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--level", choices=["plain", "easy-read"], default="plain")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    return parser


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "There is no file with this name."
    if isinstance(error, IsADirectoryError):
        return "This is a folder, not a file."
    if isinstance(error, PermissionError):
        return "We are not allowed to read this file."
    return "We could not read this file."


def _write_text(out: TextIO, name: str, report: Report) -> None:
    scores = report.scores
    sentences = f"{report.sentences} sentence{'' if report.sentences == 1 else 's'}"
    words = f"{report.words} word{'' if report.words == 1 else 's'}"
    out.write(
        f"{name}: {sentences}, {words}, "
        f"reading ease {scores['flesch']}, grade {scores['fk_grade']}\n"
    )
    for f in report.findings:
        out.write(f"  {f.start}-{f.end} {f.kind}: “{f.text}”. {f.message}\n")
    if not report.findings:
        out.write("  Nothing to change.\n")


def main(
    argv: list[str],
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    stdin, out, err = stdin or sys.stdin, out or sys.stdout, err or sys.stderr
    try:
        options = _parser().parse_args(argv)
    except SystemExit as stop:
        return 2 if stop.code else 0
    level = options.level.replace("-", "_")
    results: list[tuple[str, Report]] = []
    for name in options.files:
        try:
            if name == "-":
                data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
            else:
                data = Path(name).read_bytes()
            text = read_document(name, data)
        except UnreadableDocument as error:
            err.write(f"{name}: {error}\n")
            return 2
        except OSError as error:
            err.write(f"{name}: {_os_reason(error)}\n")
            return 2
        results.append((name, check(text, level=level)))
    if options.format == "json":
        out.write(json.dumps([r.to_dict(path=n) for n, r in results], indent=2) + "\n")
    else:
        for name, report in results:
            _write_text(out, name, report)
    return 1 if any(r.findings for _, r in results) else 0
