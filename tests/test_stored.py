"""Results kept between runs (core/stored.py): read back only when this user's key signed
them and this code wrote them; never anything but plain data; never a reason to fail."""
from __future__ import annotations

import os
import pickle

import pytest

from casebook.core.stored import FOLDER, MAGIC, NAME, Stored, user_key

CONTENT = {"files": {"cases/c01.yaml": (b"\x01" * 32, b"\x02" * 32, ("CB056",), {"id": "c01", "roles": ["a"]})}}


@pytest.fixture
def stored(tmp_path) -> Stored:
    return Stored.for_project(tmp_path / "repo", key_folder=tmp_path / "user")


def test_what_is_written_is_read_back(stored, tmp_path):
    (tmp_path / "repo").mkdir()
    assert stored.write(CONTENT)
    assert Stored.for_project(tmp_path / "repo", key_folder=tmp_path / "user").read() == CONTENT
    folder = tmp_path / "repo" / FOLDER
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (folder / NAME).stat().st_mode & 0o077 == 0
    assert (tmp_path / "user" / "key").stat().st_mode & 0o077 == 0
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def test_another_key_another_version_or_a_changed_byte_is_no_cache(stored, tmp_path):
    (tmp_path / "repo").mkdir()
    stored.write(CONTENT)
    # as a pull request would bring it: signed by someone else's key
    assert Stored.for_project(tmp_path / "repo", key_folder=tmp_path / "other").read() == {}
    assert Stored(stored.folder, stored._key, version=b"other code").read() == {}
    path = stored.folder / NAME
    raw = bytearray(path.read_bytes())
    raw[-3] ^= 1
    path.write_bytes(bytes(raw))
    assert stored.read() == {}
    path.write_bytes(b"not a cache")
    assert stored.read() == {}


class _Runs:
    def __reduce__(self):
        return (os.mkdir, (str(_Runs.target),))


def test_a_signed_pickle_with_a_class_is_refused_unrun(stored, tmp_path):
    """The signature is the first guard; plain data is the second: even a file signed with the
    user's own key cannot make the reader run code."""
    (tmp_path / "repo").mkdir()
    _Runs.target = tmp_path / "ran"
    payload = pickle.dumps({"files": _Runs()})
    assert stored.write(CONTENT)                   # the key made, as a run makes it
    (stored.folder / NAME).write_bytes(MAGIC + stored._sign(payload) + payload)
    assert stored.read() == {}
    assert not _Runs.target.exists()


def test_links_are_neither_followed_nor_written_through(stored, tmp_path):
    (tmp_path / "repo").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, stored.folder)
    assert not stored.write(CONTENT)
    assert stored.read() == {}
    assert list(elsewhere.iterdir()) == []
    os.unlink(stored.folder)
    stored.write(CONTENT)
    target = tmp_path / "kept"
    os.replace(stored.folder / NAME, target)
    os.symlink(target, stored.folder / NAME)
    assert stored.read() == {}                     # the file itself a link: not read
    assert stored.write(CONTENT)                   # replaced, the link's target untouched
    assert not (stored.folder / NAME).is_symlink()
    assert target.read_bytes() != b""


def test_no_key_no_cache_and_no_failure(tmp_path):
    blocked = tmp_path / "user"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    assert user_key(blocked) is None
    stored = Stored.for_project(tmp_path / "repo", key_folder=blocked)
    assert stored.read() == {}
    assert stored.write(CONTENT) is False
    link = tmp_path / "linked"
    link.mkdir()
    os.symlink(tmp_path / "secret", link / "key")
    assert user_key(link) is None                  # a key that is a link is not used
    short = tmp_path / "short"
    short.mkdir()
    (short / "key").write_bytes(b"x")
    assert user_key(short) is None


def test_a_repository_folder_that_cannot_be_written_is_no_failure(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / FOLDER).write_text("a file", encoding="utf-8")
    stored = Stored.for_project(repo, key_folder=tmp_path / "user")
    assert stored.write(CONTENT) is False
    assert stored.read() == {}
