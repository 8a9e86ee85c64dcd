"""Everything a web process would otherwise do at its first requests, done before them.

gunicorn (deploy/gunicorn.conf.py) runs this in its master process before it forks the
workers, so that every worker starts with it done and shares the memory; under the
development server it runs in a background thread (nahwerk/wsgi.py). A worker's first
need page took 600-700 ms instead of 50-90 ms: about 100 ms building the URL reverse
tables, the templates compiled one by one, the models loaded, the rest embeddings.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent


def load_urls() -> None:
    """Import every view module and build the reverse tables of each site language.

    Django builds them per language and per namespace (``{% url "events:detail" %}``) on
    the first ``reverse`` that needs them.
    """
    root = get_resolver()
    root.url_patterns  # noqa: B018 - importing the URL conf imports the views
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            pending = [root]
            while pending:
                resolver = pending.pop()
                resolver.reverse_dict  # noqa: B018 - built on first access
                pending.extend(sub for _prefix, sub in resolver.namespace_dict.values())


def compile_templates() -> int:
    """Compile the product's own templates into the template engine's cache.

    With DEBUG off Django keeps compiled templates per process (the cached loader); this
    fills that cache. Returns the number of templates compiled.
    """
    engine = engines["django"].engine  # type: ignore[attr-defined]
    directories = [Path(d) for d in engine.dirs] + [
        Path(d) for d in get_app_template_dirs("templates") if PACKAGE_DIR in Path(d).parents
    ]
    compiled = 0
    for directory in directories:
        for path in sorted(directory.rglob("*.html")) + sorted(directory.rglob("*.txt")):
            try:
                engine.get_template(path.relative_to(directory).as_posix())
            except (TemplateDoesNotExist, TemplateSyntaxError):
                logger.warning("Template not compiled: %s", path, exc_info=True)
                continue
            compiled += 1
    return compiled


def find_common_call_sentences() -> None:
    """The call catalogue's recurring sentences (1-2 s for 629 calls), which the consortium
    builder leaves out of its proposed competences; skipped before the first migration."""
    from django.db import DatabaseError

    from nahwerk.funding.consortium import common_sentences

    try:
        common_sentences.get()
    except DatabaseError:
        logger.info("No call catalogue yet: its common sentences are found at first use")


def prepare_process(*, matching: bool = True) -> None:
    """URLs, templates, the calls' common sentences and (with ``matching``) the partner
    index and its models."""
    load_urls()
    compile_templates()
    find_common_call_sentences()
    if matching:
        from nahwerk.matching.services import warm_up

        warm_up()
