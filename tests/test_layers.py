"""The layers drawn in docs/architecture.md ("Layers"), checked over every module in
equalvoice/: no import points up, or sideways between apps of one layer, and the pure
modules import no Django.

The drawing is read from the doc, so the doc and this test cannot disagree. Imports are
read with `ast`, without importing or setting up Django: every `import` and
`from … import`, wherever it is (inside functions and `if TYPE_CHECKING:` too), and the
references Django resolves from strings at run time (`apps.get_model("label", …)`,
`get_app_config("label")`, `import_module(…)`, `include(…)`, a related model named as
"label.Model", and migration dependencies)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "equalvoice"
DOC = ROOT / "docs" / "architecture.md"
PROJECT = "project"  # the files directly in equalvoice/: settings, urls, cli, wsgi
DJANGO = {"django", "rules", "csp", "template_partials", "whitenoise", "environ"}
RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


@dataclass(frozen=True)
class Layers:
    rank: dict[str, int]  # app (or PROJECT) -> layer number
    pure: tuple[str, ...]  # paths under equalvoice/: "record/ladder.py", "opinions/engine/"

    def is_pure(self, path: str) -> bool:
        return any(path == p or (p.endswith("/") and path.startswith(p)) for p in self.pure)


def read_layers(doc: str) -> Layers:
    """The drawing under "## Layers": one `layer N │ …` row per layer, apps split by
    `│`; layer 0 lists the pure modules on the rows that follow it."""
    section = doc.split("\n## Layers\n", 1)[1].split("\n## ", 1)[0]
    drawing = section.split("```", 2)[1]
    rank: dict[str, int] = {}
    pure: list[str] = []
    number = None
    for line in drawing.splitlines():
        row = re.match(r"\s*layer (\d+) │(.*)", line)
        if row:
            number, content = int(row[1]), row[2]
        elif number == 0 and "│" in line:
            content = line
        else:
            continue
        if number == 0:
            pure += re.findall(r"\b[a-z_]+/[a-z_/]*(?:\.py|/)", content)
        elif content.strip().startswith(f"{PROJECT}:"):
            rank[PROJECT] = number
        else:
            for name in re.findall(r"[a-z_]+", content):
                assert name not in rank, f"{name} is drawn twice"
                rank[name] = number
    return Layers(rank=rank, pure=tuple(pure))


def app_of(path: str) -> str:
    """The app a path under equalvoice/ belongs to ("core/forms.py" -> "core")."""
    return path.split("/", 1)[0] if "/" in path else PROJECT


def _module_path(dotted: str) -> str | None:
    """equalvoice.a.b -> "a/b.py" or "a/b/" when that file or package exists."""
    parts = dotted.split(".")
    if parts[0] != "equalvoice":
        return None
    rel = "/".join(parts[1:])
    if rel and (PACKAGE / f"{rel}.py").is_file():
        return f"{rel}.py"
    if (PACKAGE / rel / "__init__.py").is_file():
        return f"{rel}/" if rel else "__init__.py"
    return None


def _target(dotted: str) -> str:
    """Where an import of `dotted` lands, as a path under equalvoice/ (the deepest module
    that exists; for a name imported from a module, that module)."""
    parts = dotted.split(".")
    for end in range(len(parts), 1, -1):
        found = _module_path(".".join(parts[:end]))
        if found is not None:
            return found
    return f"{parts[1]}/" if len(parts) > 1 else "__init__.py"  # no such file: by its name


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _name(func: ast.AST) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def imports_of(path: str, source: str) -> list[tuple[int, str, str]]:
    """(line, what is imported, where it lands under equalvoice/ or "" when it is not
    ours) for every import and string reference in one module at `path`
    ("core/forms.py")."""
    package = path.rsplit("/", 1)[0].split("/") if "/" in path else []
    if path.endswith("/__init__.py"):
        package = path.split("/")[:-1]
    found: list[tuple[int, str, str]] = []

    def ours(line: int, dotted: str) -> None:
        lands = _target(dotted) if dotted.split(".")[0] == "equalvoice" else ""
        found.append((line, dotted, lands))

    def label(line: int, text: str) -> None:
        name = text.split(".", 1)[0]
        if (PACKAGE / name / "apps.py").is_file():
            found.append((line, text, f"{name}/"))

    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                ours(node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ["equalvoice", *package[: len(package) - (node.level - 1)]]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                ours(node.lineno, f"{module}.{alias.name}")
        elif isinstance(node, ast.Call):
            func, first = _name(node.func), _string(node.args[0]) if node.args else None
            if func in {"get_model", "get_app_config"} and first:
                label(node.lineno, first)
            elif func in {"import_module", "include"} and first:
                ours(node.lineno, first)
            elif func in RELATIONS:
                to = first or next((_string(k.value) for k in node.keywords if k.arg == "to"), None)
                if to and "." in to:
                    label(node.lineno, to)
        elif isinstance(node, ast.Assign) and any(
            getattr(t, "id", "") == "dependencies" for t in node.targets
        ):
            for item in getattr(node.value, "elts", []):
                if isinstance(item, ast.Tuple) and item.elts and _string(item.elts[0]):
                    label(item.lineno, str(_string(item.elts[0])))
    return found


def problems_in(path: str, source: str, layers: Layers) -> list[str]:
    """Every import in one module that breaks the layers, as "file:line: why"."""
    app = app_of(path)
    where = f"equalvoice/{path}"
    if app not in layers.rank:
        return [f"{where}: the app {app!r} is in no layer: draw it in docs/architecture.md"]
    mine = layers.rank[app]
    pure = layers.is_pure(path)
    problems = []
    for line, name, lands in imports_of(path, source):
        at = f"{where}:{line}: {name}"
        if not lands:  # not ours
            if pure and name.split(".")[0] in DJANGO:
                problems.append(f"{at}: a pure module imports Django")
            continue
        other = app_of(lands)
        if pure and not layers.is_pure(lands):
            problems.append(f"{at}: a pure module imports {lands}, which is not pure")
        elif other == app or (layers.is_pure(lands) and not pure):
            continue  # its own app; or a pure module, which anything may import
        elif other not in layers.rank:
            problems.append(f"{at}: {other!r} is in no layer")
        elif other == PROJECT:
            problems.append(f"{at}: nothing imports the project files")
        elif layers.rank[other] > mine:
            problems.append(
                f"{at}: {app} (layer {mine}) imports {other} "
                f"(layer {layers.rank[other]}), which is above it"
            )
        elif layers.rank[other] == mine:
            problems.append(f"{at}: {app} imports {other}, beside it in layer {mine}")
    return problems


def _modules() -> list[tuple[str, str]]:
    return [
        (path.relative_to(PACKAGE).as_posix(), path.read_text())
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


LAYERS = read_layers(DOC.read_text())


# The real code ---------------------------------------------------------------------------


def test_no_module_imports_upwards_or_sideways() -> None:
    problems = [p for path, source in _modules() for p in problems_in(path, source, LAYERS)]
    assert not problems, "\n".join(problems)


def test_every_app_is_drawn_once_and_every_pure_module_exists() -> None:
    apps = {p.parent.name for p in PACKAGE.glob("*/apps.py")}
    drawn = set(LAYERS.rank) - {PROJECT}
    assert drawn == apps, f"drawn but not an app: {drawn - apps}; not drawn: {apps - drawn}"
    assert PROJECT in LAYERS.rank and LAYERS.rank[PROJECT] == max(LAYERS.rank.values())
    assert len(LAYERS.pure) >= 10
    for pure in LAYERS.pure:
        assert (PACKAGE / pure).exists(), f"{pure} is drawn as pure but does not exist"


def test_installed_apps_are_listed_lowest_layer_first() -> None:
    """The demo (core.demo) is built in INSTALLED_APPS order, so each app's part can use
    what the layers below it made."""
    ours = [a.split(".")[1] for a in settings.INSTALLED_APPS if a.startswith("equalvoice.")]
    assert set(ours) == set(LAYERS.rank) - {PROJECT}
    ranks = [LAYERS.rank[app] for app in ours]
    assert ranks == sorted(ranks), list(zip(ours, ranks, strict=True))


def test_pure_modules_import_no_django_when_run() -> None:
    """Import every pure module in a fresh interpreter (so what their packages' __init__
    files import counts too) and look for Django among what was loaded."""
    modules = sorted(
        "equalvoice." + path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        for path, _source in _modules()
        if LAYERS.is_pure(path)
    )
    assert "equalvoice.record.ladder" in modules and "equalvoice.opinions.engine" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(DJANGO)!r})\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert out.returncode == 0, out.stdout + out.stderr


# The checker itself: it must catch what it is for ---------------------------------------

DRAWN = Layers(
    rank={"core": 1, "speakeasy": 2, "record": 3, "ideas": 4, "decisions": 4, PROJECT: 9},
    pure=("decisions/tally.py", "speakeasy/engine/"),
)


def _check(path: str, source: str) -> list[str]:
    return problems_in(path, source, DRAWN)


def test_checker_finds_an_upward_import_and_names_file_and_line() -> None:
    source = "from __future__ import annotations\n\nfrom equalvoice.record.models import Stage\n"
    (problem,) = _check("core/forms.py", source)
    assert problem.startswith("equalvoice/core/forms.py:3: equalvoice.record.models.Stage")
    assert "core (layer 1) imports record (layer 3), which is above it" in problem


def test_checker_finds_upward_imports_hidden_in_functions_and_relative_imports() -> None:
    source = (
        "import equalvoice.speakeasy\n"
        "def build():\n"
        "    from ..record import actions\n"
        "    from equalvoice.speakeasy.widget import preview\n"
        "    return actions, preview\n"
    )
    lines = [p.split(":")[1] for p in _check("core/demo.py", source)]
    assert lines == ["1", "3", "4"]


def test_checker_finds_references_django_resolves_from_strings() -> None:
    source = (
        "from django.apps import apps\n"
        "from django.db import migrations, models\n"
        "Initiative = apps.get_model('record', 'Initiative')\n"
        "config = apps.get_app_config('speakeasy')\n"
        "class Migration(migrations.Migration):\n"
        "    dependencies = [('core', '0001_initial'), ('record', '0002_x')]\n"
        "    evidence = models.ForeignKey('record.Evidence', on_delete=models.CASCADE)\n"
        "    word = models.ManyToManyField(to='speakeasy.Word')\n"
        "    user = models.ForeignKey('core.User', on_delete=models.CASCADE)\n"
    )
    lines = sorted(int(p.split(":")[1]) for p in _check("core/migrations/0009_x.py", source))
    assert lines == [3, 4, 6, 7, 8]


def test_checker_finds_sideways_imports_and_apps_in_no_layer() -> None:
    (sideways,) = _check("ideas/actions.py", "from equalvoice.decisions import actions\n")
    assert "ideas imports decisions, beside it in layer 4" in sideways
    (undrawn,) = _check("plans/models.py", "from equalvoice.core.models import Group\n")
    assert "'plans' is in no layer" in undrawn
    (target,) = _check("record/views.py", "from equalvoice.plans import selectors\n")
    assert "'plans' is in no layer" in target
    (project,) = _check("core/views/errors.py", "from equalvoice import urls\n")
    assert "nothing imports the project files" in project


def test_checker_lets_imports_point_down() -> None:
    source = (
        "from equalvoice.core.models import User\n"
        "from equalvoice.speakeasy import widget\n"
        "from . import actions\n"
        "from .models import Initiative\n"
        "from equalvoice.decisions.tally import Method\n"
        "import django\n"
    )
    assert _check("record/views.py", source) == []
    assert _check("urls.py", "from equalvoice.record import views\n") == []


def test_checker_finds_django_and_impure_imports_in_pure_modules() -> None:
    problems = _check(
        "decisions/tally.py",
        "from django.db import models\nimport rules\nfrom .models import Decision\n"
        "from collections import Counter\n",
    )
    assert [p.split(":")[1] for p in problems] == ["1", "2", "3"]
    assert "a pure module imports Django" in problems[0]
    assert "decisions/models.py, which is not pure" in problems[2]
    # A package drawn as pure covers its modules; they may import each other.
    assert _check("speakeasy/engine/check.py", "from .report import Report\n") == []
    (engine,) = _check("speakeasy/engine/check.py", "from ..models import Word\n")
    assert "speakeasy/models.py, which is not pure" in engine


def test_read_layers_reads_the_drawing() -> None:
    assert LAYERS.rank["core"] < LAYERS.rank["speakeasy"] < LAYERS.rank["record"]
    assert LAYERS.rank["record"] < LAYERS.rank["decisions"] == LAYERS.rank["ideas"]
    assert LAYERS.is_pure("opinions/engine/pca.py") and LAYERS.is_pure("record/ladder.py")
    assert not LAYERS.is_pure("record/models.py")
