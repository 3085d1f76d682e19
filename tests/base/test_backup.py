"""`manage.py backup` / `restore`: back up, wipe, restore, and everything still verifies; bad archives are
refused before anything is touched. Runs on the engine of the suite (SQLite, or PostgreSQL with pg_dump)."""

import hashlib
import io
import json
import os
import shutil
import stat
import tarfile
from pathlib import Path

import jwt
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from audit.api import verify_chain
from base.backups import pg_environment
from certificates import signing
from certificates.models import Certificate
from certificates.services import issue_certificate

DUMP = "database/db.pgdump" if connection.vendor == "postgresql" else "database/db.sqlite3"


@pytest.fixture
def site_files(settings, tmp_path, monkeypatch):
    """Media, private files and the signing key in folders of this test only, on disk (the test settings
    otherwise keep them in memory)."""
    folders = {name: tmp_path / "site" / name for name in ("media", "private", "keys")}
    settings.MEDIA_ROOT = str(folders["media"])
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.PRIVATE_MEDIA_ROOT = str(folders["private"])
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(folders["keys"] / "certificate-signing.pem")
    # The PDF field's storage was chosen when the model was defined (in memory under the test settings).
    field = Certificate._meta.get_field("pdf")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=folders["private"], base_url=None))
    signing._cached_private_key.cache_clear()
    cache.clear()  # the verification API's rate limit
    yield folders
    signing._cached_private_key.cache_clear()


def hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def read_members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {member.name: tar.extractfile(member).read() for member in tar.getmembers()}


def write_archive(archive: Path, members: dict[str, bytes], *, fix_manifest: bool = True, extra=()) -> Path:
    """Write members as a tar.gz; with `fix_manifest`, the manifest's sizes and hashes are made to match,
    so the only fault left is the one the test put in."""
    members = dict(members)
    if fix_manifest and "manifest.json" in members:
        manifest = json.loads(members["manifest.json"])
        manifest["files"] = [
            {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in members.items()
            if name != "manifest.json"
        ]
        members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info in extra:
            tar.addfile(info)
    return archive


def backup(archive: Path) -> str:
    out = io.StringIO()
    call_command("backup", "--output", str(archive), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def restore(archive: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), *args, stdout=out)
    return out.getvalue()


def api_record(client, code: str) -> dict:
    response = client.get(f"/api/v1/certificates/{code}")
    assert response.status_code == 200
    return json.loads(response.content)


def jose_check(client, token: str) -> dict:
    """What anyone can do without our code: check the JWS against /.well-known/jwks.json with PyJWT."""
    kid = jwt.get_unverified_header(token)["kid"]
    keys = json.loads(client.get("/.well-known/jwks.json").content)["keys"]
    jwk = next(key for key in keys if key["kid"] == kid)
    return jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["EdDSA"], options={"verify_exp": False})


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_keeps_every_certificate_verifying(
    site_files, make_user, demo_course, client, tmp_path
):
    holders = [make_user(email=f"holder{n}@example.org", full_name=f"Держатель Номер{n}") for n in range(3)]
    certificates = [issue_certificate(user=user, course=demo_course).certificate for user in holders]
    certificates[2].revoke(reason="ошибка в данных")
    default_storage.save("documents/протокол.txt", ContentFile("Протокол обучения".encode()))
    default_storage.save("images/photo.bin", ContentFile(os.urandom(50_000)))

    rows = sorted(Certificate.objects.values_list("code", "holder__email", "holder_name", "key_id", "jws"))
    before = {certificate.code: api_record(client, certificate.code) for certificate in certificates}
    assert all(record["signature_valid"] for record in before.values())
    assert [record["status"] for record in before.values()] == ["valid", "valid", "revoked"]
    chain = verify_chain()
    assert chain.ok and chain.checked >= 4  # three issued, one revoked
    _, kid = signing.current_key()
    files = {name: hashes(folder) for name, folder in site_files.items()}
    # Every certificate's PDF is there (the demo's own certificates too, when the demo was rebuilt).
    assert {f"certificates/{c.code}.pdf" for c in certificates} <= set(files["private"])
    assert len(files["media"]) == 2 and len(files["keys"]) == 1

    archive = tmp_path / "backups" / "site.tar.gz"
    assert "backup written to" in backup(archive)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    manifest = json.loads(read_members(archive)["manifest.json"])
    assert manifest["engine"] == connection.vendor and manifest["audit"]["entries"] == chain.checked
    assert manifest["migrations"]["certificates"] and manifest["migrations"]["audit"]
    assert {entry["name"] for entry in manifest["files"]} == {
        DUMP,
        "keys/certificate-signing.pem",
        *(f"media/{name}" for name in files["media"]),
        *(f"private/{name}" for name in files["private"]),
    }

    # The disaster: every row and every file gone.
    call_command("flush", "--no-input")
    for folder in site_files.values():
        shutil.rmtree(folder)
    signing._cached_private_key.cache_clear()
    assert not Certificate.objects.exists() and not get_user_model().objects.exists()
    assert verify_chain().checked == 0

    output = restore(archive)  # the database is empty: no --yes needed
    assert f"audit log: OK: {chain.checked} entries" in output

    signing._cached_private_key.cache_clear()
    cache.clear()
    assert (
        sorted(Certificate.objects.values_list("code", "holder__email", "holder_name", "key_id", "jws"))
        == rows
    )
    for code, record in before.items():
        assert api_record(client, code) == record  # signature_valid, status, holder, course: all the same
        assert jose_check(client, record["proof"]["jws"])["code"] == code
    after = verify_chain()
    assert after.ok and after.checked == chain.checked
    assert signing.current_key()[1] == kid  # the restored key file signs on with the same key
    assert {name: hashes(folder) for name, folder in site_files.items()} == files
    assert stat.S_IMODE((site_files["keys"] / "certificate-signing.pem").stat().st_mode) == 0o600
    for certificate in Certificate.objects.filter(pk__in=[c.pk for c in certificates]):
        assert certificate.pdf and certificate.pdf.storage.exists(certificate.pdf.name)


@pytest.fixture(scope="module")
def module_archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """One real archive of the demo site for the refusal tests, made outside any test transaction (the
    SQLite backup API cannot read a database its own connection is writing in a transaction)."""
    folder = tmp_path_factory.mktemp("module-site")
    (folder / "media" / "documents").mkdir(parents=True)
    (folder / "media" / "documents" / "a.txt").write_bytes(b"before")
    archive = folder / "site.tar.gz"
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(folder / "media"),
            PRIVATE_MEDIA_ROOT=str(folder / "private"),
            CERTIFICATE_SIGNING_KEY="",
            CERTIFICATE_SIGNING_KEY_FILE=str(folder / "keys" / "certificate-signing.pem"),
        ),
    ):
        signing._cached_private_key.cache_clear()
        signing.generate_key_file(folder / "keys" / "certificate-signing.pem")
        backup(archive)
    signing._cached_private_key.cache_clear()
    return archive


@pytest.fixture
def archived(module_archive, site_files, demo_site, tmp_path):
    """A copy of the archive, and this site changed since it was made: a new account and an edited file."""
    archive = shutil.copy(module_archive, tmp_path / "site.tar.gz")
    default_storage.save("documents/a.txt", ContentFile(b"after the backup"))
    get_user_model().objects.create_user(email="after-backup@example.org", password="x" * 12)
    return Path(archive)


def assert_nothing_changed(site_files):
    assert get_user_model().objects.filter(email="after-backup@example.org").exists()
    assert (site_files["media"] / "documents" / "a.txt").read_bytes() == b"after the backup"


@pytest.mark.django_db
def test_an_archive_with_one_byte_changed_is_refused_and_nothing_changes(archived, site_files):
    data = bytearray(archived.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archived.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="restore refused, nothing was changed"):
        restore(archived, "--yes")
    assert_nothing_changed(site_files)


@pytest.mark.django_db
def test_a_file_that_does_not_match_its_hash_is_refused(archived, site_files, tmp_path):
    members = read_members(archived)
    members["media/documents/a.txt"] = b"forged"
    forged = write_archive(tmp_path / "forged.tar.gz", members, fix_manifest=False)
    with pytest.raises(CommandError, match="media/documents/a.txt does not match its SHA-256"):
        restore(forged, "--yes")
    extra = write_archive(
        tmp_path / "extra.tar.gz", {**read_members(archived), "media/x": b"x"}, fix_manifest=False
    )
    with pytest.raises(CommandError, match="media/x is in the archive but not in the manifest"):
        restore(extra, "--yes")
    assert_nothing_changed(site_files)


def link(name: str, target: str, kind=tarfile.SYMTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("members", "extra"),
    [
        ({"../evil": b"x"}, ()),
        ({"media/../../evil": b"x"}, ()),
        ({"/srv/evil": b"x"}, ()),
        ({}, (link("media/evil", "/etc/passwd"),)),
        ({}, (link("media/evil", "../../evil", tarfile.LNKTYPE),)),
    ],
    ids=["dot-dot", "dot-dot-inside", "absolute", "symlink", "hardlink"],
)
def test_unsafe_members_are_refused(archived, site_files, tmp_path, members, extra):
    evil = write_archive(tmp_path / "evil.tar.gz", {**members, **read_members(archived)}, extra=extra)
    with pytest.raises(CommandError, match="unsafe archive member"):
        restore(evil, "--yes")
    assert not (tmp_path / "evil").exists() and not (site_files["media"] / "evil").exists()
    assert_nothing_changed(site_files)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update(format=99), "unsupported backup format 99"),
        (
            lambda m: m.update(engine="sqlite" if connection.vendor == "postgresql" else "postgresql"),
            "restore it on the same engine",
        ),
        (
            lambda m: m["migrations"].update(certificates="9999_from_the_future"),
            "certificates.9999_from_the_future",
        ),
        (lambda m: m.pop("files"), "manifest.json is incomplete"),
    ],
    ids=["format", "engine", "migration", "incomplete"],
)
def test_an_archive_this_site_cannot_take_is_refused(archived, site_files, tmp_path, change, message):
    members = read_members(archived)
    manifest = json.loads(members["manifest.json"])
    change(manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    with pytest.raises(CommandError, match=message):
        restore(write_archive(tmp_path / "other.tar.gz", members, fix_manifest="files" in manifest), "--yes")
    assert_nothing_changed(site_files)


@pytest.mark.django_db
def test_a_database_with_accounts_is_replaced_only_with_yes(archived, site_files):
    with pytest.raises(CommandError, match="pass --yes"):
        restore(archived)  # pytest's standard input is not a terminal, so nobody can be asked
    assert_nothing_changed(site_files)


@pytest.mark.django_db
def test_backup_never_overwrites_an_archive(site_files, demo_site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    archive.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="exists"):
        backup(archive)
    assert archive.read_bytes() == b"an older backup"
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="pg_dump reads committed data from its own session")
@pytest.mark.django_db
def test_sqlite_backup_inside_a_transaction_is_refused_not_hung(site_files, tmp_path):
    with pytest.raises(CommandError, match="inside a transaction"):
        backup(tmp_path / "site.tar.gz")
    assert not list(tmp_path.glob("site.tar.gz*"))


def test_postgresql_password_goes_through_the_environment(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "inherited")
    monkeypatch.setenv("PGDATABASE", "someone_elses")
    env = pg_environment(
        {"NAME": "cart", "USER": "cart", "PASSWORD": "s3cret", "HOST": "db", "PORT": 5432, "OPTIONS": {}}
    )
    assert env["PGPASSWORD"] == "s3cret" and env["PGHOST"] == "db" and env["PGPORT"] == "5432"
    assert "PGDATABASE" not in env
    assert "PGPASSWORD" not in pg_environment({"NAME": "cart", "OPTIONS": {"sslmode": "require"}})
