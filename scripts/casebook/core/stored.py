"""What earlier runs found, kept between runs by the hash of their input (`.casebook_cache/`).

Loading and checking every case file is most of what `validate` and generation do; a file
whose text, data files and checking code are unchanged since a run found it clean need not be
read again (rules/file_cache.FileCache says what is kept and when it counts).

The folder is in the repository, where a pull request can put files too, so nothing in it is
trusted for what it says: the file is signed (HMAC-SHA256) with a key that lives outside the
repository, in the user's cache folder (~/.cache/casebook/key, made on first use, readable by
the user only), and a file signed with another key, changed, or written by other code is
ignored as if there were none. Even a signed file is unpickled without classes: plain data
only (dicts, lists, strings, numbers), never objects that run code.

Nothing here may fail a build: a folder or key that cannot be read or written means no
cache, and the run checks every file, as a fresh clone does.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import os
import pickle
import secrets
import stat
import sys
from pathlib import Path

FOLDER = ".casebook_cache"
NAME = "checked.pickle"
MAGIC = b"casebook-checked-1\n"
KEY_BYTES = 32
# Libraries whose behaviour the kept results depend on (the parser, the schema checker, the
# analyser and its dictionary); a change of any of them, or of Python, starts afresh.
LIBRARIES = ("pyyaml", "jsonschema", "sudachipy", "sudachidict_core")


def code_version() -> bytes:
    """A digest of this package's source, Python's version and the libraries' versions."""
    from importlib import metadata
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.digest()


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "casebook"


class _PlainData(pickle.Unpickler):
    """Refuses every class: a kept result is plain data, and a class is how a pickle runs code."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"{module}.{name}")


def _read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file that is not a link, or None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        return file.read(limit + 1)


def user_key(folder: Path | None = None, make: bool = True) -> bytes | None:
    """The signing key, made on first use when `make`; None when it cannot be read or made."""
    folder = folder or user_cache_dir()
    path = folder / "key"
    key = _read_regular(path, KEY_BYTES)
    if key is not None:
        return key if len(key) == KEY_BYTES else None
    if not make or os.path.lexists(path):
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        return None
    key = secrets.token_bytes(KEY_BYTES)
    with os.fdopen(fd, "wb") as file:
        file.write(key)
    return key


class Stored:
    """The kept results of one repository: `read()` what a run may use, `write(content)`."""

    LIMIT = 512 * 1024 * 1024   # far above 1,000 cases (about 5 MB); a larger file is not ours

    def __init__(self, folder: Path, key: bytes | None = None, version: bytes | None = None, *,
                 key_folder: Path | None = None):
        """`key`, or the user's key in `key_folder` (default: user_cache_dir()), read when first
        needed and made only when something is written: a run that stops early makes nothing."""
        self.folder, self._key, self._key_folder = folder, key, key_folder
        self._version = version

    @classmethod
    def for_project(cls, root: Path, key_folder: Path | None = None) -> Stored:
        return cls(root / FOLDER, key_folder=key_folder)

    def _user_key(self, make: bool) -> bytes | None:
        if self._key is None:
            self._key = user_key(self._key_folder, make=make)
        return self._key

    @property
    def version(self) -> bytes:
        if self._version is None:
            self._version = code_version()
        return self._version

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, MAGIC + self.version + payload, hashlib.sha256).digest()

    def read(self) -> dict:
        """What the last run kept, or {} (no file, another key or version, changed, not plain data)."""
        if self.folder.is_symlink():
            return {}
        raw = _read_regular(self.folder / NAME, self.LIMIT)
        if raw is None or not raw.startswith(MAGIC) or self._user_key(make=False) is None:
            return {}
        signature, payload = raw[len(MAGIC):len(MAGIC) + 32], raw[len(MAGIC) + 32:]
        if not hmac.compare_digest(signature, self._sign(payload)):
            return {}
        try:
            content = _PlainData(io.BytesIO(payload)).load()
        except Exception:      # noqa: BLE001 - a cache that cannot be read is no cache
            return {}
        return content if isinstance(content, dict) else {}

    def write(self, content: dict) -> bool:
        """Replaces the kept results in one step (a reader sees the old file or the new one);
        False when they could not be kept (the run is unaffected)."""
        if self._user_key(make=True) is None:
            return False
        payload = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
        tmp = self.folder / f".{NAME}.{os.getpid()}.tmp"
        try:
            if self.folder.is_symlink():
                return False
            self.folder.mkdir(mode=0o700, exist_ok=True)
            ignore = self.folder / ".gitignore"    # never committed, whatever the repository's .gitignore says
            if not ignore.exists() and not ignore.is_symlink():
                ignore.write_text("# casebook の検査結果の控え（コミットしません）\n*\n", encoding="utf-8")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "wb") as file:
                file.write(MAGIC + self._sign(payload) + payload)
            os.replace(tmp, self.folder / NAME)
            return True
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            return False
