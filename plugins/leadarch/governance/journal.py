"""Several catalog files written as one change, crash-atomic: all old or all new, whatever
stops the process (a kill, a power cut, Ctrl-C) and wherever it stops.

A write-ahead journal in the catalog's cache folder says what is under way before any
catalog file is touched:

1. `staging`: the journal lists every target, the temporary file its new bytes go to
   (beside it, so the rename stays on one file system) and where its old bytes are kept;
   then the new bytes and the backups are written and flushed to disk.
2. `committing`: the journal says so (an atomic rename), SIGINT, SIGTERM and SIGHUP wait,
   and the temporary files are renamed over their targets one by one.
3. The journal is removed: that is the commit. Then the backups go.

Any leadarch command that finds a journal first calls `recover`: a change found complete
is kept, anything else is rolled back from the backups (idempotent: a kill during
recovery is recovered the same way next time); temporary files are removed either way.
A write that fails in this process (a full disk, a refused rename) is rolled back by the
same code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from leadarch.core.paths import JOURNAL_NAME
from leadarch.core.records import dataclass
from leadarch.errors import CannotRun

JOURNAL = JOURNAL_NAME
BACKUPS = "write-backups"
DEFERRED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@dataclass(frozen=True)
class Entry:
    target: Path  # the real file written (a catalog symlink is written through)
    staged: Path  # beside the target: the new bytes, until renamed over it
    backup: Path | None  # the old bytes; None for a file that did not exist
    new_sha: str
    mode: int

    def to_json(self) -> dict[str, Any]:
        return {
            "target": str(self.target),
            "staged": str(self.staged),
            "backup": None if self.backup is None else str(self.backup),
            "new_sha": self.new_sha,
            "mode": self.mode,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        backup = data["backup"]
        return cls(
            Path(data["target"]),
            Path(data["staged"]),
            None if backup is None else Path(backup),
            str(data["new_sha"]),
            int(data["mode"]),
        )


def commit(changed: Mapping[Path, bytes], cache: Path, modes: Mapping[Path, int]) -> None:
    """Write every `changed` target (real paths) as one change; `modes` for new files."""
    cache.mkdir(parents=True, exist_ok=True)
    recover(cache)
    token = secrets.token_hex(6)
    backups = cache / BACKUPS / token
    entries = [
        Entry(
            target,
            target.with_name(f".{target.name}.leadarch-{token}.tmp"),
            backups / f"{n}" if target.exists() else None,
            hashlib.sha256(data).hexdigest(),
            modes[target],
        )
        for n, (target, data) in enumerate(changed.items())
    ]
    made = _missing_folders(entries)
    caught: list[int] = []
    try:
        _write_journal(cache, "staging", entries, made)
        _stage(entries, changed, backups, made)
        _write_journal(cache, "committing", entries, made)
        with _signals_deferred(caught):
            for entry in entries:
                os.replace(entry.staged, entry.target)
            _sync_folders({e.target.parent for e in entries})
            (cache / JOURNAL).unlink()  # the commit: from here on the change stands
            _sync_folders({cache})
    except BaseException:
        if (cache / JOURNAL).exists():
            _roll_back(entries, made)
            (cache / JOURNAL).unlink()
        raise
    finally:
        _remove_tree(backups)
        with contextlib.suppress(OSError):
            backups.parent.rmdir()  # when no other write's backups are there
    _deliver(caught, len(entries))


def recover(cache: Path) -> str | None:
    """Finish what an interrupted write left: None when nothing was under way, else what
    was done, for the user to read."""
    path = cache / JOURNAL
    try:
        journal = json.loads(path.read_bytes())
        entries = [Entry.from_json(e) for e in journal["files"]]
        state, made = journal["state"], [Path(p) for p in journal["made"]]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CannotRun(
            f"{path}: an interrupted write left a journal that cannot be read ({exc}); "
            "check the catalog with git and remove the file"
        ) from None
    complete = state == "committing" and all(_holds(e.target, e.new_sha) for e in entries)
    if complete:
        for entry in entries:
            entry.staged.unlink(missing_ok=True)
        said = f"an interrupted write of {len(entries)} file(s) had finished: it is kept"
    else:
        _roll_back(entries, made)
        said = f"an interrupted write of {len(entries)} file(s) was undone: the catalog is as before it"
    path.unlink(missing_ok=True)
    _sync_folders({cache})
    _remove_tree(cache / BACKUPS)
    return said


def _missing_folders(entries: list[Entry]) -> list[Path]:
    """Folders a new file needs, outermost first (removed again if the write is undone)."""
    missing: list[Path] = []
    for entry in entries:
        folder = entry.target.parent
        chain = []
        while not folder.exists():
            chain.append(folder)
            folder = folder.parent
        missing += [f for f in reversed(chain) if f not in missing]
    return missing


def _write_journal(cache: Path, state: str, entries: list[Entry], made: list[Path]) -> None:
    data = {"state": state, "files": [e.to_json() for e in entries], "made": [str(p) for p in made]}
    _write_synced(cache / f".{JOURNAL}.tmp", json.dumps(data, indent=1).encode())
    os.replace(cache / f".{JOURNAL}.tmp", cache / JOURNAL)
    _sync_folders({cache})


def _stage(
    entries: list[Entry], changed: Mapping[Path, bytes], backups: Path, made: list[Path]
) -> None:
    for folder in made:
        folder.mkdir()
    backups.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        if entry.backup is not None:
            _write_synced(entry.backup, entry.target.read_bytes())
        _write_synced(entry.staged, changed[entry.target], entry.mode)
    _sync_folders({backups} | {e.staged.parent for e in entries})


def _roll_back(entries: list[Entry], made: list[Path]) -> None:
    """Every target back to its old bytes (a new one removed); temporary files removed."""
    for entry in entries:
        if entry.backup is None:
            if entry.target.exists() and _holds(entry.target, entry.new_sha):
                entry.target.unlink()
        elif entry.backup.exists():
            restoring = entry.staged.with_name(entry.staged.name + ".undo")
            _write_synced(restoring, entry.backup.read_bytes(), entry.mode)
            os.replace(restoring, entry.target)
        entry.staged.unlink(missing_ok=True)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if empty: nothing else is touched
    _sync_folders({e.target.parent for e in entries if e.target.parent.exists()})


def _holds(path: Path, sha: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha
    except OSError:
        return False


def _write_synced(path: Path, data: bytes, mode: int = 0o600) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        os.fchmod(fd, mode)
    finally:
        os.close(fd)


def _sync_folders(folders: set[Path]) -> None:
    """A rename is durable once its folder is flushed (where the system allows it)."""
    for folder in folders:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _remove_tree(folder: Path) -> None:
    if not folder.exists():
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        with contextlib.suppress(OSError):
            path.rmdir() if path.is_dir() else path.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


@contextlib.contextmanager
def _signals_deferred(caught: list[int]) -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP are held in `caught` while the renames run."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (no writer runs elsewhere)
        return
    previous = {sig: signal.signal(sig, lambda n, _f: caught.append(n)) for sig in DEFERRED}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _deliver(caught: list[int], files: int) -> None:
    """The signals that waited take effect now that the change stands, and say so."""
    for sig in dict.fromkeys(caught):
        name = signal.Signals(sig).name
        print(
            f"leadarch: {name} arrived while writing; the change was written in full "
            f"({files} file(s)) before stopping",
            file=sys.stderr,
            flush=True,
        )
        signal.raise_signal(sig)
