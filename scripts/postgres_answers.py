"""Exit 0 when a PostgreSQL server answers at the URL given (used by make test and CI)."""

import sys
from urllib.parse import urlsplit

import psycopg


def main() -> int:
    describe = "--describe" in sys.argv
    url = [a for a in sys.argv[1:] if a != "--describe"][0]
    parts = urlsplit(url)
    # Django creates test_<name>; connect to the maintenance database to ask.
    try:
        with psycopg.connect(host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
                             user=parts.username or "postgres", password=parts.password,
                             dbname="postgres", connect_timeout=3) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error:
        return 1
    if describe:
        print(f"PostgreSQL {version} at {parts.hostname}:{parts.port or 5432}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
