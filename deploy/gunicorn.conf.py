"""gunicorn settings for nahwerk: ``gunicorn -c deploy/gunicorn.conf.py`` (docs/deployment.md).

The embedding models (about 600 MB) and the partner index are loaded once, in the master
process, before it forks the workers (``preload_app``): the workers share those pages
copy-on-write instead of loading them each, and their first search is as fast as any
other. Measured in docs/benchmarks.md ("Serving"). Every value can be changed by its
environment variable.
"""

from __future__ import annotations

import gc
import logging
import os
from typing import Any

wsgi_app = "nahwerk.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Searches are CPU-bound (numpy): one worker per core and one more keeps the cores busy
# while a worker waits for the database.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (plus jitter, so not all at once); the new
# one is forked from the master again and shares its models from the start.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# gunicorn's control socket (gunicornc) only where asked for: two servers on one host
# would otherwise share its default path.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
# Addresses whose X-Forwarded-Proto/-For gunicorn believes: the reverse proxy on this host.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Logs on standard output, as JSON lines like Django's (LOG_FORMAT=text for people).
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "1") != "0" else None
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
if os.environ.get("LOG_FORMAT", "json") == "json":
    # the same JSON lines as Django's (nahwerk/logs.py); access lines with their fields
    logconfig_dict: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "nahwerk.logs.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }

# Each worker answers one request at a time and the workers are the parallelism: BLAS
# threads of their own would only fight over the cores (set before numpy is imported).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

if preload_app:
    # wsgi.py would warm up in a background thread; forking while it runs could hand the
    # workers a half-loaded model or a held lock, so the master warms up in when_ready.
    os.environ["NAHWERK_WARM_UP"] = "0"


def when_ready(server: Any) -> None:
    """In the master, after the app is loaded and before the first fork: load the models."""
    if not preload_app:
        return
    from django.db import connections

    from nahwerk.matching.services import warm_up
    from nahwerk.warm_up import prepare_process

    # every view module and what it imports (ortools, pandas, ...), the URL reverse tables
    # and the compiled templates, which each worker would otherwise build at its first
    # requests; then the models and the index
    prepare_process(matching=False)
    try:
        warm_up(passages=int(os.environ.get("MATCHING_WARM_PASSAGES", "20000")))
        # the active needs' vectors: a need page then does not wait for the model
        from nahwerk.brokering.services.routing import warm_need_vectors

        warm_need_vectors(int(os.environ.get("MATCHING_WARM_NEEDS", "200")))
    except Exception:  # no index yet: the first search after rebuild_index loads it
        logging.getLogger("gunicorn.error").warning(
            "Partner index not loaded before forking the workers", exc_info=True
        )
    # A connection opened in the master must not be shared by the forked workers.
    connections.close_all()
    # Objects that exist now are never freed: keep the collector from touching (and so
    # copying) their pages in every worker.
    gc.freeze()
