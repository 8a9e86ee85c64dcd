"""Benchmarks that need the Django platform (the engine's own are in nahwerk_engine)."""


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` when the server does not have it yet."""
    import psycopg
    from psycopg import sql

    server, _slash, name = url.split("?")[0].rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
