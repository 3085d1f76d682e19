"""The test database is built once per run and copied into every pytest-xdist worker (SQLite in memory).

Migrating costs about 34 s of CPU and the demo content about 5 s. With one database per worker, every worker
paid both, and every transactional test (browser tests among them), whose database is emptied after it,
paid the demo again. Now the first worker to take the lock migrates and loads the demo, and keeps two
snapshots (SQLite's online backup) in the run's temporary folder, which every worker of the run shares:

- `migrated.sqlite3`: the schema and the rows the migrations write (tests/test_bench_smoke.py prepares its
  development-settings database on a copy instead of migrating again);
- `demo.sqlite3`: that and `load_demo(curriculum=False)`, what every test starts from.

Migrating is also kept between runs: the first run migrates and leaves a copy in var/test-cache/, named by a
digest of what `migrate` depends on (`migrations_key()`: the migration files, the project modules they import,
the models' permissions); a later run with the same digest copies it instead of migrating (a new or edited
migration, another Django or library version: a new digest, so a fresh `migrate`). CI starts without it.

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
#: Migrated databases kept between runs, one per `migrations_key()` (`make clean` removes them).
CACHE = Path(__file__).resolve().parent.parent / "var" / "test-cache"

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


@contextmanager
def _create_from(connection, path: Path):
    """Within: Django's create_test_db makes the test database a copy of `path` instead of migrating."""
    creation = connection.creation

    def create_from_snapshot(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        from django.conf import settings

        name = creation._get_test_db_name()
        creation._create_test_db(verbosity, autoclobber, keepdb)
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name
        restore(connection, path)
        return name

    creation.create_test_db = create_from_snapshot
    try:
        yield
    finally:
        del creation.create_test_db


def migrations_key() -> str:
    """A digest of everything `migrate` on an empty database depends on: every migration file of every
    installed app (the project's and the libraries'), the project's modules a migration imports (a data
    migration may call one: courses.roles), what the post_migrate handlers create rows from (each model's
    permissions, the snippet models), and the Django and SQLite versions.
    The same digest, the same migrated database."""
    import hashlib
    import sqlite3 as sqlite

    import django
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256(f"{django.__version__} {sqlite.sqlite_version}".encode())
    loader = MigrationLoader(connection, ignore_no_migrations=True, load=False)
    loader.load_disk()
    for key in sorted(loader.disk_migrations):
        migration = loader.disk_migrations[key]
        module = __import__(migration.__module__, fromlist=["Migration"])
        digest.update(repr(key).encode() + Path(module.__file__).read_bytes())
        digest.update(_project_modules_imported_by(Path(module.__file__)))
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        for model in config.get_models(include_auto_created=True):
            meta = model._meta
            digest.update(repr((meta.label, meta.default_permissions, meta.permissions)).encode())
    from wagtail.snippets.models import get_snippet_models

    digest.update(repr(sorted(model._meta.label for model in get_snippet_models())).encode())
    return digest.hexdigest()[:20]


def _project_modules_imported_by(path: Path) -> bytes:
    """The source of every project module the migration file at `path` imports (not the libraries')."""
    import ast
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    names = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    sources = b""
    for name in sorted(names):
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin and spec.origin != "built-in" else None
        if origin is not None and origin.is_relative_to(root) and not origin.is_relative_to(root / ".venv"):
            sources += name.encode() + origin.read_bytes()
    return sources


def setup(
    *, setup_databases, aliases, verbosity: int, folder: Path, load_demo, cache_folder: Path | None = None
):
    """Set up the test databases from the snapshots, building them first if no worker has yet.

    The first worker of a run starts from `cache_folder`'s migrated database of an earlier run when the
    migrations are the same (`migrations_key()`), instead of migrating again; it migrates and keeps a copy
    there otherwise. Returns `setup_databases`' old configuration (for `teardown_databases`)."""
    global _folder
    from django.db import connections

    connection = connections["default"]
    with locked(folder):
        if (folder / DEMO).exists():
            with _create_from(connection, folder / DEMO):
                old_config = setup_databases(
                    verbosity=verbosity, interactive=False, aliases=aliases, serialized_aliases=set()
                )
        else:
            cached = cache_folder / f"migrated-{migrations_key()}.sqlite3" if cache_folder else None
            if cached is not None and cached.exists():
                with _create_from(connection, cached):
                    old_config = setup_databases(
                        verbosity=verbosity, interactive=False, aliases=aliases, serialized_aliases=set()
                    )
            else:
                old_config = setup_databases(
                    verbosity=verbosity, interactive=False, aliases=aliases, serialized_aliases=set()
                )
            save(connection, folder / MIGRATED)
            if cached is not None and not cached.exists():
                cache_folder.mkdir(parents=True, exist_ok=True)
                for stale in cache_folder.glob("migrated-*.sqlite3"):
                    stale.unlink(missing_ok=True)
                save(connection, cached)
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
