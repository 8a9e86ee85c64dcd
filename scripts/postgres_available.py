"""Exit 0 when a PostgreSQL server answers at the given URL, 1 otherwise (with the reason)."""

from __future__ import annotations

import sys
from urllib.parse import urlparse

import psycopg


def main(url: str) -> int:
    parsed = urlparse(url)
    # Connect to the maintenance database: the test database does not exist yet.
    maintenance = parsed._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(maintenance, connect_timeout=3) as connection:
            connection.execute("select 1")
    except psycopg.Error as error:
        print(f"PostgreSQL check failed: {error}".strip(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
