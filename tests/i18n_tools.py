"""Translation tools (issue 18): find words in templates that are not marked for
translation, and keep each catalogue of Welsh messages complete.

Each app keeps its own catalogue in ``equalvoice/<app>/locale/cy/LC_MESSAGES/django.po``;
the project's own templates (``equalvoice/templates``) and ``equalvoice/*.py`` use
``equalvoice/locale``. The compiled ``.mo`` files are committed beside them, so that Equal
Voice runs in Welsh without GNU gettext on the machine; making the catalogues needs it.

    .venv/bin/python tests/i18n_tools.py unmarked [equalvoice/core ...]   # words not marked
    .venv/bin/python tests/i18n_tools.py update equalvoice/core            # makemessages + compile
    .venv/bin/python tests/i18n_tools.py compile [equalvoice/core ...]     # .po -> .mo
    .venv/bin/python tests/i18n_tools.py missing [equalvoice/core ...]     # messages with no Welsh

The tests in tests/test_translations.py use the same functions.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "equalvoice"
LANGUAGE = "cy"

# Names that stay as they are in every language. Keep this short: a word that a Welsh
# reader would read differently is not a name.
NOT_TRANSLATED = frozenset(
    {"Equal Voice", "OpenMoji", "Cymraeg", "English", "PDF", "CSV", "JSON", "ICS", "="}
)
# Attributes that a person reads or hears.
READ_ATTRIBUTES = frozenset(
    {"alt", "title", "aria-label", "aria-description", "aria-roledescription", "placeholder"}
)
# Filters whose string arguments a person reads; `pluralize` adds an English "s".
READ_FILTERS = ("default", "default_if_none", "yesno")
# Names in `{% include ... with name="..." %}` whose values a person reads.
READ_INCLUDE_NAMES = frozenset(
    {
        "label",
        "hint",
        "title",
        "text",
        "heading",
        "legend",
        "caption",
        "button",
        "summary",
        "alt",
        "description",
        "message",
        "empty",
        "link_text",
        "action",
        "intro",
    }
)
# Pages served as they are, never through Django (nginx shows 503.html while the app is
# down; tests/test_deploy_files.py forbids template tags in it): they hold both languages.
STATIC_PAGES = frozenset({PACKAGE / "templates" / "errors" / "503.html"})
LETTER = re.compile(r"[A-Za-z]")
MARK = "\ue000"  # stands for a template tag or variable inside the HTML


@dataclass(frozen=True)
class Unmarked:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.text!r}"


# ---------------------------------------------------------------------------------------
# Unmarked words in templates
# ---------------------------------------------------------------------------------------


def templates(units: list[Path] | None = None) -> list[Path]:
    found: list[Path] = []
    for unit in units or all_units():
        for folder in template_folders(unit):
            found += sorted(
                p
                for p in folder.rglob("*")
                if p.suffix in {".html", ".txt"} and p not in STATIC_PAGES
            )
    return found


def template_folders(unit: Path) -> list[Path]:
    return [PACKAGE / "templates"] if unit == PACKAGE else [unit / "templates"]


def all_units() -> list[Path]:
    apps = sorted(p.parent for p in PACKAGE.glob("*/apps.py"))
    return [PACKAGE, *apps]


def _readable(text: str) -> str | None:
    text = html.unescape(text.replace(MARK, " "))
    text = " ".join(text.split())
    if not LETTER.search(text) or text in NOT_TRANSLATED:
        return None
    return text


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[int, str]] = []
        self._skip = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        values = dict(attrs)
        for name, value in attrs:
            read = name in READ_ATTRIBUTES or (
                name == "value" and tag == "input" and values.get("type") in {"submit", "button"}
            )
            if read and value and (text := _readable(value)):
                self.found.append((self.getpos()[0], text))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and (text := _readable(data)):
            # The piece may start with blank lines: count to its first letter.
            first = LETTER.search(data)
            before = data[: first.start()].count("\n") if first else 0
            self.found.append((self.getpos()[0] + before, text))

    def handle_entityref(self, name: str) -> None:
        pass

    def handle_charref(self, name: str) -> None:
        pass


_FILTERS = "|".join(READ_FILTERS)
_LITERAL_ARG = re.compile(rf"""\|\s*({_FILTERS})\s*:\s*(["'])(.*?)\2""")
_INCLUDE_ARG = re.compile(r"""(\w+)\s*=\s*(["'])(.*?)\2""")


def unmarked_in(path: Path) -> list[Unmarked]:
    """Words in one template that a person reads and that are not marked for translation."""
    from django.template.base import Lexer, TokenType

    source = path.read_text(encoding="utf-8")
    tokens = Lexer(source).tokenize()
    found: list[Unmarked] = []
    pieces: list[str] = []
    skipping: str | None = None  # the end tag we wait for
    for token in tokens:
        content = token.contents.strip()
        # A tag stands as one mark, keeping its lines, so the HTML's line numbers are right.
        mark = MARK + "\n" * token.contents.count("\n")
        if skipping:
            if token.token_type == TokenType.BLOCK and content.split()[0] == skipping:
                skipping = None
            pieces.append(mark)
            continue
        if token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
            continue
        pieces.append(mark)
        words = content.split()
        if token.token_type == TokenType.BLOCK and words:
            if words[0] in {"blocktranslate", "blocktrans"}:
                skipping = "endblocktranslate" if words[0] == "blocktranslate" else "endblocktrans"
            elif words[0] == "comment":
                skipping = "endcomment"
            elif words[0] == "include" and " with " in f" {content} ":
                for name, _quote, value in _INCLUDE_ARG.findall(content.split(" with ", 1)[1]):
                    if name in READ_INCLUDE_NAMES and (text := _readable(value)):
                        found.append(Unmarked(path, token.lineno or 0, text))
        if token.token_type == TokenType.VAR:
            for _filter, _quote, value in _LITERAL_ARG.findall(content):
                if text := _readable(value.replace(",", " ")):
                    found.append(Unmarked(path, token.lineno or 0, text))
            if re.search(r"\|\s*pluralize\b", content):
                found.append(
                    Unmarked(path, token.lineno or 0, "|pluralize (use blocktranslate count)")
                )
    reader = _Reader()
    reader.feed("".join(pieces))
    reader.close()
    found += [Unmarked(path, line, text) for line, text in reader.found]
    return sorted(found, key=lambda u: (u.line, u.text))


# ---------------------------------------------------------------------------------------
# Catalogues
# ---------------------------------------------------------------------------------------


def catalogue(unit: Path) -> Path:
    return unit / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"


def _django_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "equalvoice.settings")
    env["EQUALVOICE_WELSH"] = "on"
    env.setdefault("EQUALVOICE_DEBUG", "1")
    env["PYTHONPATH"] = str(ROOT)
    return env


def _makemessages(folder: Path, ignore: list[str]) -> None:
    """Django's makemessages, run in `folder`, writing to `folder/locale` only."""
    _makemessages_in([folder], ignore)


def _makemessages_in(folders: list[Path], ignore: list[str]) -> None:
    """Django's makemessages, run in each folder in turn, writing to its `locale` only:
    with the project's LOCALE_PATHS emptied, since makemessages would otherwise put every
    app's messages into the project's catalogue (its folder holds the apps' folders). One
    Python for all the folders: starting Python and Django once per folder took longer
    than makemessages itself."""
    options = {
        "locale": [LANGUAGE],
        "no_location": True,
        "no_obsolete": True,
        "extensions": ["html", "txt", "py"],
        "ignore_patterns": ignore,
        "verbosity": 0,
    }
    script = (
        "import django, json, os, sys; django.setup()\n"
        "from django.conf import settings; settings.LOCALE_PATHS = []\n"
        "from django.core.management import call_command\n"
        "for folder in json.loads(sys.argv[2]):\n"
        "    os.chdir(folder)\n"
        "    call_command('makemessages', **json.loads(sys.argv[1]))\n"
    )
    # -P: the app folder is the working folder, and its selectors.py must not hide the
    # standard library's (the first folder is the working folder; the others are not on
    # the path at all).
    args = [
        sys.executable,
        "-P",
        "-c",
        script,
        json.dumps(options),
        json.dumps([str(folder) for folder in folders]),
    ]
    subprocess.run(args, cwd=folders[0], env=_django_env(), check=True, capture_output=True)


def _ignore_for(unit: Path) -> list[str]:
    if unit != PACKAGE:
        return ["locale/*", "migrations/*", "static/*", "tests/*"]
    apps = [p.name + "/*" for p in all_units() if p != PACKAGE]
    return [*apps, "static/*", "locale/*"]


def update(unit: Path) -> None:
    """Add new messages to the unit's catalogue (GNU gettext), then compile it."""
    (unit / "locale" / LANGUAGE / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    _makemessages(unit, _ignore_for(unit))
    _tidy_header(unit)
    compile_catalogue(unit)


def _tidy_header(unit: Path) -> None:
    import polib  # type: ignore[import-untyped]

    po_path = catalogue(unit)
    if not po_path.exists():
        return
    po = polib.pofile(str(po_path), wrapwidth=88)
    po.header = (
        f"Welsh (Cymraeg) messages for Equal Voice: {unit.name}.\n"
        "A fluent Welsh speaker should review them (docs/inclusion.md)."
    )
    po.metadata_is_fuzzy = False
    po.metadata.update(
        {
            "Project-Id-Version": "Equal Voice",
            "Language": LANGUAGE,
            "Language-Team": "Welsh",
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    for key in ("Report-Msgid-Bugs-To", "Last-Translator", "PO-Revision-Date"):
        po.metadata.pop(key, None)
    po.save(str(po_path))


def compile_catalogue(unit: Path) -> None:
    import polib  # type: ignore[import-untyped]

    po = catalogue(unit)
    if po.exists():
        polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))


def untranslated(unit: Path) -> list[str]:
    """Messages the committed catalogue lacks or has not translated, as makemessages finds
    them now (run on a copy, so the catalogue in the project is never changed)."""
    return untranslated_in([unit])[unit]


def untranslated_in(units: list[Path]) -> dict[Path, list[str]]:
    """`untranslated` for several units, with one makemessages process for them all."""
    import polib  # type: ignore[import-untyped]

    found: dict[Path, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        copies = [Path(tmp) / str(index) / unit.name for index, unit in enumerate(units)]
        for unit, copy in zip(units, copies, strict=True):
            _copy_for_makemessages(unit, copy)
        _makemessages_in(copies, ["locale/*", "tests/*"])
        for unit, copy in zip(units, copies, strict=True):
            po_path = catalogue(copy)
            if not po_path.exists():
                found[unit] = []
                continue
            po = polib.pofile(str(po_path))
            found[unit] = [
                entry.msgid
                for entry in po
                if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
            ]
    return found


def _copy_for_makemessages(unit: Path, copy: Path) -> None:
    """The unit's templates, Python and catalogue, without what makemessages skips."""
    ignore = shutil.ignore_patterns("__pycache__", "static", "migrations", "*.mo")
    if unit == PACKAGE:
        copy.mkdir(parents=True)
        shutil.copytree(unit / "templates", copy / "templates", ignore=ignore)
        for py in unit.glob("*.py"):
            shutil.copy(py, copy / py.name)
        if (unit / "locale").exists():
            shutil.copytree(unit / "locale", copy / "locale", ignore=ignore)
    else:
        shutil.copytree(unit, copy, ignore=ignore)
    (copy / "locale" / LANGUAGE / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)


def stale_compiled(unit: Path) -> bool:
    """True when the committed .mo does not hold exactly the .po's translations."""
    import gettext

    import polib  # type: ignore[import-untyped]

    po_path = catalogue(unit)
    if not po_path.exists():
        return False
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return True
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for entry in polib.pofile(str(po_path)).translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(key, int(index))] = text
        else:
            expected[key] = entry.msgstr
    have = {k: v for k, v in compiled.items() if k != ""}
    return have != expected


def _units_from(argv: list[str]) -> list[Path]:
    return [Path(a).resolve() for a in argv] if argv else all_units()


def main(argv: list[str]) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equalvoice.settings")
    os.environ["EQUALVOICE_WELSH"] = "on"
    os.environ.setdefault("EQUALVOICE_DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    django.setup()
    command, units = argv[0], _units_from(argv[1:])
    status = 0
    if command == "unmarked":
        for path in templates(units):
            for item in unmarked_in(path):
                print(item)
                status = 1
    elif command == "update":
        for unit in units:
            update(unit)
    elif command == "compile":
        for unit in units:
            compile_catalogue(unit)
    elif command == "missing":
        for unit in units:
            for msgid in untranslated(unit):
                print(f"{unit.relative_to(ROOT)}: {msgid!r}")
                status = 1
    else:
        print(__doc__)
        return 2
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
