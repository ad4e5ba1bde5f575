"""Replace a site folder so that it is complete at every instant: the old site or the new one.

A build is made in a sibling folder `.site-build-*`, then swapped with the site in one
step: Linux renameat2(RENAME_EXCHANGE). Elsewhere (or on a file system without it) two
renames are used, which leave a short moment with no site folder. Every build folder holds
the owner marker, locked (flock) while its build runs, so the next build removes exactly the
folders that killed builds left behind and never one that a running build still uses.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

from ..generate.guard import SITE_MARKER, SITE_MARKER_TEXT, owns_site

PREFIX = ".site-build-"
AT_FDCWD, RENAME_NOREPLACE, RENAME_EXCHANGE = -100, 1, 2


def checkpoint(name: str) -> None:
    """Named points of a build; tests replace this to kill the process there."""


def _renameat2(src: Path, dst: Path, flags: int) -> bool:
    """True when done; False when the system or file system has no renameat2 with these flags."""
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if call(AT_FDCWD, os.fsencode(src), AT_FDCWD, os.fsencode(dst), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(src), None, str(dst))


def write_marker(folder: Path) -> int:
    """Mark folder as casebook's and hold a lock on the marker; returns the open descriptor.

    The marker is locked before it gets its name, so a concurrent build never sees an
    unlocked marker in a folder that is still in use.
    """
    tmp = folder / f"{SITE_MARKER}.{os.getpid()}"
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.write(fd, SITE_MARKER_TEXT.encode("utf-8"))
    os.replace(tmp, folder / SITE_MARKER)
    return fd


def new_build_folder(parent: Path) -> tuple[Path, int]:
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
    return folder, write_marker(folder)


def remove_leftovers(parent: Path) -> list[Path]:
    """Remove `.site-build-*` folders of builds that are no longer running (marked ones only)."""
    removed = []
    for entry in sorted(parent.glob(PREFIX + "*")):
        if entry.is_symlink() or not entry.is_dir() or not owns_site(entry):
            continue
        try:
            fd = os.open(entry / SITE_MARKER, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue               # a running build holds it
        finally:
            os.close(fd)
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def swap_in(new: Path, target: Path) -> None:
    """Put the finished site `new` at `target`; the previous site is removed afterwards."""
    if not os.path.lexists(target):
        if _renameat2(new, target, RENAME_NOREPLACE):
            checkpoint("swapped")
            return
        if not os.path.lexists(target):
            os.rename(new, target)
            checkpoint("swapped")
            return
    if not owns_site(target):          # an empty or pre-marker site: marked so a kill below is cleaned up
        os.close(write_marker(target))
    if _renameat2(new, target, RENAME_EXCHANGE):
        old = new                      # the old site now sits in the build folder
    else:
        old = new.with_name(new.name + "-old")
        os.rename(target, old)
        checkpoint("moved-aside")
        os.rename(new, target)
    checkpoint("swapped")
    shutil.rmtree(old, ignore_errors=True)
    checkpoint("removed-old")
