"""The `equalvoice` command: Django's manage.py for Equal Voice."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["speakeasy"]:
        # The checker needs no database or settings: run it straight away.
        from equalvoice.speakeasy.cli import main as speakeasy

        sys.exit(speakeasy(sys.argv[2:]))
    if sys.argv[1:3] == ["opinions", "rebuild"]:
        # Needs the database: Django's command opinions_rebuild.
        sys.argv[1:3] = ["opinions_rebuild"]
    elif sys.argv[1:2] == ["opinions"]:
        # Before numpy is imported: no huge pages for its big arrays. With them, each
        # first touch of an array asks the system for 2 MB of contiguous memory, which on
        # a busy machine it must gather first (docs/opinions.md, "Benchmarks").
        os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
        # One BLAS thread: the maths' BLAS calls are on vectors of a few hundred numbers,
        # too small to share out, and OpenBLAS's idle threads spin between calls (about
        # 0.2 s of CPU at 33,422 × 783 for nothing; the answers are the same).
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        from equalvoice.opinions.cli import main as opinions

        sys.exit(opinions(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equalvoice.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
