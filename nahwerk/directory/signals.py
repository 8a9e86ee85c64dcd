"""Signals of the directory: other apps learn that organisation profiles changed."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after bulk writes that bypass Model.save(), e.g. file imports, once the transaction
# has committed. Argument ``ids``: the changed organisations' primary keys, or None when an
# import may have touched any of them.
organisations_changed = Signal()
