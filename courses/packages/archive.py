"""Zipped packages (the admin upload): unpacked safely into a folder."""

from __future__ import annotations

from pathlib import Path

from .spec import PackageError, Problem

MAX_ZIP_FILES = 500
MAX_ZIP_BYTES = 20_000_000


def unpack_zip(upload, target: Path) -> Path:
    """Extract an uploaded zip into `target` safely and return the folder holding course.yaml.

    Refuses (PackageError) archives that are not zips, are too large, or hold paths outside the folder.
    """
    import zipfile

    name = getattr(upload, "name", "package.zip")
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile as error:
        raise PackageError([Problem(name, 0, "not a zip archive")]) from error
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_FILES:
            raise PackageError([Problem(name, 0, f"more than {MAX_ZIP_FILES} files")])
        if sum(info.file_size for info in members) > MAX_ZIP_BYTES:
            raise PackageError([Problem(name, 0, f"more than {MAX_ZIP_BYTES // 1_000_000} MB unpacked")])
        root = target.resolve()
        for info in members:
            destination = (root / info.filename).resolve()
            if not destination.is_relative_to(root) or info.filename.startswith(("/", "\\")):
                raise PackageError([Problem(name, 0, f"unsafe path in the archive: {info.filename!r}")])
            if info.filename.split("/")[-1].startswith(".") or "__MACOSX" in info.filename:
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, open(destination, "wb") as sink:
                sink.write(source.read(MAX_ZIP_BYTES + 1))
    candidates = sorted(path.parent for path in root.rglob("course.yaml"))
    if len(candidates) != 1:
        raise PackageError([Problem(name, 0, "the archive must hold exactly one course.yaml")])
    return candidates[0]
