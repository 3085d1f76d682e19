"""The test database is built once per run and copied into every pytest-xdist worker (SQLite in memory).

Migrating costs about 34 s of CPU and the demo content about 5 s. With one database per worker, every worker
paid both, and every transactional test (browser tests among them), whose database is emptied after it,
paid the demo again. Now the first worker to take the lock migrates and loads the demo, and keeps two
snapshots (SQLite's online backup) in the run's temporary folder, which every worker of the run shares:

- `migrated.sqlite3`: the schema and the rows the migrations write (tests/test_bench_smoke.py prepares its
  development-settings database on a copy instead of migrating again);
- `demo.sqlite3`: that and `load_demo(curriculum=False)`, what every test starts from.

The other workers copy `demo.sqlite3` into their own in-memory database (milliseconds), and a transactional
test that finds its database emptied gets the same snapshot back instead of rebuilding the demo. Any other
database (PostgreSQL, a file with --reuse-db) is migrated and loaded as before, once per worker.
"""

import fcntl
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

MIGRATED = "migrated.sqlite3"
DEMO = "demo.sqlite3"

#: The snapshots of this worker's run, once its database is set up (None: not SQLite in memory).
_folder: Path | None = None


def shared_folder(tmp_path_factory) -> Path:
    """The run's temporary folder: each xdist worker's basetemp is a subfolder of it (`popen-gw0` …)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "test-database"
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def locked(folder: Path):
    """One worker at a time builds or reads the snapshots (the others wait for the first to finish)."""
    with open(folder / "build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def in_memory_sqlite(connection) -> bool:
    creation = connection.creation
    return connection.vendor == "sqlite" and creation.is_in_memory_db(creation._get_test_db_name())


def save(connection, path: Path) -> None:
    connection.ensure_connection()
    partial = path.with_suffix(".partial")
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    os.replace(partial, path)  # a snapshot is complete or absent


def restore(connection, path: Path) -> None:
    """Replace the whole database behind `connection` with the snapshot's pages."""
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def setup(*, setup_databases, aliases, verbosity: int, folder: Path, load_demo):
    """Set up the test databases from the snapshots, building them first if no worker has yet.

    Returns `setup_databases`' old configuration (for `teardown_databases`)."""
    global _folder
    from django.db import connections

    connection = connections["default"]
    with locked(folder):
        if (folder / DEMO).exists():
            creation = connection.creation

            def create_from_snapshot(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
                """Django's create_test_db with a copy of the snapshot instead of `migrate`."""
                from django.conf import settings

                name = creation._get_test_db_name()
                creation._create_test_db(verbosity, autoclobber, keepdb)
                connection.close()
                settings.DATABASES[connection.alias]["NAME"] = name
                connection.settings_dict["NAME"] = name
                restore(connection, folder / DEMO)
                return name

            creation.create_test_db = create_from_snapshot
            try:
                old_config = setup_databases(
                    verbosity=verbosity, interactive=False, aliases=aliases, serialized_aliases=set()
                )
            finally:
                del creation.create_test_db
        else:
            old_config = setup_databases(
                verbosity=verbosity, interactive=False, aliases=aliases, serialized_aliases=set()
            )
            save(connection, folder / MIGRATED)
            load_demo(curriculum=False)
            save(connection, folder / DEMO)
    _folder = folder
    return old_config


def snapshot(name: str = DEMO) -> Path | None:
    """This run's snapshot `name`, or None when the databases are not SQLite in memory (or not set up)."""
    return _folder / name if _folder is not None else None


def ensure_demo():
    """The demo content, for a test about to use it: a transactional test that finds its database emptied
    (by the transactional test before it) gets the snapshot back, or the demo rebuilt on other databases.
    An ordinary test finds it already there: each test's transaction is rolled back."""
    from django.db import connection, transaction
    from wagtail.models import Site

    from demo.loader import Report, load_demo

    if Site.objects.exists():
        return Report()  # what load_demo reports when everything is there
    path = snapshot()
    if path is not None and transaction.get_autocommit():
        restore(connection, path)
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()  # the flush's post_migrate made new rows; the snapshot has its own
        return Report(created=["the demo (from the run's snapshot)"])
    return load_demo(curriculum=False)
