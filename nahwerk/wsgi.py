"""WSGI entry point (also what runserver serves).

The partner-matching model and index are loaded in a background thread as the server
starts, so that the first search does not wait seconds for them. NAHWERK_WARM_UP=0 turns
this off; gunicorn (deploy/gunicorn.conf.py) does, and loads them in its master process
before forking the workers instead.
"""

import logging
import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nahwerk.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    from nahwerk.warm_up import prepare_process

    try:
        prepare_process()
    except Exception:  # no index yet, say: the first search reports it properly
        logging.getLogger(__name__).info("Matching warm-up skipped", exc_info=True)


if os.environ.get("NAHWERK_WARM_UP", "1") != "0":
    threading.Thread(target=_warm_up, name="matching-warm-up", daemon=True).start()
