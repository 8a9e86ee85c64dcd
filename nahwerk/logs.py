"""JSON log lines for production: Django's logs and gunicorn's, one object per line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

# Field names and format for both settings.LOGGING and deploy/gunicorn.conf.py.
FORMAT = "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"
RENAME = {"asctime": "time", "levelname": "level", "name": "logger"}

# gunicorn's access atoms that become fields of their own, so that a log collector can
# filter by status or sort by duration without parsing the message.
ACCESS_FIELDS = {
    "h": "remote",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "ms",
    "a": "agent",
}


class JsonFormatter(_JsonFormatter):
    """python-json-logger's formatter; an access line also gets its request's fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", FORMAT)
        kwargs.setdefault("rename_fields", RENAME)
        kwargs.setdefault("datefmt", "%Y-%m-%dT%H:%M:%S%z")
        super().__init__(*args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: Any, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            for atom, field in ACCESS_FIELDS.items():
                value = record.args[atom]
                log_data[field] = int(value) if str(value).isdecimal() else value
