"""The worked examples in docs/api.md are run: every `curl` line is translated faithfully
into a call through Django's test client (the same method, address, headers and body;
the shell's variables filled in from a test organisation, the quoting undone as the shell
would), and must get the status in its comment and an answer with the same fields as the
JSON shown after it."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.test import Client

from equalvoice.record.models import Stage

from ..conftest import World
from .helpers import make_token

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


@dataclass
class Example:
    line: str
    status: int
    sample: Any  # the JSON shown after it, or None


def examples() -> list[Example]:
    text = DOC.read_text()
    blocks = re.findall(r"```(\w+)\n(.*?)```", text, flags=re.S)
    found: list[Example] = []
    for kind, body in blocks:
        if kind == "sh":
            for line in body.replace("\\\n", " ").splitlines():
                if line.strip().startswith("curl "):
                    status = re.search(r"#\s*(\d{3})\s*$", line)
                    assert status, f"Say the status after: {line}"
                    found.append(Example(line, int(status.group(1)), None))
        elif kind == "json" and found and found[-1].sample is None:
            found[-1].sample = json.loads(body)
    return found


def run(example: Example, values: dict[str, str]) -> Any:
    line = example.line
    for name, value in sorted(values.items(), key=lambda kv: -len(kv[0])):
        line = line.replace(f"${name}", value)
    assert "$" not in line.split("#")[0], f"An unknown variable in: {line}"
    words = shlex.split(line, comments=True)
    assert words[0] == "curl"
    method, data, url = "GET", None, None
    headers: dict[str, Any] = {}
    i = 1
    while i < len(words):
        word = words[i]
        if word in ("-s", "-i"):
            pass
        elif word == "-X":
            i += 1
            method = words[i]
        elif word == "-H":
            i += 1
            name, _, value = words[i].partition(":")
            headers["HTTP_" + name.strip().upper().replace("-", "_")] = value.strip()
        elif word == "-d":
            i += 1
            data = words[i]
            method = "POST" if method == "GET" else method
        else:
            assert url is None, f"Two addresses in: {line}"
            url = word
        i += 1
    assert url is not None
    content_type = headers.pop("HTTP_CONTENT_TYPE", "application/json")
    client = Client()
    if method == "GET":
        return client.get(url, **headers)
    return client.generic(method, url, data or "", content_type=content_type, **headers)


def _fields(sample: Any) -> Any:
    if isinstance(sample, list):
        return [_fields(sample[0])] if sample else []
    if isinstance(sample, dict):
        return sorted(sample)
    return type(sample).__name__


def test_the_doc_has_examples() -> None:
    found = examples()
    assert len(found) >= 12
    assert {e.status for e in found} >= {200, 201, 400, 401}


def test_every_curl_example_in_the_doc_works(world: World) -> None:
    _token, secret = make_token(world)
    stage = Stage.objects.filter(organisation=world.org).order_by("position").first()
    assert stage is not None
    values = {
        "EV": "",
        "TOKEN": secret,
        "INITIATIVE": str(world.initiative.pk),
        "ACTIVITY": str(world.activity.pk),
        "STAGE": str(stage.pk),
        "MEETING": str(world.meeting.pk),
        "ROUND": str(world.round.pk),
        "DECISION": str(world.decision.pk),
        "CONVERSATION": str(world.conversation.pk),
    }
    for example in examples():
        response = run(example, values)
        assert response.status_code == example.status, (example.line, response.content)
        if example.sample is None:
            continue
        got = response.json()
        assert _fields(got) == _fields(example.sample), example.line
        if isinstance(got, dict) and got.get("results") and example.sample.get("results"):
            assert _fields(got["results"][0]) == _fields(example.sample["results"][0])
        if isinstance(got, dict) and "errors" in got:
            assert sorted(got["errors"]) == sorted(example.sample["errors"])
