"""Zipped packages (the admin upload): unpacked safely into a folder."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from .spec import PackageError, Problem

MAX_ZIP_FILES = 500
MAX_ZIP_BYTES = 20_000_000
CHUNK = 64 * 1024
SUPPORTED_METHODS = {0, 8}  # stored, deflate (what every zip tool writes by default)


def unpack_zip(upload, target: Path) -> Path:
    """Extract an uploaded zip into `target` safely and return the folder holding course.yaml.

    Refuses (PackageError) archives that are not zips, are too large (as declared, and as actually read:
    sizes in a zip can lie), hold paths outside the folder, are encrypted, use a compression method other
    than stored or deflate, or fail their CRC check. Nothing is left in `target` on refusal that the caller
    does not clean up with it (it is a temporary folder).
    """
    import zipfile
    import zlib

    name = getattr(upload, "name", "package.zip")
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile as error:
        raise PackageError(
            [Problem(name, 0, _("not a zip archive: upload the course folder packed as .zip"))]
        ) from error
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_FILES:
            raise PackageError(
                [Problem(name, 0, _("the archive holds more than %(max)s files") % {"max": MAX_ZIP_FILES})]
            )
        if sum(info.file_size for info in members) > MAX_ZIP_BYTES:
            raise PackageError([Problem(name, 0, _too_large())])
        root = target.resolve()
        written = 0
        for info in members:
            destination = (root / info.filename).resolve()
            if not destination.is_relative_to(root) or info.filename.startswith(("/", "\\")):
                raise PackageError(
                    [
                        Problem(
                            name,
                            0,
                            _("unsafe path in the archive: %(name)s (every path must stay inside the folder)")
                            % {"name": repr(info.filename)},
                        )
                    ]
                )
            if info.flag_bits & 0x1:
                raise PackageError(
                    [
                        Problem(
                            name,
                            0,
                            _(
                                "%(name)s: encrypted entries are not supported "
                                "(pack the archive without a password)"
                            )
                            % {"name": info.filename},
                        )
                    ]
                )
            if info.compress_type not in SUPPORTED_METHODS:
                raise PackageError(
                    [
                        Problem(
                            name,
                            0,
                            _(
                                "%(name)s: compression method %(method)s is not supported "
                                "(pack the archive as an ordinary zip, with deflate)"
                            )
                            % {"name": info.filename, "method": info.compress_type},
                        )
                    ]
                )
            if info.filename.split("/")[-1].startswith(".") or "__MACOSX" in info.filename:
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, open(destination, "wb") as sink:
                    while chunk := source.read(CHUNK):
                        written += len(chunk)
                        if written > MAX_ZIP_BYTES:
                            raise PackageError([Problem(name, 0, _too_large())])
                        sink.write(chunk)
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                OSError,
                NotImplementedError,
                RuntimeError,
            ) as error:
                raise PackageError(
                    [
                        Problem(
                            name,
                            0,
                            _("%(name)s: damaged entry (%(error)s); pack the archive again")
                            % {"name": info.filename, "error": error},
                        )
                    ]
                ) from error
    candidates = sorted(path.parent for path in root.rglob("course.yaml"))
    if len(candidates) != 1:
        raise PackageError(
            [
                Problem(
                    name,
                    0,
                    _("the archive must hold exactly one course.yaml (it holds %(count)s)")
                    % {"count": len(candidates)},
                )
            ]
        )
    return candidates[0]


def _too_large() -> str:
    return _("more than %(max)s MB unpacked") % {"max": MAX_ZIP_BYTES // 1_000_000}
