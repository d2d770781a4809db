"""gunicorn's settings in the image (deploy/Dockerfile): numbers from the environment,
documented in docs/settings.md ("Serving")."""

import os

bind = os.environ.get("EQUALVOICE_BIND", "0.0.0.0:8000")
# Processes: two per CPU core plus one, at most 9. A container often sees every core of
# the host, so set EQUALVOICE_WEB_WORKERS to what you gave the container.
workers = int(os.environ.get("EQUALVOICE_WEB_WORKERS") or min(2 * (os.cpu_count() or 1) + 1, 9))
# Threads per process: a page that waits for the database lets another one run.
threads = int(os.environ.get("EQUALVOICE_WEB_THREADS") or 4)
worker_class = "gthread" if threads > 1 else "sync"
# Below the proxy's 35 s, and above SQLite's 20 s wait for its write lock.
timeout = 30
graceful_timeout = 25
keepalive = 5
# New processes now and then, so a slow leak never grows.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
# Only the proxy can reach the app's port (compose publishes none), so trust its
# X-Forwarded-* headers from any address on that network.
forwarded_allow_ips = os.environ.get("EQUALVOICE_FORWARDED_ALLOW_IPS", "*")
