"""django-auditlog's own texts, for our German catalogue: the package ships no German.

The admin shows the audit log with the package's field names, actions and entry titles
("timestamp", "update", "Updated Nord Keramik GmbH"). Listed here, ``makemessages`` keeps
them in ``locale/de/LC_MESSAGES/django.po``, which Django reads before the packages'
catalogues. Nothing imports this module; the msgids must stay those of the package
(``auditlog/models.py``), so check them when django-auditlog is upgraded
(``nahwerk/privacy/tests/test_audit.py`` does).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

MESSAGES = (
    # the model and its fields
    gettext_noop("log entry"),
    gettext_noop("log entries"),
    gettext_noop("timestamp"),
    gettext_noop("object representation"),
    gettext_noop("object pk"),
    gettext_noop("action"),
    gettext_noop("actor"),
    gettext_noop("actor email"),
    gettext_noop("remote address"),
    gettext_noop("remote port"),
    gettext_noop("Correlation ID"),
    gettext_noop("additional data"),
    # the actions
    gettext_noop("create"),
    gettext_noop("update"),
    gettext_noop("delete"),
    gettext_noop("access"),
    # an entry's title (LogEntry.__str__), e.g. in the admin's breadcrumbs
    gettext_noop("Created {repr:s}"),
    gettext_noop("Updated {repr:s}"),
    gettext_noop("Deleted {repr:s}"),
    gettext_noop("Logged {repr:s}"),
)
