"""A whole-corpus backup in one file: every document, withdrawn ones included, and the gazetteer.

The corpus files are the archive's source of truth (the index is rebuilt from
them), so a backup is those files, byte for byte, in one tar.gz or zip, with
a manifest of their SHA-256 digests (`MANIFEST.sha256`, in the format
`sha256sum -c` checks). The file is written under a temporary name and
renamed when complete: a backup cut short never stands under the name asked for.
"""
from __future__ import annotations

import hashlib
import io
import os
import tarfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .reader import GAZETTEER_FILE

MANIFEST = "MANIFEST.sha256"
#: The folder every file sits in inside the backup.
TOP = "corpus"
FORMATS = {".tar.gz": "tar", ".tgz": "tar", ".zip": "zip"}


class BackupError(ValueError):
    """A backup that cannot be made as asked; the message says what to change."""


@dataclass
class BackupReport:
    path: Path
    files: int
    bytes: int


def backup_files(corpus_dir: Path) -> list[Path]:
    """Every file of the corpus folder (documents, withdrawn/, the gazetteer and its sources),
    sorted; hidden files and folders and symlinked folders are left out, as the reader leaves them."""
    found = []
    for top, dirs, files in os.walk(corpus_dir, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(top) / f for f in files if not f.startswith(".") and (Path(top) / f).is_file()]
    return sorted(found, key=lambda p: p.relative_to(corpus_dir).as_posix())


def _format_of(out: Path) -> str:
    for suffix, kind in FORMATS.items():
        if out.name.lower().endswith(suffix):
            return kind
    raise BackupError(f"{out}: a backup file's name must end in .tar.gz, .tgz or .zip")


def _check_paths(corpus_dir: Path, out: Path) -> str:
    if not corpus_dir.is_dir():
        raise BackupError(f"{corpus_dir}: no corpus folder there")
    if not (corpus_dir / GAZETTEER_FILE).is_file():
        raise BackupError(f"{corpus_dir}: not a corpus folder (it has no {GAZETTEER_FILE})")
    if out.is_dir():
        raise BackupError(f"{out} is a folder: give the backup file's name, e.g. {out / 'corpus-backup.tar.gz'}")
    kind = _format_of(out)
    if out.exists():
        raise BackupError(f"{out} exists already: a backup never replaces a file; give a new name")
    if not out.parent.is_dir():
        raise BackupError(f"{out}: the folder {out.parent} does not exist")
    if not os.access(out.parent, os.W_OK):
        raise BackupError(f"{out}: the folder {out.parent} cannot be written to")
    if out.resolve().is_relative_to(corpus_dir.resolve()):
        raise BackupError(f"{out} is inside the corpus {corpus_dir}: write the backup outside it")
    return kind


def write_backup(corpus_dir: Path, out: Path) -> BackupReport:
    """Write every corpus file and the manifest of their digests into `out` (.tar.gz, .tgz or .zip)."""
    corpus_dir, out = Path(corpus_dir), Path(out)
    kind = _check_paths(corpus_dir, out)
    files = backup_files(corpus_dir)
    tmp = out.with_name(f".{out.name}.partial")
    lines, size = [], 0
    try:
        with (tarfile.open(tmp, "w:gz") if kind == "tar" else
              zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED)) as archive:
            for path in files:
                data = path.read_bytes()
                name = path.relative_to(corpus_dir).as_posix()
                lines.append(f"{hashlib.sha256(data).hexdigest()}  {name}\n")
                size += len(data)
                _add(archive, f"{TOP}/{name}", data, path.stat().st_mtime)
            _add(archive, f"{TOP}/{MANIFEST}", "".join(lines).encode("utf-8"), None)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.rename(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BackupReport(out, len(files), size)


def _add(archive, name: str, data: bytes, mtime: float | None) -> None:
    if isinstance(archive, zipfile.ZipFile):
        stamp = time.localtime(mtime)[:6] if mtime is not None else time.localtime()[:6]
        archive.writestr(zipfile.ZipInfo(name, date_time=max(stamp, (1980, 1, 1, 0, 0, 0))), data,
                         compress_type=zipfile.ZIP_DEFLATED)
        return
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o644
    if mtime is not None:
        info.mtime = int(mtime)
    archive.addfile(info, io.BytesIO(data))


def manifest_problems(folder: Path) -> list[str]:
    """What differs between an extracted backup's files and its manifest, or nothing."""
    folder = Path(folder)
    problems, listed = [], set()
    for number, line in enumerate((folder / MANIFEST).read_text("utf-8").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        listed.add(name)
        path = folder / name
        if not path.is_file():
            problems.append(f"{MANIFEST}:{number}: {name} is missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{MANIFEST}:{number}: {name} differs from the digest the backup recorded")
    extra = {p.relative_to(folder).as_posix() for p in backup_files(folder)} - listed - {MANIFEST}
    problems += [f"{name}: not in {MANIFEST}" for name in sorted(extra)]
    return problems


def restore_backup(backup: Path, target: Path) -> BackupReport:
    """Unpack a backup into `target` (a new or empty folder) and check every file against its manifest.

    Only plain files under the backup's top folder are written, one at a time;
    a name that would leave the target folder is refused.
    """
    backup, target = Path(backup), Path(target)
    if not backup.is_file():
        raise BackupError(f"{backup}: no backup file there")
    kind = _format_of(backup)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} exists and is not an empty folder: restore into a new folder")
    files = size = 0
    manifest_seen = False
    for name, read in _members(backup, kind):
        rel = Path(name).relative_to(TOP)
        path = (target / rel).resolve()
        if ".." in rel.parts or not path.is_relative_to(target.resolve()):
            raise BackupError(f"{backup}: the entry {name!r} would be written outside {target}")
        path.parent.mkdir(parents=True, exist_ok=True)
        data = read()
        path.write_bytes(data)
        size += len(data)
        files += 1
        manifest_seen |= rel.as_posix() == MANIFEST
    if not manifest_seen:
        raise BackupError(f"{backup}: not a corpus backup (no {TOP}/{MANIFEST} in it)")
    problems = manifest_problems(target)
    if problems:
        raise BackupError(f"{backup}: restored into {target}, but " + "; ".join(problems))
    return BackupReport(target, files - 1, size)


def _members(backup: Path, kind: str):
    """(name, a function reading its bytes) of each plain file under the backup's top folder."""
    try:
        if kind == "tar":
            with tarfile.open(backup, "r:gz") as archive:
                for info in archive:
                    if info.isfile() and info.name.startswith(f"{TOP}/"):
                        yield info.name, lambda info=info: archive.extractfile(info).read()
        else:
            with zipfile.ZipFile(backup) as archive:
                for info in archive.infolist():
                    if not info.is_dir() and info.filename.startswith(f"{TOP}/"):
                        yield info.filename, lambda info=info: archive.read(info)
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as exc:
        raise BackupError(f"{backup}: cannot be read as a {kind} backup ({exc})") from exc
