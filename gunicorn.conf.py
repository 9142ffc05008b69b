"""gunicorn settings for serving the archive in production.

    ARCHIVE_INDEX=/srv/archive/index ARCHIVE_SECRET_KEY=... \\
        gunicorn -c gunicorn.conf.py "webapp:create_app()"

Every worker opens the index read-only and follows its CURRENT file, so a
snapshot the indexer publishes is served on the next request, no restart.
Workers keep no state of their own: sessions live in signed cookies and
sign-in attempts in the accounts database, so any number of them (on any
number of machines sharing ARCHIVE_SECRET_KEY) can serve.

Settings from the environment:

    ARCHIVE_BIND       address to listen on (default 127.0.0.1:8000; put a
                       TLS-terminating proxy in front)
    ARCHIVE_WORKERS    worker processes (default 2 per CPU + 1, at most 8)
    ARCHIVE_THREADS    threads per worker (default 4)
    ARCHIVE_ACCESS_LOG path or "-" for an access log; off by default, because
                       search URLs hold the names families search for
    ARCHIVE_SECRET_KEY signs session cookies; set it (the same on every
                       machine). Without it one is made up at start, shared
                       by this master's workers, and sign-ins end on restart.
"""
import multiprocessing
import os
import secrets
import sys
from pathlib import Path

bind = os.environ.get("ARCHIVE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ARCHIVE_WORKERS") or min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "gthread"
threads = int(os.environ.get("ARCHIVE_THREADS") or 4)

# Each worker builds its own app and opens the index itself, after the fork.
preload_app = False

timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then; a new worker opens the live snapshot afresh.
max_requests = 5000
max_requests_jitter = 500

# Request limits: queries are at most 500 characters, forms are small.
limit_request_line = 8190
limit_request_fields = 50
limit_request_field_size = 8190

# Only the local reverse proxy may say the request came over https.
forwarded_allow_ips = os.environ.get("ARCHIVE_TRUSTED_PROXIES", "127.0.0.1,::1")

accesslog = os.environ.get("ARCHIVE_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("ARCHIVE_LOG_LEVEL", "info")
capture_output = True

# Files the workers create (the accounts database) are not world-readable.
umask = 0o027

if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

if not os.environ.get("ARCHIVE_SECRET_KEY"):
    # The master reads this file before forking, so every worker inherits the same key.
    os.environ["ARCHIVE_SECRET_KEY"] = secrets.token_hex(32)
    print("gunicorn.conf.py: ARCHIVE_SECRET_KEY is not set; using a random key for this run "
          "(sign-ins end when the server restarts)", file=sys.stderr)


def on_starting(server):
    from indexer.index import store

    index = Path(os.environ.get("ARCHIVE_INDEX", "instance/index"))
    if store.current_generation(index) is None:
        server.log.warning("no index in %s yet: run `archive index`; until then pages answer 503", index)
    else:
        server.log.info("serving %s (%s)", index, store.current_generation(index))
