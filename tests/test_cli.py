"""The command line as scripts use it: exit codes, JSON shapes, one-line errors."""

import json
import subprocess
import sys

import pytest
from conftest import SEEDS, write

from dsreader.cli import main


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "dsreader", *args], capture_output=True, text=True, cwd=cwd
    )


def test_list_json_has_one_row_per_seed(capsys):
    assert main(["list", str(SEEDS), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 5
    assert {"id", "title", "source", "author", "published", "claims", "labelled"} <= set(rows[0])
    assert all(len(r["id"]) == 10 and r["claims"] > 5 for r in rows)


def test_show_json_offsets_slice_the_text(capsys):
    main(["list", "--corpus", str(SEEDS), "--json"])
    ids = [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()]
    for ident in ids:
        assert main(["show", ident, "--json", "--corpus", str(SEEDS)]) == 0
        doc = json.loads(capsys.readouterr().out)
        raw = (SEEDS / doc["path"].rsplit("/", 1)[-1]).read_text("utf-8")
        assert doc["text"] and doc["sentences"] and doc["entities"]
        for s in doc["sentences"]:
            assert doc["text"][s["start"] : s["end"]] == s["text"]
        for e in doc["entities"]:
            assert doc["text"][e["start"] : e["end"]] == e["text"]
        for r in doc["removed"]:
            assert raw.replace("\u00a0", " ")[r["start"] : r["end"]] == r["text"]


def test_unknown_id_is_one_line_on_stderr_and_exit_2():
    proc = run("show", "zzzzzz", "--corpus", str(SEEDS))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no article" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_show_accepts_a_prefix_and_the_file_name(capsys):
    assert main(["show", "000_1b75fc1a0518b6e3.txt", "--corpus", str(SEEDS), "--json"]) == 0
    ident = json.loads(capsys.readouterr().out)["id"]
    assert main(["show", ident[:5], "--corpus", str(SEEDS)]) == 0
    assert "딥시크" in capsys.readouterr().out


def test_show_raw_marks_what_was_removed_and_why():
    proc = run("show", "001_beeaa57e118b7f5a", "--raw", "--corpus", str(SEEDS))
    assert proc.returncode == 0
    assert "⟨copyright⟩" in proc.stdout and "⟨share-buttons⟩" in proc.stdout


def test_article_text_with_markup_and_escapes_is_printed_literally(tmp_path):
    write(
        tmp_path / "evil.txt", "제목\n[bold red]가짜[/] 기사다. \x1b[2J화면을 지우려 했다. 끝이다."
    )
    proc = run("show", "evil", "--corpus", str(tmp_path))
    assert proc.returncode == 0
    assert "[bold red]가짜[/]" in proc.stdout
    assert "\x1b" not in proc.stdout


def test_bad_corpus_path_is_a_clear_error(tmp_path):
    proc = run("list", str(tmp_path / "missing"))
    assert proc.returncode == 2 and "corpus not found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_skipped_files_are_warned_about_and_the_rest_loads(tmp_path):
    write(tmp_path / "ok.txt", "제목\n본문 문장이 여기에 있다. 두 번째 문장도 있다.")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    proc = run("list", str(tmp_path), "--json")
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 1
    assert "bin.txt: skipped" in proc.stderr


@pytest.mark.parametrize("cmd", [["list", "--help"], ["show", "--help"], ["--version"]])
def test_help_and_version(cmd):
    assert run(*cmd).returncode == 0


def test_a_corrupt_database_stops_the_command_with_one_line(tmp_path):
    db = tmp_path / "db.json"
    db.write_text("{ this is not json")
    proc = run("list", str(SEEDS), "--db", str(db))
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "not a valid annotation database" in proc.stderr
    assert db.read_text() == "{ this is not json"


def test_the_reader_needs_a_terminal(tmp_path):
    proc = run("read", str(SEEDS), "--db", str(tmp_path / "db.json"))
    assert proc.returncode == 1 and "needs a terminal" in proc.stderr


def test_a_story_saved_twice_keeps_its_text_and_says_so(tmp_path, capsys):
    body = [
        "반도체 업계는 올해 하반기에 수요가 회복될 것으로 내다봤다. 다만 재고 조정이 길어질 수 있다는 우려도 나온다.",
        "한 애널리스트는 “가격 경쟁이 치열해지고 있다”며 “수익성이 떨어질 수 있다”고 말했다.",
        "정부는 다음 달 지원 대책을 발표할 예정이다. 업계는 세부 내용을 지켜보고 있다.",
    ]
    # Every paragraph recurs in the other file: as chrome would, so the guard must hold.
    write(tmp_path / "site" / "a.txt", "\n".join(["반도체 수요 회복 기대", *body]))
    write(tmp_path / "site" / "b.txt", "\n".join(["반도체 수요 회복 기대감 커져", *body]))
    assert main(["show", "a.txt", "--json", "--corpus", str(tmp_path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["flags"] == ["most-prose-kept"]
    assert all(p in doc["text"] for p in body)
    assert main(["show", "a.txt", "--corpus", str(tmp_path)]) == 0
    assert "kept as found" in capsys.readouterr().out
