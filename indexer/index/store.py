"""Index snapshots on disk, published atomically.

Layout of an index directory::

    CURRENT              name of the live snapshot, replaced by rename
    gen-00000007/        an immutable snapshot
        public/          Whoosh index of public material only (redacted where needed)
        restricted/      overlay for signed-in archivists: restricted documents and
                         the unredacted versions of public ones
        manifest.json    what the snapshot holds
    .lock                locked (POSIX lockf) by the one indexer at work
    tmp-*/               a build in progress; removed by the next indexer

A reader only ever follows CURRENT, so it sees a complete snapshot, old or new.
A killed build leaves a tmp-* directory (or, killed between the rename and the
switch of CURRENT, an unpublished gen-* newer than the live one) and nothing
else; the next indexer removes both. The kernel drops the lock with the
process, so no lock is ever stale: a POSIX record lock belongs to the process
that took it and is not inherited by the processes it forks, so even a worker
process a killed build leaves behind cannot keep the next indexer out.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
import threading
import time
import pickle
from contextlib import contextmanager
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from ..corpus.files import fsync_dir
from . import facet_arrays
from .schema import field_names

CURRENT = "CURRENT"
LOCK = ".lock"
SCOPES = ("public", "full")          # what a reader may ask for
OVERLAY = "restricted"                 # full = public + this overlay
INDEX_DIRS = ("public", OVERLAY)       # the Whoosh indexes inside a snapshot
KEEP_GENERATIONS = 3
_GEN = re.compile(r"^gen-(\d{8})$")


class IndexBusy(RuntimeError):
    """Another indexer holds the lock."""


class NoIndex(RuntimeError):
    """The index directory holds no published snapshot."""


class DamagedIndex(NoIndex):
    """A snapshot that cannot be read whole: a segment cut short, a manifest gone."""


def open_index(path: Path, readonly: bool = True):
    """Open one Whoosh index of a snapshot, without mmap.

    With mmap, Whoosh copies every part of a compound segment into memory
    (BufferFile), which costs a serving process about as much memory as the
    index is large; plain file reads through the page cache cost a few percent
    of query time and let every worker share the cached pages. An index whose
    stored schema this version cannot load is reported as NoIndex, with what
    to do about it.
    """
    try:
        ix = FileStorage(str(path), supports_mmap=False, readonly=readonly).open_index()
    except (AttributeError, ImportError, pickle.UnpicklingError) as exc:
        # The schema is stored pickled: one naming classes this version does not have.
        raise NoIndex(f"the index in {path} was written by another version of the archive "
                      f"({type(exc).__name__}): rebuild it with `archive index`") from exc
    missing = sorted(field_names() - set(ix.schema.names()))
    if missing:   # written before these fields: searches would silently miss what they hold
        raise NoIndex(f"the index in {path} was written by an older version of the archive "
                      f"(it has no {', '.join(missing)}): rebuild it with `archive index`")
    return ix


def current_generation(index_dir: Path) -> str | None:
    """Name of the live snapshot, or None when nothing is published yet."""
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):   # missing, unreadable or garbled
        return None
    if not _GEN.match(name) or not (Path(index_dir) / name).is_dir():
        return None
    return name


def generations(index_dir: Path, below: str | None = None) -> list[str]:
    """Snapshots of the index directory that have a manifest, newest first (older than `below`)."""
    try:
        names = [p.name for p in Path(index_dir).iterdir()
                 if _GEN.match(p.name) and (p / "manifest.json").is_file()]
    except OSError:
        return []
    return sorted((n for n in names if below is None or n < below), reverse=True)


def snapshot_path(index_dir: Path, scope: str | None = None) -> Path:
    """Directory of the live snapshot (or of one scope inside it)."""
    gen = current_generation(index_dir)
    if gen is None:
        if generations(index_dir):
            raise DamagedIndex(f"the pointer {Path(index_dir) / CURRENT} to the live snapshot is missing or "
                               f"damaged: run `archive index` to rebuild and publish the index")
        raise NoIndex(f"no index in {index_dir}: run `archive index` first")
    path = Path(index_dir) / gen
    return path / scope if scope else path


def read_manifest(snapshot: Path) -> dict:
    return json.loads((Path(snapshot) / "manifest.json").read_text(encoding="utf-8"))


#: POSIX record locks are per process, so threads of one process also queue here.
_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


def _busy(index_dir: Path, fd: int | None) -> IndexBusy:
    holder = ""
    if fd is not None:
        try:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        except OSError:
            pass
    return IndexBusy(
        f"another indexer is working on {index_dir}"
        + (f" (pid {holder})" if holder.isdigit() else "")
        + "; the index was left as it is. Try again when it has finished, "
          "or pass --wait SECONDS to wait for it"
    )


@contextmanager
def writer_lock(index_dir: Path, wait: float = 0.0):
    """Hold the index directory's writer lock; wait up to `wait` seconds for it.

    The lock is a POSIX record lock (lockf) on `.lock`: the kernel releases it
    when the process ends, however it ends, and a child the indexer forks does
    not inherit it. Under the lock, what killed builds left is cleared first.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + max(wait, 0.0)
    with _THREAD_LOCKS_GUARD:
        tlock = _THREAD_LOCKS.setdefault(str(index_dir.resolve()), threading.Lock())
    acquired = tlock.acquire(timeout=wait) if wait > 0 else tlock.acquire(blocking=False)
    if not acquired:
        raise _busy(index_dir, None)
    try:
        fd = os.open(index_dir / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            while True:
                try:
                    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise _busy(index_dir, fd) from None
                    time.sleep(0.05)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            clear_stale_builds(index_dir)
            yield
        finally:
            os.close(fd)   # closing the file releases the record lock
    finally:
        tlock.release()


def clear_stale_builds(index_dir: Path) -> None:
    """Remove what killed builds left; only called under the lock.

    That is tmp-* build directories, a half-written CURRENT.tmp, and snapshots
    that were renamed into place but never published (newer than CURRENT).
    """
    index_dir = Path(index_dir)
    for path in index_dir.glob("tmp-*"):
        shutil.rmtree(path, ignore_errors=True)
    try:
        (index_dir / f"{CURRENT}.tmp").unlink()
    except FileNotFoundError:
        pass
    live = current_generation(index_dir)
    if live is not None:
        for path in index_dir.iterdir():
            if _GEN.match(path.name) and path.name > live:
                shutil.rmtree(path, ignore_errors=True)


#: A snapshot is read by the web server, which may run as another user (in
#: the indexer's group, say): mkdtemp's 0700 would shut it out.
SNAPSHOT_MODE = 0o755


def new_build_dir(index_dir: Path) -> Path:
    path = Path(tempfile.mkdtemp(prefix="tmp-", dir=index_dir))
    os.chmod(path, SNAPSHOT_MODE & ~_umask())
    return path


def _umask() -> int:
    """The process's umask, read without changing it (other threads may be creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(line.split()[1], 8) for line in fh if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError):
        return 0o022


def _fsync_tree(path: Path) -> None:
    for root, _dirs, files in os.walk(path):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(root))


def publish(index_dir: Path, build_dir: Path) -> str:
    """Turn a finished build directory into the live snapshot; returns its name.

    Order matters for crash safety: the data reaches the disk, the directory
    gets its final name, and only then does CURRENT point at it.
    """
    index_dir = Path(index_dir)
    _fsync_tree(build_dir)
    gens = [int(m.group(1)) for p in index_dir.iterdir() if (m := _GEN.match(p.name))]
    name = f"gen-{max(gens, default=0) + 1:08d}"
    os.rename(build_dir, index_dir / name)
    tmp = index_dir / f"{CURRENT}.tmp"
    with open(tmp, "w", encoding="ascii") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    fsync_dir(index_dir)
    prune(index_dir)
    return name


def prune(index_dir: Path, keep: int = KEEP_GENERATIONS) -> None:
    """Drop old snapshots, keeping a few so that readers mid-request finish on theirs."""
    live = current_generation(index_dir)
    gens = sorted(p for p in Path(index_dir).iterdir() if _GEN.match(p.name))
    for path in gens[:-keep]:
        if path.name != live:
            shutil.rmtree(path, ignore_errors=True)


#: Files written once under a name never reused: a segment's, and its saved facet arrays.
WRITTEN_ONCE = (".seg", facet_arrays.SUFFIX)


def clone_snapshot(source: Path, target: Path) -> None:
    """Copy a snapshot for an incremental update: hard links for segment files.

    Whoosh never rewrites a file under an existing name (segments and TOCs get
    fresh names), so sharing their inodes with the live snapshot is safe; small
    files are copied outright, and the writer lock file is left behind.
    """
    for root, _dirs, files in os.walk(source):
        rel = Path(root).relative_to(source)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            if name.endswith("WRITELOCK"):
                continue
            src, dst = Path(root) / name, target / rel / name
            if name.endswith(WRITTEN_ONCE):
                try:
                    os.link(src, dst)
                    continue
                except OSError:
                    pass
            shutil.copy2(src, dst)


def verify_snapshot(snapshot: Path, thorough: bool = True) -> list[str]:
    """What is wrong with a snapshot directory, or nothing.

    It needs its manifest and gazetteer, both indexes must open with every
    segment, and the public index must hold as many documents as the
    manifest says are public. `thorough` also reads every stored document,
    term, posting and column, compares each segment's saved facet arrays
    with its column, and checks the ids against the manifest: what
    `archive check --index` does; `add` only opens, which reads each
    segment's table of contents at its end, where a cut-short file fails.
    """
    snapshot = Path(snapshot)
    try:
        documents = read_manifest(snapshot)["documents"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{snapshot / 'manifest.json'}: unreadable ({type(exc).__name__})"]
    problems = [] if (snapshot / "places.yaml").is_file() else [f"{snapshot / 'places.yaml'}: missing"]
    ids = {}
    for name in INDEX_DIRS:
        try:
            ix = open_index(snapshot / name)
            with ix.reader() as reader:
                count = reader.doc_count()
                if thorough:
                    ids[name] = _read_everything(reader)
                    problems += facet_arrays.problems(snapshot / name, reader)
        except NoIndex as exc:
            problems.append(str(exc))
            continue
        except Exception as exc:   # whatever Whoosh raises on a damaged file
            problems.append(f"{snapshot / name}: a segment cannot be read ({type(exc).__name__}: {exc})")
            continue
        if name == "public":
            public = sum(1 for entry in documents.values() if entry.get("public"))
            if count != public:
                problems.append(f"{snapshot / name}: {count} documents, the manifest lists {public} public")
    if thorough and len(ids) == len(INDEX_DIRS):
        public_ids = {i for i, entry in documents.items() if entry.get("public")}
        if ids["public"] != public_ids:
            problems.append(f"{snapshot / 'public'}: its ids differ from the manifest's public ones "
                            f"({len(ids['public'] ^ public_ids)} differ)")
        if (set(documents) - public_ids) - ids[OVERLAY] or ids[OVERLAY] - set(documents):
            problems.append(f"{snapshot / OVERLAY}: its ids differ from the manifest's")
    return problems


def _read_everything(reader) -> set[str]:
    """Read every byte a search could need of a reader; the ids of its live documents."""
    ids = set()
    for docnum in range(reader.doc_count_all()):
        fields = reader.stored_fields(docnum)
        if not reader.is_deleted(docnum):
            ids.add(fields["id"])
    for fieldname, text in reader.all_terms():
        for _ in reader.postings(fieldname, text).all_ids():
            pass
    for leaf, _offset in reader.leaf_readers():
        for fieldname in leaf.schema.names():
            if leaf.has_column(fieldname):
                list(leaf.column_reader(fieldname))
    return ids
