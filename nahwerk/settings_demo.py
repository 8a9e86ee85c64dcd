"""The settings of the demo, the tests and the type checker: ``settings`` with NAHWERK_DEMO=1.

A development secret key and plain HTTP, for the tools that import the settings without an
environment of their own (pytest, mypy; pyproject.toml). ``make run`` sets NAHWERK_DEMO=1
itself; a production server uses ``nahwerk.settings`` with its own SECRET_KEY.
"""

import os

os.environ["NAHWERK_DEMO"] = "1"

from nahwerk.settings import *  # noqa: F403
