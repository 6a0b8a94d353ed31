#!/usr/bin/env python3
"""Makes a data folder as an older release of VideoGen Studio left it.

    old_data.py <schema version> <data folder> [user_version to stamp]

studio.db is built from migrations 0001..<version> alone, then the rows of that version's
fixture (crates/store/tests/fixtures/v<version>.sql): the same recipe as the store's own
migration test, so the package is tested on what users' disks hold. The optional third
argument stamps another schema version afterwards (a "newer" database, for the downgrade
check). Python's sqlite3 is used so that no build of ours is needed.
"""
import pathlib
import sqlite3
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def main() -> None:
    version = int(sys.argv[1])
    data = pathlib.Path(sys.argv[2])
    stamp = int(sys.argv[3]) if len(sys.argv) > 3 else version
    data.mkdir(parents=True, exist_ok=True)
    db = data / "studio.db"
    if db.exists():
        sys.exit(f"{db} exists already")
    migrations = sorted((ROOT / "migrations").glob("[0-9][0-9][0-9][0-9]_*.sql"))
    fixture = ROOT / "crates/store/tests/fixtures" / f"v{version}.sql"
    conn = sqlite3.connect(db)
    for migration in migrations:
        if int(migration.name[:4]) <= version:
            conn.executescript(migration.read_text())
    conn.executescript("BEGIN;\n" + fixture.read_text() + "\nCOMMIT;")
    conn.execute(f"PRAGMA user_version = {stamp}")
    conn.commit()
    # Every release kept its database in WAL mode (DESIGN.md, Data), so the file header
    # already says so, as on users' disks.
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


if __name__ == "__main__":
    main()
