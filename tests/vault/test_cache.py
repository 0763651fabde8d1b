"""The index cache: only changed notes are read again; a bad cache is rebuilt, never trusted."""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from papertui.vault.export.listing import note_record, paper_record
from papertui.vault.notes import formats, read
from papertui.vault.notes.walk import NoteFile
from papertui.vault.scan import ScanResult, cache, scan
from papertui.vault.scan import pool as parallel
from tests.conftest import PROJECT
from tests.vault.notes import P, dendron, digest, hexo, write

A = P("Quiet Engines: Silent Propulsion for Drones", "2405.00101v1")
B = P("Loud Pixels: Audio-Visual Grounding in Video", "2405.00102v1")
C = P("Warm Starts: Caching for Faster Optimisers", "2405.00103v1")
D = P("Deep Wells: Groundwater Maps from Satellite Gravity", "2405.00104v1")
PAST = 1_600_000_000
"""An mtime well before any scan: a note this old is not 'racy'."""


def _age(root: Path) -> None:
    """Date every note and folder back, as if written long before the scan."""
    for folder, _, names in os.walk(root):
        for name in names:
            os.utime(Path(folder, name), (PAST, PAST))
        os.utime(folder, (PAST, PAST))


def _vault(root: Path) -> Path:
    write(root, "h/2024-05-01.md", hexo("2024-05-01", A, B))
    write(root, "z/2024-05-02.md", digest("2024-05-02", B, C))
    write(root, "d/20240503.md", dendron("20240503", P("Kite Lines: Tension for Robots")))
    _age(root)
    return root


def _document(result: ScanResult) -> tuple[list[dict[str, Any]], list[dict[str, object]]]:
    return [paper_record(p) for p in result.papers], [note_record(n) for n in result.notes]


class _Reads:
    """Counts the notes the scanner reads (in this process)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        original = read.read_batch

        def counting(batch: list[NoteFile], root: str) -> list[Any]:
            self.paths.extend(note.path for note in batch)
            return original(batch, root)

        monkeypatch.setattr(parallel, "read_batch", counting)


def _cache_path(root: Path) -> Path:
    return cache.cache_file(root, (), ())


def _readable(path: Path, root: Path, include: tuple[str, ...] = ()) -> bool:
    """Whether the cache at ``path`` loads whole for ``root``."""
    loaded = cache.load(path, root, include, ())
    if loaded is None:
        return False
    try:
        for _ in loaded.groups():
            pass
    except ValueError:
        return False
    return True


def test_a_second_scan_reads_no_note_and_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path / "v")
    first = scan(root)
    assert _cache_path(root).is_file()
    reads = _Reads(monkeypatch)
    second = scan(root)
    assert reads.paths == []
    assert _document(second) == _document(first) == _document(scan(root, cache=False))


def test_a_changed_note_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _vault(tmp_path / "v")
    scan(root)
    changed = P("Loud Pixels, Revised: Audio-Visual Grounding in Video", B.arxiv)
    write(root, "z/2024-05-02.md", digest("2024-05-02", changed, C, D))
    os.utime(root / "z/2024-05-02.md", (PAST + 10, PAST + 10))
    reads = _Reads(monkeypatch)
    result = scan(root)
    assert reads.paths == ["z/2024-05-02.md"]
    assert D.title in {p.title for p in result.papers}
    assert _document(result) == _document(scan(root, cache=False))


def test_a_deleted_note_disappears_and_a_new_one_appears(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path / "v")
    scan(root)
    (root / "h/2024-05-01.md").unlink()
    write(root, "new/2024-05-04.md", digest("2024-05-04", D))
    _age(root / "new")
    reads = _Reads(monkeypatch)
    result = scan(root)
    assert reads.paths == ["new/2024-05-04.md"]
    titles = {p.title for p in result.papers}
    assert A.title not in titles
    assert D.title in titles
    assert "h/2024-05-01.md" not in {n.path for n in result.notes}
    (b,) = (p for p in result.papers if p.key == "arxiv:2405.00102")
    assert [a.path for a in b.appearances] == ["z/2024-05-02.md"]  # its other note is gone
    assert _document(result) == _document(scan(root, cache=False))


def test_a_note_changed_within_its_mtime_tick_is_read_again(tmp_path: Path) -> None:
    root = tmp_path / "v"
    path = write(root, "z/2024-05-02.md", digest("2024-05-02", B))
    stamp = time.time_ns()
    os.utime(path, ns=(stamp, stamp))
    scan(root)
    # Same size, same mtime: only "it changed too close to the scan" gives it away.
    write(
        root, "z/2024-05-02.md", digest("2024-05-02", P(B.title.replace("Loud", "Soft"), B.arxiv))
    )
    os.utime(path, ns=(stamp, stamp))
    assert {p.title for p in scan(root).papers} == {B.title.replace("Loud", "Soft")}


def test_an_image_added_later_is_no_longer_missing(tmp_path: Path) -> None:
    root = tmp_path / "v"
    kite = P("Kite Lines: Tension for Robots", extra="\n![diagram](assets/kite.png)\n")
    write(root, "d/20240503.md", dendron("20240503", kite))
    (root / "d/assets").mkdir()
    _age(root)
    (image,) = scan(root).papers[0].images
    assert image.missing
    (root / "d/assets/kite.png").write_bytes(b"\x89PNG")
    (image,) = scan(root).papers[0].images
    assert not image.missing


@pytest.mark.parametrize(
    "damage",
    ["flip", "truncate", "empty", "garbage", "magic-only", "folder"],
)
def test_a_damaged_cache_is_rebuilt_silently(tmp_path: Path, damage: str) -> None:
    root = _vault(tmp_path / "v")
    expected = _document(scan(root))
    path = _cache_path(root)
    data = path.read_bytes()
    if damage == "flip":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    elif damage == "truncate":
        path.write_bytes(data[: len(data) - 7])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "garbage":
        path.write_bytes(os.urandom(4096))
    elif damage == "magic-only":
        path.write_bytes(cache.MAGIC)
    else:
        path.unlink()
        path.mkdir()
    assert not _readable(path, root)
    assert _document(scan(root)) == expected
    if damage != "folder":
        assert _readable(path, root)  # written afresh


def test_a_cache_of_another_vault_or_version_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path / "v")
    other = tmp_path / "other"
    write(other, "z/2024-05-09.md", digest("2024-05-09", D))
    _age(other)
    scan(other)
    # Another vault's index under this vault's name: same notes' paths would not save it.
    _cache_path(root).parent.mkdir(parents=True, exist_ok=True)
    _cache_path(root).write_bytes(_cache_path(other).read_bytes())
    assert not _readable(_cache_path(root), root)
    assert D.title not in {p.title for p in scan(root).papers}
    # Written by another parser version, or in another layout: read again.
    assert _readable(_cache_path(root), root)
    monkeypatch.setattr(cache, "PARSER_VERSION", formats.PARSER_VERSION + 1)
    assert not _readable(_cache_path(root), root)
    monkeypatch.undo()
    monkeypatch.setattr(cache, "FORMAT_VERSION", cache.FORMAT_VERSION + 1)
    assert not _readable(_cache_path(root), root)


def test_globs_have_their_own_cache(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    everything = scan(root)
    only_z = scan(root, include=["z/**"])
    assert cache.cache_file(root, ["z/**"], ()) != _cache_path(root)
    assert {n.path for n in only_z.notes} == {"z/2024-05-02.md"}
    assert _document(scan(root)) == _document(everything)
    assert _document(scan(root, include=["z/**"])) == _document(only_z)


def test_a_cache_with_rows_of_the_wrong_shape_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path / "v")
    expected = _document(scan(root))
    loaded = cache.load(_cache_path(root), root, (), ())
    assert loaded is not None
    loaded.close()

    def row(key: object) -> tuple[object, ...]:
        return ("A Title", None, None, (), None, None, None, (), (), "", (), 1, 2, 0, key)

    bad: Any
    for bad in (
        (["h/2024-05-01.md"], [("short",)], [1]),
        (["h/2024-05-01.md", "z/2024-05-02.md"], [row("a"), row("b")], [2]),  # two keys
        (["h/2024-05-01.md"], [row("a")], [2]),  # rows and papers do not add up
        (["h/2024-05-01.md"], [row("a")], [0, 1]),  # a paper of no rows
        (["h/2024-05-01.md"], ["not a row"], [1]),
        ([7], [row("a")], [1]),  # a path that is not text
        (["h/2024-05-01.md"], [row(7)], [1]),  # nor a key
        [[("h/2024-05-01.md", row("a"))]],  # the layout of format 4: a list of groups
    ):
        with monkeypatch.context() as patched:
            patched.setattr(cache, "_packed", lambda chunk, bad=bad: bad)  # the bad frame as it is
            assert cache.save(_cache_path(root), root, (), (), loaded.notes, {}, [[]])
        assert not _readable(_cache_path(root), root)
        assert _document(scan(root)) == expected
    good = (["h/2024-05-01.md"], [row("a")], [1])
    with monkeypatch.context() as patched:
        patched.setattr(cache, "_packed", lambda chunk: good)
        assert cache.save(_cache_path(root), root, (), (), loaded.notes, {}, [[]])
    assert _readable(_cache_path(root), root)  # (the bad ones are bad for what they show)


def test_no_cache_reads_and_writes_none(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    scan(root, cache=False)
    assert not _cache_path(root).exists()


_WRITER = """
import sys
from pathlib import Path
from papertui.vault.scan.scanner import Scanner
root = Path(sys.argv[1])
for _ in range(15):
    scanner = Scanner(root)
    scanner.scan()
    scanner._dirty = True  # write again even though nothing changed
    assert scanner.save_cache() or True
"""


def test_two_writers_at_once_leave_a_valid_cache(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    for number in range(30):
        write(root, f"more/2024-06-{number + 1:02d}.md", digest(f"2024-06-{number + 1:02d}", C, D))
    _age(root)
    expected = _document(scan(root, cache=False))
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(root)], env=env) for _ in range(2)
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    path = _cache_path(root)
    assert _readable(path, root)
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert _document(scan(root)) == expected


PARSER_MODULES = (
    "notes/formats/*.py",
    "notes/parse.py",
    "notes/frontmatter.py",
    "notes/decode.py",
    "notes/read.py",
    "paper.py",
)
PARSER_FINGERPRINT = "cee3bbdd4c51832f"


def _fingerprint(modules: tuple[str, ...] = PARSER_MODULES) -> str:
    """The code of ``modules`` as its syntax tree, docstrings and formatting left out."""
    digest = hashlib.sha256()
    folder = PROJECT / "papertui" / "vault"
    for path in sorted(p for pattern in modules for p in folder.glob(pattern)):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if (
                isinstance(body, list)
                and body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                body[0] = ast.Pass()
        digest.update(path.name.encode() + ast.dump(tree).encode())
    return digest.hexdigest()[:16]


def test_a_parser_change_comes_with_a_new_parser_version() -> None:
    """Caches of an older parser must not be trusted: bump the version with any parsing change."""
    expected = {4: PARSER_FINGERPRINT}
    found = _fingerprint()
    assert expected.get(formats.PARSER_VERSION) == found, (
        f"The parsing code changed (fingerprint {found}). If what a note reads as changed, "
        "bump PARSER_VERSION in papertui/vault/notes/formats/__init__.py; then put "
        f"{{{formats.PARSER_VERSION}: {found!r}}} here as the expected fingerprint."
    )


def test_a_cache_folder_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path / "v")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("PAPERTUI_HOME", str(blocker))
    assert _document(scan(root)) == _document(scan(root, cache=False))
    assert blocker.read_text() == "a file where the cache folder would be"
