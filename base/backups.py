"""Backups of the whole site in one archive, and their restore (docs/operations/backup.md).

An archive is a gzip-compressed tar holding:

- `database/db.sqlite3` (SQLite's online backup API: consistent under WAL while the site runs) or
  `database/db.pgdump` (`pg_dump --format=custom`);
- `media/…` (MEDIA_ROOT), `private/…` (PRIVATE_MEDIA_ROOT: certificate PDFs), `keys/certificate-signing.pem`
  (the private signing key, when it lives in a file);
- `manifest.json`: format version, time, database engine, the newest applied migration of every app, the
  audit chain's state, and every other member's size and SHA-256.

A restore reads and checks the whole archive into a temporary folder before it touches anything: member
names and types (no absolute names, `..`, links or devices), the gzip checksum, the manifest, every size and
hash, the format version, the engine, and that the code knows every migration the archive was made with.
Only then does it replace the database and write the files.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from audit.api import verify_chain

from .pagecache import bump_generation

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/db.sqlite3"
PG_MEMBER = "database/db.pgdump"
KEY_MEMBER = "keys/certificate-signing.pem"
ENGINES = {"sqlite": SQLITE_MEMBER, "postgresql": PG_MEMBER}
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; nothing was changed unless the message says so."""


@dataclass
class Staged:
    """A checked archive unpacked into a temporary folder, ready to restore."""

    folder: Path
    manifest: dict
    files: dict[str, Path] = field(default_factory=dict)  # member name -> unpacked file

    def members_under(self, top: str) -> list[tuple[str, Path]]:
        prefix = top + "/"
        return sorted(
            (name[len(prefix) :], path) for name, path in self.files.items() if name.startswith(prefix)
        )


@dataclass
class Restored:
    database: str
    files: dict[str, int]
    key: str
    kept_aside: list[Path]
    audit_ok: bool
    audit_message: str
    unapplied: list[str]


# Where things live ---------------------------------------------------------------------------------


def _engine(alias: str = DEFAULT_DB_ALIAS) -> str:
    vendor = connections[alias].vendor
    if vendor not in ENGINES:
        raise BackupError(f"the {vendor} database engine is not supported: use SQLite or PostgreSQL")
    return vendor


def _file_roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


def _key_file() -> Path | None:
    name = getattr(settings, "CERTIFICATE_SIGNING_KEY_FILE", "")
    return Path(name) if name else None


def _key_source() -> str:
    if getattr(settings, "CERTIFICATE_SIGNING_KEY", ""):
        return "environment"
    key = _key_file()
    return "file" if key is not None and key.is_file() else "none"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _walk(root: Path):
    """Regular files under `root` (links are not followed and not archived), as (relative name, path)."""
    if not root.is_dir():
        return
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


# PostgreSQL client programs: the connection comes from settings through libpq's environment variables,
# so the password never appears on a command line (where `ps` shows it to every user of the machine).

_PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def pg_environment(settings_dict: dict) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in _PG_OPTIONS.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value:
            env[variable] = str(value)
    return env


def _pg_program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} was not found on PATH: install the PostgreSQL client programs")
    return found


def _run_pg(args: list[str], settings_dict: dict) -> None:
    done = subprocess.run(  # noqa: S603 — fixed program, arguments from settings, no shell
        args, env=pg_environment(settings_dict), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed (exit {done.returncode}): {done.stderr.strip()}")


# Backup ----------------------------------------------------------------------------------------------


def _dump_database(target: Path, alias: str) -> None:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:
            # The backup API would wait for its own connection's transaction for ever.
            raise BackupError("cannot back up from inside a transaction")
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        _run_pg(
            [
                _pg_program("pg_dump"),
                "--format=custom",
                "--no-password",
                f"--file={target}",
                f"--dbname={connection.settings_dict['NAME']}",
            ],
            connection.settings_dict,
        )


def migration_state(alias: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The migration applied last of every app."""
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return {}
    latest: dict[str, str] = {}
    for app, name in recorder.migration_qs.order_by("applied", "id").values_list("app", "name"):
        latest[app] = name
    return dict(sorted(latest.items()))


class _Hashing:
    """Reads a file for tarfile while hashing exactly the bytes that go into the archive."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        block = self.handle.read(size)
        self.digest.update(block)
        return block


def _add(tar: tarfile.TarFile, name: str, path: Path, *, mode: int = 0o644) -> dict:
    with path.open("rb") as handle:
        info = tar.gettarinfo(fileobj=handle, arcname=name)
        info.mode, info.uid, info.gid, info.uname, info.gname = mode, 0, 0, "", ""
        reader = _Hashing(handle)
        tar.addfile(info, reader)
    return {"name": name, "size": info.size, "sha256": reader.digest.hexdigest()}


def default_output() -> Path:
    return Path(settings.VAR_DIR) / "backups" / f"cart-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"


def create_backup(output: Path, *, alias: str = DEFAULT_DB_ALIAS, progress: Progress | None = None) -> dict:
    """Write the archive to `output` (mode 0600: it holds the signing key) and return its manifest."""
    say = progress or (lambda message: None)
    engine = _engine(alias)
    output = output.resolve()
    if output.exists():
        raise BackupError(f"{output} exists; choose a new file name")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    chain = verify_chain()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": engine,
        "django": django.get_version(),
        "migrations": migration_state(alias),
        "audit": {"ok": chain.ok, "entries": chain.checked, "message": chain.message},
        "signing_key": _key_source(),
        "sources": {name: str(root) for name, root in _file_roots().items()},
        "files": [],
    }
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with (
            os.fdopen(fd, "wb") as raw,
            tempfile.TemporaryDirectory(prefix="cart-backup-") as scratch,
            tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT) as tar,
        ):
            say(f"database ({engine})")
            dump = Path(scratch) / Path(ENGINES[engine]).name
            _dump_database(dump, alias)
            manifest["files"].append(_add(tar, ENGINES[engine], dump, mode=0o600))
            for top, root in _file_roots().items():
                count = 0
                for relative, path in _walk(root):
                    if path.resolve() in (partial, output):
                        continue
                    manifest["files"].append(_add(tar, f"{top}/{relative}", path))
                    count += 1
                say(f"{top}: {count} files from {root}")
            key = _key_file()
            if manifest["signing_key"] == "file" and key is not None:
                manifest["files"].append(_add(tar, KEY_MEMBER, key, mode=0o600))
                say(f"signing key from {key}")
            body = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(body), 0o600, int(timezone.now().timestamp())
            tar.addfile(info, _BytesReader(body))
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        block, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return block


# Checking an archive -------------------------------------------------------------------------------


def _safe_name(member: tarfile.TarInfo) -> str:
    name = member.name
    path = PurePosixPath(name)
    if not member.isfile():
        raise BackupError(
            f"unsafe archive member {name!r}: only regular files are allowed (no links or devices)"
        )
    if path.is_absolute() or ".." in path.parts or name != path.as_posix() or "\\" in name:
        raise BackupError(f"unsafe archive member name {name!r}")
    if name != MANIFEST and path.parts[0] not in {"database", "media", "private", "keys"}:
        raise BackupError(f"unexpected archive member {name!r}")
    return name


def check_archive(archive: Path, *, alias: str = DEFAULT_DB_ALIAS, into: Path) -> Staged:
    """Unpack `archive` into the empty folder `into`, checking everything; BackupError if anything is off."""
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file")
    staged = Staged(folder=into, manifest={})
    hashes: dict[str, tuple[int, str]] = {}
    try:
        with gzip.open(archive, "rb") as stream:
            with tarfile.open(fileobj=stream, mode="r|") as tar:
                for member in tar:
                    name = _safe_name(member)
                    if name in hashes or (name == MANIFEST and staged.manifest):
                        raise BackupError(f"archive member {name!r} appears twice")
                    tarfile.data_filter(member, str(into))  # the standard library's own check, as well
                    source = tar.extractfile(member)
                    if name == MANIFEST:
                        staged.manifest = _read_manifest(source.read())
                        continue
                    target = into / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    digest = hashlib.sha256()
                    with target.open("xb") as out:
                        while block := source.read(CHUNK):
                            digest.update(block)
                            out.write(block)
                    hashes[name] = (member.size, digest.hexdigest())
                    staged.files[name] = target
            while stream.read(CHUNK):  # the rest of the stream: gzip checks its CRC at the very end
                pass
    except BackupError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(f"{archive} is damaged or not a backup archive: {error}") from error
    manifest = staged.manifest
    if not manifest:
        raise BackupError(f"{archive} has no {MANIFEST}: not a backup archive")
    listed = {entry["name"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
    for name in sorted(set(listed) | set(hashes)):
        if name not in hashes:
            raise BackupError(f"{name} is listed in the manifest but missing from the archive")
        if name not in listed:
            raise BackupError(f"{name} is in the archive but not in the manifest")
        if hashes[name] != listed[name]:
            raise BackupError(f"{name} does not match its SHA-256 in the manifest: the archive was altered")
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(
            f"the archive holds a {manifest['engine']} database but this site runs on {engine}; "
            "restore it on the same engine"
        )
    if ENGINES[engine] not in staged.files:
        raise BackupError(f"the archive has no database dump ({ENGINES[engine]})")
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known]
    if unknown:
        raise BackupError(
            "the archive was made by a version of the code with migrations this one does not have ("
            + ", ".join(unknown)
            + "): install that version, restore, then upgrade"
        )
    return staged


def _read_manifest(data: bytes) -> dict:
    try:
        manifest = json.loads(data)
    except ValueError as error:
        raise BackupError(f"{MANIFEST} is not valid JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"unsupported backup format {found!r} (this version reads format {FORMAT})")
    try:
        ok = (
            manifest["engine"] in ENGINES
            and isinstance(manifest["migrations"], dict)
            and all(
                isinstance(entry["name"], str)
                and isinstance(entry["size"], int)
                and len(entry["sha256"]) == 64
                for entry in manifest["files"]
            )
        )
    except (KeyError, TypeError) as error:
        raise BackupError(f"{MANIFEST} is incomplete: {error}") from error
    if not ok:
        raise BackupError(f"{MANIFEST} is incomplete or names an unknown database engine")
    return manifest


# Restore -------------------------------------------------------------------------------------------


def database_holds_data(alias: str = DEFAULT_DB_ALIAS) -> int:
    """How many user accounts the target database holds (0 for an empty or unmigrated database)."""
    user = get_user_model()
    if user._meta.db_table not in connections[alias].introspection.table_names():
        return 0
    return user.objects.using(alias).count()


def _restore_database(dump: Path, alias: str) -> None:
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("cannot restore inside a transaction")
    connections.close_all()
    if connection.vendor == "sqlite":
        # Into the configured database through the backup API: pages are written under SQLite's locks and
        # journal (WAL included), in one step, so a failure leaves the old database whole.
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        except sqlite3.Error as error:
            raise BackupError(f"the database could not be restored: {error}") from error
        finally:
            source.close()
    else:
        _run_pg(
            [
                _pg_program("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ],
            connection.settings_dict,
        )
    connections.close_all()
    ContentType.objects.clear_cache()


def _write(source: Path, target: Path, *, mode: int | None = None) -> None:
    """Replace `target` with `source`'s content through a temporary file beside it (never half-written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".restoring")
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as handle:
            shutil.copyfileobj(handle, out, CHUNK)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def restore_backup(
    staged: Staged, *, alias: str = DEFAULT_DB_ALIAS, progress: Progress | None = None
) -> Restored:
    """Replace the database, then write the files; `staged` comes from `check_archive`."""
    say = progress or (lambda message: None)
    manifest = staged.manifest
    engine = manifest["engine"]
    say(f"database ({engine})")
    _restore_database(staged.files[ENGINES[engine]], alias)
    bump_generation()  # pages, menus and outlines cached from the database before it (ADR 0018) are gone
    counts = {}
    for top, root in _file_roots().items():
        members = staged.members_under(top)
        for relative, path in members:
            _write(path, root / relative)
        counts[top] = len(members)
        say(f"{top}: {len(members)} files into {root}")
    kept: list[Path] = []
    key_note = "none in the archive"
    key = _key_file()
    if KEY_MEMBER in staged.files and key is not None:
        source = staged.files[KEY_MEMBER]
        if key.is_file() and _sha256(key) != _sha256(source):
            aside = key.with_name(f"{key.name}.before-restore-{timezone.now():%Y%m%d%H%M%S}")
            key.rename(aside)
            kept.append(aside)
        _write(source, key, mode=0o600)
        key_note = str(key)
        if getattr(settings, "CERTIFICATE_SIGNING_KEY", ""):
            key_note += " (CERTIFICATE_SIGNING_KEY is set and wins over the file)"
    chain = verify_chain()
    loader = MigrationLoader(connections[alias])
    unapplied = sorted(
        f"{app}.{name}"
        for app, name in loader.graph.leaf_nodes()
        if (app, name) not in loader.applied_migrations
    )
    return Restored(
        database=engine,
        files=counts,
        key=key_note,
        kept_aside=kept,
        audit_ok=chain.ok,
        audit_message=chain.message,
        unapplied=unapplied,
    )
