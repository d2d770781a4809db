"""The container's health check: GET a path (`/readyz` by default) from the app in this
container, with a Host it answers to. Exit 0 when the answer is 200.

Used by compose.yaml; it needs only Python, which the image has (no curl)."""

import os
import sys
import urllib.error
import urllib.request

path = sys.argv[1] if len(sys.argv) > 1 else "/readyz"
hosts = [h.strip() for h in os.environ.get("EQUALVOICE_ALLOWED_HOSTS", "").split(",")]
host = next((h for h in hosts if h and not h.startswith(".") and h != "*"), "localhost")
port = os.environ.get("EQUALVOICE_BIND", "0.0.0.0:8000").rsplit(":", 1)[1]
request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (our own app)
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError) as error:
    print(f"{path}: {error}", file=sys.stderr)
    sys.exit(1)
