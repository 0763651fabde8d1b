"""`papertui list`: safe plain lines, one JSON document, a summary on stderr, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from papertui.cli import main
from tests.conftest import PROJECT
from tests.vault.notes import P, dendron, digest, hexo, write

A = P("Glass Bridges: Learning Stiffness from Photos", "2404.00201v2", tags=("materials",))
B = P("Paper Boats: Buoyancy Priors for Video Physics", "2404.00202v1", tags=("physics/fluids",))
EVIL = P(
    "Bell\x07 and \x1b[31mred\x1b[0m and \x1b]0;retitled\x07 and \u202eevil\u202c: A Title",
    "2404.00203v1",
    authors=("Mallory\x1b[2J",),
    tags=("tag\x1b[1m",),
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _vault(root: Path) -> Path:
    write(root, "hexo/2024-04-02.md", hexo("2024-04-02", A, EVIL))
    write(root, "z/2024-04-03.md", digest("2024-04-03", A, B))
    write(
        root,
        "daily/20240404.md",
        dendron("20240404", P("Kite Strings: Tension Fields for Robots", tags=("robots",))),
    )
    write(root, "ideas.md", "---\ntitle: ideas\n---\n\n## Ideas to try\n\n- a thought\n")
    write(root, "broken.md", b"\x00\x01binary")
    return root


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(PROJECT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "papertui", "list", *args],
        capture_output=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_plain_output_one_safe_line_per_paper(tmp_path: Path) -> None:
    done = _run(str(_vault(tmp_path)))
    assert done.returncode == 0
    out = done.stdout.decode("utf-8")
    lines = out.split("\n")
    assert lines[-1] == ""
    assert len(lines[:-1]) == 4  # A (merged over two notes), B, the kite paper, the evil one
    assert not CONTROL.search(out)
    assert "\u2028" not in out
    (evil,) = (line for line in lines if "Bell" in line)
    assert evil.startswith("2024-04-02  Bell and [31mred[0m and ]0;retitled and evil: A Title")
    (glass,) = (line for line in lines if "Glass Bridges" in line)
    assert glass.startswith("2024-04-02  Glass Bridges: Learning Stiffness from Photos  #")
    assert "#cs.CV" in glass
    assert "#Test Topic" in glass


def test_summary_on_stderr_and_verbose_reasons(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    quiet = _run(str(vault))
    summary = quiet.stderr.decode("utf-8").strip().split("\n")
    assert summary == [
        "3 notes read, 4 papers, 1 appearance merged, 1 note skipped, 1 passed over (-v says why)"
    ]
    loud = _run(str(vault), "-v").stderr.decode("utf-8").strip().split("\n")
    assert loud[0] == summary[0].removesuffix(" (-v says why)")
    assert any(line.startswith("  skipped: broken.md: binary") for line in loud)
    assert any(line.startswith("  passed-over: ideas.md: ") for line in loud)


def test_json_is_one_document_with_the_schema(tmp_path: Path) -> None:
    done = _run(str(_vault(tmp_path)), "--json")
    assert done.returncode == 0
    document = json.loads(done.stdout.decode("utf-8"))  # exactly one document
    assert set(document) == {"papers", "notes"}
    (glass,) = (p for p in document["papers"] if p["title"].startswith("Glass"))
    assert glass["key"] == "arxiv:2404.00201"
    assert (glass["arxiv_id"], glass["arxiv_version"]) == ("2404.00201", 2)
    assert glass["authors"] == ["Ada Lovelace", "Alan Turing"]
    assert glass["date"] == "2024-04-02"
    assert set(glass["links"]) == {"abs", "pdf", "code"}
    assert glass["links"]["pdf"] == "https://arxiv.org/pdf/2404.00201v2"
    assert isinstance(glass["summary"], str)
    assert isinstance(glass["keywords"], list)
    assert set(glass["tags"]) == {"Test Topic", "Paper", "cs.CV"}
    assert [(a["path"], a["line"] < a["end_line"]) for a in glass["appearances"]] == [
        ("hexo/2024-04-02.md", True),
        ("z/2024-04-03.md", True),
    ]
    notes = {n["path"]: n for n in document["notes"]}
    assert notes["hexo/2024-04-02.md"] | {"reason": None} == {
        "path": "hexo/2024-04-02.md",
        "status": "read",
        "papers": 2,
        "reason": None,
        "format": "hexo",
    }
    assert notes["broken.md"]["status"] == "skipped"
    assert notes["ideas.md"]["status"] == "passed-over"
    assert notes["ideas.md"]["reason"]


def test_json_with_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    vault = os.fsencode(tmp_path)
    with open(vault + b"/caf\xe9.md", "wb") as handle:
        handle.write(digest("2024-04-05", B).encode("utf-8"))
    with open(vault + b"/\xff\xfe.md", "wb") as handle:
        handle.write(b"\x00 binary")
    done = _run(str(tmp_path), "--json", "-v")
    assert done.returncode == 0
    document = json.loads(done.stdout.decode("utf-8"))
    # Byte-exact: the bytes that are not UTF-8 come back from their \udcXX escapes.
    paths = sorted(os.fsencode(n["path"]) for n in document["notes"])
    assert paths == [b"caf\xe9.md", b"\xff\xfe.md"]
    (paper,) = document["papers"]
    assert os.fsencode(paper["appearances"][0]["path"]) == b"caf\xe9.md"
    assert "\ufffd\ufffd.md" in done.stderr.decode("utf-8")
    plain = _run(str(tmp_path), "-v")
    assert plain.returncode == 0
    assert "caf\ufffd.md" not in plain.stdout.decode("utf-8")  # paths go to stderr only


def test_output_survives_a_terminal_that_cannot_show_the_text(tmp_path: Path) -> None:
    write(tmp_path, "d.md", dendron("20240406", P("中文标题：用于测试的论文名称", tags=("标签",))))
    done = _run(str(tmp_path), env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0
    assert done.stdout.decode("ascii").startswith("2024-04-06  ")
    as_json = _run(str(tmp_path), "--json", env={"PYTHONIOENCODING": "ascii"})
    assert as_json.returncode == 0
    (paper,) = json.loads(as_json.stdout.decode("ascii"))["papers"]
    assert paper["title"] == "中文标题：用于测试的论文名称"


@pytest.mark.parametrize(
    "args",
    [
        ["list", "/no/such/folder/anywhere"],
        ["list"],
        ["list", "--bogus-flag"],
        ["list", "--demo", "/tmp"],
    ],
)
def test_bad_vault_or_arguments_exit_2_with_one_line(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().split("\n")
    assert len(lines) == 1, lines  # one line
    assert lines[0].startswith("papertui: ")


def test_a_file_is_not_a_vault(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "note.md", dendron("20240407", A))
    assert main(["list", str(path)]) == 2
    assert capsys.readouterr().err.startswith("papertui: not a folder: ")


def test_an_unreadable_vault_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0)
    try:
        assert main(["list", str(locked)]) == 2
    finally:
        locked.chmod(0o755)
    assert capsys.readouterr().err.startswith("papertui: cannot read ")


def test_skipped_notes_still_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "only-binary.md", b"\x00\x00")
    assert main(["list", str(tmp_path)]) == 0
    assert "1 note skipped" in capsys.readouterr().err


def test_summary_counts_read_as_english_at_any_size() -> None:
    import io

    from papertui.commands.common import report_counts

    out = io.StringIO()
    report_counts([], 126_882, 22_514, verbose=False, stream=out)
    assert out.getvalue() == (
        "0 notes read, 126,882 papers, 22,514 appearances merged, 0 notes skipped, 0 passed over\n"
    )
    out = io.StringIO()
    report_counts([], 1, 1, verbose=False, stream=out)
    assert out.getvalue().startswith("0 notes read, 1 paper, 1 appearance merged,")
