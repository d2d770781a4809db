"""deploy/: the Dockerfile, compose.yaml, the proxy's config and the plain 503 page, and
the LICENSE. There is no Docker daemon where these tests run, so they read the files:
the services, health checks and settings compose names, the files the Dockerfile copies,
and that every variable compose sets is documented."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SETTINGS_DOC = (ROOT / "docs" / "settings.md").read_text()
PAGE_503 = ROOT / "equalvoice" / "templates" / "errors" / "503.html"


def _load_yaml(path: Path) -> Any:
    """The file read with PyYAML (a test dependency, so this never skips)."""
    import yaml

    return yaml.safe_load(path.read_text())


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    found = _load_yaml(DEPLOY / "compose.yaml")
    assert isinstance(found, dict)
    return found


def _command(service: dict[str, Any]) -> list[str]:
    return list(service["command"])


def test_compose_has_every_part_of_the_scaled_out_set_up(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"migrate", "app1", "app2", "worker", "proxy", "db", "redis"}
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    assert _command(services["migrate"]) == ["equalvoice", "migrate", "--noinput"]
    assert _command(services["worker"]) == ["equalvoice", "worker"]
    assert services["migrate"]["restart"] == "no"
    # Every Equal Voice process is the same image, built from deploy/Dockerfile.
    for name in ("migrate", "app1", "app2", "worker"):
        assert services[name]["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
        assert services[name]["image"] == "equalvoice:local"
    # Migrations run once, before any app process or the worker starts.
    for name in ("app1", "app2", "worker"):
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}
        assert depends["db"] == {"condition": "service_healthy"}
        assert depends["redis"] == {"condition": "service_healthy"}
    assert services["proxy"]["depends_on"] == {
        "app1": {"condition": "service_healthy"},
        "app2": {"condition": "service_healthy"},
    }


def test_compose_health_checks(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in ("app1", "app2"):
        test = services[name]["healthcheck"]["test"]
        assert test == ["CMD", "python", "/opt/equalvoice/healthcheck.py", "/readyz"]
    assert "/healthz" in " ".join(services["proxy"]["healthcheck"]["test"])
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_compose_settings_use_postgres_redis_and_the_proxy(compose: dict[str, Any]) -> None:
    for name in ("migrate", "app1", "app2", "worker"):
        env = compose["services"][name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://equalvoice:")
        assert env["DATABASE_URL"].endswith("@db:5432/equalvoice")
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["EQUALVOICE_TASKS"] == "rq"
        assert env["EQUALVOICE_PROXY_COUNT"] == "1"
        assert env["EQUALVOICE_SECRET_KEY"].startswith("${EQUALVOICE_SECRET_KEY:?")
        # Uploaded files: one volume shared by every process.
        assert compose["services"][name]["volumes"] == ["media:/var/lib/equalvoice/media"]


def test_every_variable_compose_names_is_documented(compose: dict[str, Any]) -> None:
    text = (DEPLOY / "compose.yaml").read_text()
    named = set(re.findall(r"\$\{([A-Z_]+)", text))
    for service in compose["services"].values():
        named |= set(service.get("environment") or {})
    named |= set(re.findall(r"^([A-Z_]+)=", (DEPLOY / "env.example").read_text(), re.M))
    for script in DEPLOY.glob("*.py"):  # gunicorn's settings and the health check
        named |= set(re.findall(r"environ\.get\(\"([A-Z_]+)\"", script.read_text()))
    assert {"EQUALVOICE_WEB_WORKERS", "EQUALVOICE_BIND"} <= named
    assert {"EQUALVOICE_HOST", "POSTGRES_PASSWORD", "REDIS_URL"} <= named
    missing = sorted(name for name in named if f"`{name}`" not in SETTINGS_DOC)
    assert not missing, f"Not in docs/settings.md: {missing}"


def test_the_proxy_balances_both_apps_and_serves_our_503_page(compose: dict[str, Any]) -> None:
    proxy = compose["services"]["proxy"]
    mounts = dict(volume.rsplit(":", 1)[0].split(":", 1) for volume in proxy["volumes"])
    for source in mounts:
        if source.startswith("."):
            if source == "./certs":
                continue  # the operator's own certificate (docs/deploy.md)
            assert (DEPLOY / source).resolve().exists(), source
    assert (DEPLOY / "../equalvoice/templates/errors/503.html").resolve() == PAGE_503
    config = (DEPLOY / "nginx" / "equalvoice.conf.template").read_text()
    assert re.search(r"server app1:8000 resolve", config)
    assert re.search(r"server app2:8000 resolve", config)
    assert "error_page 502 503 504 =503 /503.html;" in config
    page_at = mounts["../equalvoice/templates/errors/503.html"]
    root = re.search(r"location = /503\.html \{\s*root ([^;]+);", config)
    assert root and f"{root[1]}/503.html" == page_at
    # The app trusts these two headers, so the proxy sets them (never passes them on).
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in config
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in config
    assert "proxy_intercept_errors on" not in config  # the app's own errors pass through


def _instructions(dockerfile: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", dockerfile)
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def test_the_dockerfile_copies_only_files_that_exist_and_runs_as_a_user() -> None:
    steps = _instructions((DEPLOY / "Dockerfile").read_text())
    froms = [args for op, args in steps if op == "FROM"]
    assert froms[0].startswith("node:") and " AS assets" in froms[0]
    assert froms[-1].startswith("python:3.11-slim")
    for op, args in steps:
        if op == "COPY" and "--from=" not in args:
            *sources, _target = args.split()
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: no such file"
    runs = " ".join(args for op, args in steps if op == "RUN")
    for needed in (
        "npm ci",
        "node scripts/build-assets.mjs",
        "pip install -r requirements/lock.txt",
        "pip install --no-deps .",
        "collectstatic --noinput",
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
    ):
        assert needed in runs, needed
    last_stage = steps[max(i for i, (op, _) in enumerate(steps) if op == "FROM") :]
    users = [args for op, args in last_stage if op == "USER"]
    assert users and users[-1] not in {"root", "0"}
    cmd = json.loads(next(args for op, args in reversed(steps) if op == "CMD"))
    assert cmd == ["gunicorn", "--config", "/opt/equalvoice/gunicorn.conf.py", "equalvoice.wsgi"]
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    assert {".venv", "node_modules", ".git", "deploy/.env"} <= set(ignore)


def _gunicorn(**env: str) -> dict[str, Any]:
    script = (
        "import json, runpy\n"
        f"c = runpy.run_path({str(DEPLOY / 'gunicorn.conf.py')!r})\n"
        "print(json.dumps({k: c[k] for k in ('bind', 'workers', 'threads', 'worker_class')}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout))


def test_gunicorn_takes_its_numbers_from_the_environment() -> None:
    assert _gunicorn(EQUALVOICE_WEB_WORKERS="5", EQUALVOICE_WEB_THREADS="2") == {
        "bind": "0.0.0.0:8000",
        "workers": 5,
        "threads": 2,
        "worker_class": "gthread",
    }
    default = _gunicorn()
    assert 3 <= default["workers"] <= 9 and default["threads"] == 4
    assert _gunicorn(EQUALVOICE_WEB_THREADS="1")["worker_class"] == "sync"


class _App(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        good = self.path == "/readyz" and self.headers["Host"] == "voice.example.org"
        self.send_response(200 if good else 503)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_app() -> Iterator[int]:
    server = HTTPServer(("127.0.0.1", 0), _App)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_the_containers_health_check_asks_with_an_allowed_host(fake_app: int) -> None:
    def check(path: str, port: int = fake_app) -> int:
        env = {
            "EQUALVOICE_ALLOWED_HOSTS": ".example.org,voice.example.org",
            "EQUALVOICE_BIND": f"0.0.0.0:{port}",
        }
        script = [sys.executable, str(DEPLOY / "healthcheck.py"), path]
        return subprocess.run(script, env=env, capture_output=True, timeout=30).returncode

    assert check("/readyz") == 0
    assert check("/healthz") == 1  # the fake answers 503 there
    from .redis_for_tests import closed_port

    assert check("/readyz", closed_port()) == 1


def test_the_503_page_stands_alone() -> None:
    """The proxy serves it when no app process answers: no template tags, nothing from
    /static/, plain words."""
    page = PAGE_503.read_text()
    assert "{%" not in page and "{{" not in page
    assert not re.search(r'(src|href)="/static', page)
    assert '<html lang="en-GB">' in page
    assert "<title>Sorry, Equal Voice is busy – Equal Voice</title>" in page
    assert "try again" in page


def test_the_licence_is_the_full_agpl_that_pyproject_names() -> None:
    text = (ROOT / "LICENSE").read_text()
    lines = text.splitlines()
    assert lines[0].strip() == "GNU AFFERO GENERAL PUBLIC LICENSE"
    assert lines[1].strip() == "Version 3, 19 November 2007"
    assert "How to Apply These Terms to Your New Programs" in text
    assert lines[-1].strip() == "<http://www.gnu.org/licenses/>."
    assert len(lines) == 661 and 34_000 < len(text.encode()) < 35_000
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["license"] == "AGPL-3.0-or-later"
    assert json.loads((ROOT / "package.json").read_text())["license"] == "AGPL-3.0-or-later"
