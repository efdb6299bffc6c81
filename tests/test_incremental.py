"""Republishing only what changed (jacksonpd.incremental): the short path is taken where it is
safe, publishes what a cold build publishes, and falls back to the whole build everywhere else."""

from __future__ import annotations

import datetime as dt
import importlib
import random
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jacksonpd import build
from jacksonpd.build import KEPT, BuildResult
from jacksonpd.errors import JacksonpdError
from jacksonpd.publish import csv_splice, package
from jacksonpd.publish.sqlite import DATABASE, database_digest

from .conftest import REPO, snapshot

sys.path.insert(0, str(REPO / "benchmarks"))
corpus = importlib.import_module("corpus")  # the benchmarks' modules, not a package

Edit = Callable[[Path, random.Random], bool]  # an edit of the seeds; whether the build must refuse it


def _annotations(root: Path) -> list[Path]:
    return sorted((root / "seeds/annotations").glob("*.yaml"))


def change_quote(root: Path, rng: random.Random) -> bool:
    """A quote's text in an annotation loses its last word (as a curator corrects one)."""
    path = rng.choice(_annotations(root))
    text = path.read_text(encoding="utf-8")
    quotes = [i for i in range(len(text)) if text.startswith('    text: "', i)]
    at = rng.choice(quotes) + len('    text: "')
    end = text.index('"\n', at)
    words = text[at:end].split(" ")
    if len(words) > 8:
        path.write_text(text[:at] + " ".join(words[:-1]) + text[end:], encoding="utf-8")
    return False


def change_outlet(root: Path, rng: random.Random) -> bool:
    """An annotation's field: the outlet of its article."""
    path = rng.choice(_annotations(root))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("outlet: ", f"outlet: Edition {rng.randrange(100)} of ", 1), encoding="utf-8"
    )
    return False


def add_article(root: Path, rng: random.Random, *, own_ids: bool = True) -> bool:
    """A new article and its annotation: a copy of one under a new source id of the same date,
    with its policies' ids made its own (``own_ids``) or left as the original's (refused)."""
    path = rng.choice(_annotations(root))
    stem = f"{path.stem[:10]}-added-{rng.randrange(10**6):06d}"
    shutil.copy(root / "seeds/articles" / f"{path.stem}.txt", root / "seeds/articles" / f"{stem}.txt")
    text = path.read_text(encoding="utf-8")
    (root / "seeds/annotations" / f"{stem}.yaml").write_text(
        text.replace(path.stem, stem) if own_ids else text, encoding="utf-8"
    )
    return not own_ids


def add_article_reusing_ids(root: Path, rng: random.Random) -> bool:
    """A new article whose policies have the ids of another's: the build must refuse it."""
    return add_article(root, rng, own_ids=False)


def remove_article(root: Path, rng: random.Random) -> bool:
    """An article and its annotation removed."""
    path = rng.choice(_annotations(root))
    path.unlink()
    (root / "seeds/articles" / f"{path.stem}.txt").unlink()
    return False


def break_quote(root: Path, rng: random.Random) -> bool:
    """A quote that its article does not hold: the build must refuse it."""
    path = rng.choice(_annotations(root))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('    text: "', '    text: "Words nobody said ', 1), encoding="utf-8")
    return True


EDITS: tuple[Edit, ...] = (
    change_quote,
    change_outlet,
    add_article,
    remove_article,
    break_quote,
    add_article_reusing_ids,
)


def _published(folder: Path) -> dict[str, Any]:
    """Every published file's bytes; the database's content (its bytes vary with SQLite) and what
    its full-text indexes find (their pages are left out of the content: a patched database's are
    not a cold build's)."""
    files: dict[str, Any] = {}
    for name, data in snapshot(folder).items():
        if name == DATABASE:
            files[name] = (database_digest(folder / name), searches(folder / name))
        else:
            files[name] = data
    return files


#: Words the synthetic corpus's texts hold, in many rows and in few.
_SEARCHED = ("police", "body cameras", "account", "review board", "findings", "ledger")


def searches(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Each full-text index's rows and ranks for :data:`_SEARCHED`, once each index has passed its
    own integrity check (against its table, where it indexes one)."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            n for (n,) in conn.execute("select name from sqlite_master where sql like 'create virtual%'")
        ]
        found: dict[str, list[tuple[Any, ...]]] = {}
        for fts in sorted(tables):
            conn.execute(f"insert into [{fts}] ([{fts}]) values ('integrity-check')")
            for words in _SEARCHED:
                query = (
                    f"select rowid, round(bm25([{fts}]), 9) from [{fts}] where [{fts}] match ? order by rowid"
                )
                found[f"{fts} {words}"] = conn.execute(query, (f'"{words}"',)).fetchall()
        return found
    finally:
        conn.close()


def _fresh(root: Path, into: Path) -> Path:
    """A copy of ``root``'s seeds, schemas and publication, without anything a build keeps."""
    shutil.rmtree(into, ignore_errors=True)
    for name in ("seeds", "schemas", "datapackage"):
        shutil.copytree(root / name, into / name)
    return into


def _step(root: Path, cold: Path, edit: Edit, seed: int) -> BuildResult | None:
    """Apply ``edit`` to ``root`` and to a fresh copy of it at ``cold``, build both (``root`` as a
    curator does, ``cold`` forced, from nothing kept), and hold them equal; the result of
    ``root``'s build, or ``None`` if both refused it (and neither publication changed)."""
    _fresh(root, cold)
    refuse = edit(root, random.Random(seed))
    edit(cold, random.Random(seed))
    before = snapshot(root / "datapackage")
    if refuse:
        with pytest.raises(JacksonpdError) as refused:
            build(root, require_corrections=False)
        assert snapshot(root / "datapackage") == before
        with pytest.raises(JacksonpdError) as cold_refused:
            build(cold, force=True, require_corrections=False)
        assert str(refused.value) == str(cold_refused.value)  # every problem, as a cold build says it
        return None
    result = build(root, require_corrections=False)
    cold_result = build(cold, force=True, require_corrections=False)
    assert cold_result.republished is None
    assert _published(root / "datapackage") == _published(cold / "datapackage"), edit.__name__
    assert result.counts == cold_result.counts
    assert result.warnings == cold_result.warnings
    return result


@pytest.fixture
def ways(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """How each CSV was written (``whole``, ``copied``, ``spliced``), build after build; with
    blocks of 3 rows, so that a small corpus's tables have many (see jacksonpd.publish.csv_splice)."""
    monkeypatch.setattr(csv_splice, "BLOCK", 3)
    seen: list[str] = []
    real = csv_splice.write_table

    def watched(*args: Any, **kwargs: Any) -> csv_splice.TableWrite:
        written = real(*args, **kwargs)
        seen.append(written.how)
        return written

    monkeypatch.setattr(package, "write_table", watched)
    return seen


def test_random_edits_publish_what_a_cold_build_does(
    root: Path, tmp_path: Path, patched: list[str | None], ways: list[str]
) -> None:
    """After each of a random sequence of edits (quotes, fields, articles added and removed, edits
    that must be refused), the build publishes the same bytes as a cold build of the same seeds
    (the CSVs it copies and splices from the published ones included), and a database of the same
    content, patched from the last one where the short path was taken."""
    build(root, force=True)  # its CSVs indexed in blocks of 3 rows
    rng = random.Random(2018)
    paths: list[str] = []
    edits = [*EDITS, *EDITS, *(rng.choice(EDITS) for _ in range(4))]  # each at least twice
    rng.shuffle(edits)
    for edit in edits:
        saved = tmp_path / "saved"
        _fresh(root, saved)
        result = _step(root, tmp_path / "cold", edit, rng.randrange(10**9))
        if result is None:  # refused, as it must be: the curator undoes it
            shutil.rmtree(root / "seeds")
            shutil.copytree(saved / "seeds", root / "seeds")
            paths.append("refused")
        elif result.republished is None:
            paths.append("whole")
        else:
            paths.append("short" if patched[-1] is None else f"short, database whole: {patched[-1]}")
    # The sequence took each way: the short path (its database patched), the whole build, and a
    # refusal; and each CSV was written each way.
    assert {"short", "whole", "refused"} <= set(paths), paths
    assert {"whole", "copied", "spliced"} <= set(ways), ways


def test_a_corrected_quote_republishes_one_article(
    root: Path, tmp_path: Path, patched: list[str | None]
) -> None:
    """A corrected quote (with its entry in corrections.yaml) reads that article alone, and
    patches the database."""
    _fresh(root, tmp_path / "cold")
    corpus.correct_quote(root)
    corpus.correct_quote(tmp_path / "cold")
    result = build(root)
    assert result.republished == 1
    assert patched == [None]
    build(tmp_path / "cold", force=True)
    assert _published(root / "datapackage") == _published(tmp_path / "cold" / "datapackage")
    assert result.changed


def test_an_added_article_republishes_one_article(
    root: Path, tmp_path: Path, patched: list[str | None]
) -> None:
    """A new article takes the short path, and publishes what a cold build does; its database
    patched, the rows after the new ones moved."""
    result = _step(root, tmp_path / "cold", add_article, 1)
    assert result is not None
    assert result.republished == 1
    assert patched == [None]


def test_the_kept_state_is_its_owners_alone(root: Path) -> None:
    """The kept rows hold what the seeds hold: readable by their owner alone, never published."""
    assert (root / KEPT).stat().st_mode & 0o077 == 0
    assert not any(".datapackage-" in name for name in snapshot(root / "datapackage"))


@pytest.mark.parametrize(
    "unsafe",
    [
        "remove an article",
        "registry",
        "incidents",
        "policy",
        "schemas",
        "publication touched",
        "state damaged",
        "state lent, never moved",
        "as of",
    ],
)
def test_an_unsafe_change_builds_everything(root: Path, tmp_path: Path, unsafe: str) -> None:
    """Every change the kept rows cannot be proven to survive reads everything again, and still
    publishes what a cold build does."""
    as_of = None
    if unsafe == "remove an article":
        remove_article(root, random.Random(0))
    elif unsafe == "registry":
        path = root / "seeds/registry/people.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif unsafe == "incidents":
        path = root / "seeds/incidents/synthetic.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif unsafe == "policy":
        path = root / "seeds/policy.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif unsafe == "schemas":
        path = sorted((root / "schemas").glob("*.json"))[0]
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif unsafe == "publication touched":
        path = root / "datapackage/README.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif unsafe == "state damaged":
        (root / KEPT).write_bytes(b"not a database")
    elif unsafe == "state lent, never moved":  # as a build killed between its patch and its move leaves it
        conn = sqlite3.connect(root / KEPT)
        conn.execute("alter table _kept rename to _undo_kept")
        conn.close()
    else:
        as_of = dt.date(2016, 1, 1)
    change_quote(root, random.Random(3))
    _fresh(root, tmp_path / "cold")
    if as_of is not None:  # the same date given, rather than taken from the inputs
        result = build(root, require_corrections=False, as_of=as_of)
    else:
        result = build(root, require_corrections=False)
    assert result.republished is None
    build(tmp_path / "cold", force=True, require_corrections=False, as_of=as_of)
    assert _published(root / "datapackage") == _published(tmp_path / "cold" / "datapackage")
    # ...and the build it published keeps its own state, for the next one.
    change_quote(root, random.Random(4))
    assert build(root, require_corrections=False, as_of=as_of).republished == 1


def test_a_refused_edit_keeps_the_state_for_the_fix(root: Path) -> None:
    """A refused edit (refused as it is read, or by the release check once built) leaves the
    publication and the kept state as they were: once the curator puts it right, the build takes
    the short path again."""
    before = snapshot(root / "datapackage")
    texts = {path: path.read_bytes() for path in _annotations(root)}
    break_quote(root, random.Random(5))
    with pytest.raises(JacksonpdError):
        build(root, require_corrections=False)
    assert snapshot(root / "datapackage") == before
    assert (root / KEPT).is_file()
    for path, data in texts.items():
        path.write_bytes(data)
    change_outlet(root, random.Random(5))
    with pytest.raises(JacksonpdError, match="the release is refused"):
        build(root)  # a changed value without its entry in seeds/corrections.yaml
    assert snapshot(root / "datapackage") == before
    assert build(root, require_corrections=False).republished == 1


def test_a_build_refused_once_patched_gives_the_state_back(
    root: Path, tmp_path: Path, patched: list[str | None]
) -> None:
    """A build refused after the kept store was patched and lent to it (here by the release check:
    a changed value without its entry in corrections.yaml) gives the store back as it was: the
    next build takes the short path and publishes what a cold build does."""
    kept = kept_content(root / KEPT)
    change_outlet(root, random.Random(6))
    with pytest.raises(JacksonpdError, match="the release is refused"):
        build(root)
    assert kept_content(root / KEPT) == kept
    change_quote(root, random.Random(7))
    _fresh(root, tmp_path / "cold")
    assert build(root, require_corrections=False).republished is not None
    assert patched[-1] is None
    build(tmp_path / "cold", force=True, require_corrections=False)
    assert _published(root / "datapackage") == _published(tmp_path / "cold" / "datapackage")


def _failing_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's CSVs fail to be written (a bug, a signal): the build stops with the store lent."""

    def failing(*args: Any, **kwargs: Any) -> Any:
        msg = "the CSVs could not be written"
        raise RuntimeError(msg)

    monkeypatch.setattr(sys.modules["jacksonpd.build"], "write_package", failing)


@pytest.mark.parametrize("how", ["killed while lent", "not given back"])
def test_a_store_lost_while_lent_makes_the_next_build_whole(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """A build killed while the kept store is lent to it (nothing given back), or whose store
    cannot be given back, leaves no kept state: the next build reads everything, and publishes
    what a cold build does."""
    incremental = sys.modules["jacksonpd.incremental"]
    if how == "killed while lent":
        monkeypatch.setattr(incremental, "give_back", lambda rows, state: None)
    else:

        def broken(conn: sqlite3.Connection) -> None:
            msg = "disk I/O error"
            raise sqlite3.OperationalError(msg)

        monkeypatch.setattr(incremental, "_drop_undo", broken)
    _failing_write(monkeypatch)
    before = snapshot(root / "datapackage")
    change_quote(root, random.Random(8))
    with pytest.raises(RuntimeError):
        build(root, require_corrections=False)
    assert snapshot(root / "datapackage") == before
    assert not (root / KEPT).exists()
    monkeypatch.undo()
    _fresh(root, tmp_path / "cold")
    assert build(root, require_corrections=False).republished is None
    build(tmp_path / "cold", force=True, require_corrections=False)
    assert _published(root / "datapackage") == _published(tmp_path / "cold" / "datapackage")


def test_a_build_that_fails_once_patched_gives_the_state_back(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any failure of a build once the kept store was lent to it (here an error while writing the
    CSVs) gives the store back as it was."""
    kept = kept_content(root / KEPT)
    _failing_write(monkeypatch)
    change_quote(root, random.Random(9))
    with pytest.raises(RuntimeError):
        build(root, require_corrections=False)
    assert kept_content(root / KEPT) == kept
    assert not list(root.glob(".datapackage-build-*"))


def test_the_short_path_does_not_validate_the_schemas_again(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The short path takes the schemas as the kept build validated them (their digest is among
    its settings: the same bytes, the same code); a whole build validates them."""
    from frictionless import Schema

    validated: list[object] = []
    real = Schema.validate_descriptor

    def watched(descriptor: Any) -> Any:
        validated.append(descriptor)
        return real(descriptor)

    monkeypatch.setattr(Schema, "validate_descriptor", watched)
    change_quote(root, random.Random(10))
    assert build(root, require_corrections=False).republished == 1
    assert validated == []
    assert build(root, force=True, require_corrections=False).republished is None
    assert validated


def test_a_store_that_cannot_be_patched_makes_the_build_whole(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An SQLite error while the kept store is patched (a read-only file, a full disk) rolls the
    patch back, and the build reads everything and publishes what a cold build does."""
    incremental = sys.modules["jacksonpd.incremental"]

    def failing(*args: Any) -> bool:
        msg = "attempt to write a readonly database"
        raise sqlite3.OperationalError(msg)

    monkeypatch.setattr(incremental, "_safe", failing)
    kept = kept_content(root / KEPT)
    change_quote(root, random.Random(13))
    _fresh(root, tmp_path / "cold")
    with monkeypatch.context() as m:
        m.setattr(sys.modules["jacksonpd.build"], "keep", lambda *args: None)  # as the patch left it
        assert build(root, require_corrections=False).republished is None
    assert kept_content(root / KEPT) == kept
    build(tmp_path / "cold", force=True, require_corrections=False)
    assert _published(root / "datapackage") == _published(tmp_path / "cold" / "datapackage")


def test_the_command_says_what_was_republished(root: Path) -> None:
    """`jacksonpd build` says, in a curator's words, that one article was republished."""
    from click.testing import CliRunner

    from jacksonpd.cli import cli

    corpus.correct_quote(root)  # with its entry in seeds/corrections.yaml
    out = CliRunner().invoke(cli, ["build", "--root", str(root)], catch_exceptions=False).output
    assert " s: 1 article republished, the rest kept; " in out, out
    assert out.startswith(f"Built {root / 'datapackage'} in ")


def _give_id(root: Path, which: int, statement_id: str) -> None:
    """Give the first statement of the ``which``-th annotation its own id."""
    path = _annotations(root)[which]
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "statements:\n  - kind: quote\n", f"statements:\n  - id: {statement_id}\n    kind: quote\n", 1
    )
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("which", "statement_id"), [(0, "zz-moved-to-the-end"), (-1, "0000-moved-to-the-start")]
)
def test_a_row_moved_in_the_order_is_spliced_into_its_place(
    root: Path, tmp_path: Path, ways: list[str], which: int, statement_id: str
) -> None:
    """A statement given an id that sorts at the other end of its table leaves its block and
    joins another: both are written again, the blocks between them copied, and the CSV is a
    cold build's."""
    build(root, force=True)
    before = (root / "datapackage/data/statements.csv").read_bytes()
    ways.clear()
    _fresh(root, tmp_path / "cold")
    _give_id(root, which, statement_id)
    _give_id(tmp_path / "cold", which, statement_id)
    result = build(root, require_corrections=False)
    assert result.republished == 1
    build(tmp_path / "cold", force=True, require_corrections=False)
    after = (root / "datapackage/data/statements.csv").read_bytes()
    assert after == (tmp_path / "cold/datapackage/data/statements.csv").read_bytes()
    assert _published(root / "datapackage") == _published(tmp_path / "cold/datapackage")
    rows = after.split(b"\r\n")
    place = 1 if which else len(rows) - 2  # its place: first or last
    assert rows[place].startswith(statement_id.encode()), rows[place][:60]
    assert before.split(b"\r\n")[1:-1] != rows[1:-1]
    assert "spliced" in ways
    assert "copied" in ways


def kept_content(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the kept state at ``path``, its rows with their rowids, in rowid order (the
    store is patched where it is, so its bytes are not compared, only what it holds)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [n for (n,) in conn.execute("select name from sqlite_master where type = 'table'")]
        return {
            name: conn.execute(f"select rowid, * from [{name}] order by rowid").fetchall()
            for name in sorted(names)
        }
    finally:
        conn.close()


def _corrupting(monkeypatch: pytest.MonkeyPatch, source_id: str) -> None:
    """The statements of ``source_id`` made rows said on a day that is no date (a row the
    records' own checks never let through, which only the Table Schema catches)."""
    from jacksonpd.collect import collected
    from jacksonpd.publish.rows import to_rows as real

    def corrupted(columns: Any, records: Any, places: Any) -> list[Any]:
        rows = real(columns, records, places)
        if columns[0] != "statement_id":
            return rows
        at, source = list(columns).index("said_on"), list(columns).index("source_id")
        return [(*r[:at], "2018-13-45", *r[at + 1 :]) if r[source] == source_id else r for r in rows]

    monkeypatch.setattr(collected, "to_rows", corrupted)


def test_a_bad_new_row_is_caught_as_a_whole_build_catches_it(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new row that breaks its Table Schema (here a date that is none) is caught by the check of
    what was written again, and the build says what a whole build says (file, line, field);
    the publication and the kept state stay as they were."""
    doubted: list[bool] = []
    narrowed = csv_splice._narrowed_is_clean

    def watched(*args: Any) -> bool:
        doubted.append(not narrowed(*args))
        return not doubted[-1]

    monkeypatch.setattr(csv_splice, "_narrowed_is_clean", watched)
    path = _annotations(root)[3]
    _fresh(root, tmp_path / "cold")
    for folder in (root, tmp_path / "cold"):  # the 4th article's outlet changed
        edited = folder / "seeds/annotations" / path.name
        edited.write_text(
            edited.read_text(encoding="utf-8").replace("outlet: ", "outlet: Edition 9 of ", 1),
            encoding="utf-8",
        )
    _corrupting(monkeypatch, path.stem)
    before, kept = snapshot(root / "datapackage"), kept_content(root / KEPT)
    with pytest.raises(JacksonpdError) as short:
        build(root, require_corrections=False)
    assert doubted == [True]
    assert snapshot(root / "datapackage") == before
    assert kept_content(root / KEPT) == kept  # given back as it was
    with pytest.raises(JacksonpdError) as cold:
        build(tmp_path / "cold", force=True, require_corrections=False)
    assert str(short.value) == str(cold.value)
    problems = short.value.problems
    assert {p.code for p in problems} == {"type-error"}, problems
    assert {(p.path, p.field) for p in problems} == {("datapackage/data/statements.csv", "said_on")}
    assert all(p.line is not None and p.line > 1 for p in problems)


@pytest.mark.parametrize("unusual", ["no index kept", "index of another size", "index unreadable"])
def test_an_unusual_index_writes_the_csvs_whole(
    root: Path, tmp_path: Path, ways: list[str], unusual: str
) -> None:
    """With no index kept, or one that does not describe the published file, the short path
    still reads only the changed article, writes the CSVs whole, and publishes a cold build's."""
    import sqlite3

    conn = sqlite3.connect(root / KEPT)
    with conn:
        if unusual == "no index kept":
            conn.execute("drop table _csv_index")
        elif unusual == "index of another size":
            conn.execute("update _csv_index set value = json_set(value, '$[0]', 7)")
        else:
            conn.execute("update _csv_index set value = 'not json'")
    conn.close()
    change_quote(root, random.Random(11))
    _fresh(root, tmp_path / "cold")
    result = build(root, require_corrections=False)
    assert result.republished == 1
    assert set(ways) == {"whole"}
    build(tmp_path / "cold", force=True, require_corrections=False)
    assert _published(root / "datapackage") == _published(tmp_path / "cold/datapackage")


def test_the_changed_files_are_found_as_the_kept_digests_are_read(root: Path) -> None:
    """Against the kept state, the files changed, added and removed since, in path order (the
    kept digests read one at a time, not held), and nothing when nothing changed."""
    from jacksonpd import incremental
    from jacksonpd.collect.cache import files_digest

    def digests() -> dict[str, bytes]:
        each: dict[str, bytes] = {}
        files_digest(root / "seeds", each=each)
        return each

    state = root / KEPT
    assert incremental._changed_paths(state, digests()) == []
    first, second = _annotations(root)[:2]
    first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (root / "seeds/annotations/2099-01-01-added.yaml").write_text("statements: []\n", encoding="utf-8")
    second.unlink()
    assert incremental._changed_paths(state, digests()) == sorted(
        [f"annotations/{first.name}", "annotations/2099-01-01-added.yaml", f"annotations/{second.name}"]
    )


def test_the_digests_wait_on_disk_and_are_kept(root: Path) -> None:
    """A build keeps every seed file's digest (spilled to disk while it runs, owner-only), and
    leaves no spilled file behind, whether it publishes or fails."""
    from jacksonpd.collect.cache import files_digest

    build(root, force=True)
    each: dict[str, bytes] = {}
    files_digest(root / "seeds", each=each)
    with sqlite3.connect(root / KEPT) as conn:
        assert dict(conn.execute("select path, digest from _kept_files")) == each
    assert not list(root.glob(".datapackage-digests*"))
    path = _annotations(root)[0]
    path.write_text("statements: [\n", encoding="utf-8")  # not YAML: the build fails
    with pytest.raises(JacksonpdError):
        build(root)
    assert not list(root.glob(".datapackage-digests*"))


def test_the_digests_wait_in_an_owner_only_file(tmp_path: Path) -> None:
    """The seed files' digests are kept in a scratch file readable by its owner alone, looked up
    by path; one taken stays for the next build's state, which gets every digest in order."""
    from jacksonpd.collect.cache import DigestFile

    digests = DigestFile(tmp_path / "digests")
    try:
        assert (tmp_path / "digests").stat().st_mode & 0o777 == 0o600
        given = {f"articles/{i:05}.txt": bytes([i % 256]) * 32 for i in range(12_000, 0, -1)}
        for path, own in given.items():
            digests[path] = own
        assert not [v for v in vars(digests).values() if isinstance(v, (dict, set))]
        assert len(digests._waiting) < 5000  # written a batch at a time
        assert digests.pop("articles/00007.txt", None) == given["articles/00007.txt"]
        assert digests.pop("articles/99999.txt", None) is None
        assert digests.get("articles/00008.txt") == given["articles/00008.txt"]
        assert len(digests) == len(given)
        assert list(digests.items()) == list(given.items())
        assert list(digests) == list(given)
    finally:
        digests.close()
    assert not (tmp_path / "digests").exists()
