"""Republishing only what changed: a corrected quote or a new article reads one article again.

A build that succeeds keeps, privately beside the publication (owner-only, never published), its
row store (every row with the place it was read from) and a record of what it was built from:
jacksonpd's code, the schemas, the build's options, the date names were published as of, every
seed file's digest, the warnings, and the size and time of every file it published.

The next build takes the short path only when it can show that to be safe (:func:`plan`): the same
code, schemas and options; the publication exactly as that build left it; and nothing changed in
the seeds but article texts and annotations (changed or added) and ``seeds/corrections.yaml``.
Then (:func:`patch`) the rows of the changed articles are replaced in the kept store and the rest of
the build runs on it as a whole build does. The store is patched where it is (not copied), in one
transaction that also keeps what it takes out, and is lent to the build: one that publishes keeps
it, one that fails or is refused gives it back as it was (:func:`give_back`), and one killed
meanwhile leaves no kept state, so the next reads everything. Anything else, or any doubt (an
article removed, a source's date changed, a problem in what was read, an id given twice), and the
build reads everything, as it always has: the kept state can make a build faster, never different.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from .collect.cache import ArticleCache
from .collect.changed import read_articles
from .collect.tree import SeedsRead
from .errors import Problem
from .models import ID_PATTERN, RECORD_TYPES
from .publish.csv_splice import note_changes
from .publish.rows import PLACE, Row, primary_key
from .schemas import Schemas
from .staging import package_files

__all__ = [
    "Patch",
    "Plan",
    "changed_files",
    "give_back",
    "keep",
    "lent",
    "output_state",
    "patch",
    "plan",
    "settings",
]

#: What a seed file's path (in ``seeds/``) must be for the short path: an article or its annotation.
_ARTICLE_FILE = re.compile(r"(?:articles/(?P<a>[^/]+)\.txt|annotations/(?P<b>[^/]+)\.yaml)")
#: Always read again (it is small), so its changes never stop the short path.
_CORRECTIONS = "corrections.yaml"
#: More changed articles than this, and a whole build (read over every core) is as quick.
_MOST_ARTICLES = 500


@attrs.frozen(kw_only=True)
class Plan:
    """A build that may republish only what changed: the kept state and the articles to read again."""

    state: Path
    stems: tuple[str, ...]
    record: Mapping[str, Any]


def settings(code: bytes, schemas: bytes, as_of: dt.date | None) -> dict[str, Any]:
    """What a kept state must have been built with for its rows to be those of a build now. (The
    previous release and whether corrections are required are not among them: the comparison with
    the previous release is made again by every build.)"""
    return {
        "code": code.hex(),
        "schemas": schemas.hex(),
        "as_of": None if as_of is None else as_of.isoformat(),
    }


def output_state(folder: Path) -> dict[str, list[int]]:
    """Size and modification time of every published file: a cheap test that nobody touched it."""
    return {
        name: [(stat := (folder / name).stat()).st_size, stat.st_mtime_ns]
        for name in sorted(package_files(folder))
    }


def plan(
    state: Path, seeds: Path, digests: Mapping[str, bytes], target: Path, wanted: Mapping[str, Any]
) -> Plan | None:
    """The short path for a build of ``seeds`` (``digests``: each seed file's, by path in it) with
    ``wanted`` settings, if the state kept at ``state`` shows it safe; else ``None``.

    The kept files' digests are compared as they are read from the state, not held (a corpus of
    a million statements has a hundred thousand seed files)."""
    record = _read_record(state)
    if record is None or record.get("settings") != wanted or not target.is_dir():
        return None
    if record.get("output") != output_state(target):
        return None  # the publication is not the one the kept rows describe
    changed = _changed_paths(state, digests)
    if changed is None:
        return None
    stems: set[str] = set()
    for path in changed:
        if path == _CORRECTIONS:
            continue
        match = _ARTICLE_FILE.fullmatch(path)
        stem = None if match is None else match["a"] or match["b"]
        if stem is None or not ID_PATTERN.match(stem) or (seeds / path).is_symlink():
            return None
        if not (seeds / "articles" / f"{stem}.txt").is_file():
            return None  # an article removed: what referred to it is checked by a whole build
        stems.add(stem)
        if len(stems) > _MOST_ARTICLES:
            return None
    return Plan(state=state, stems=tuple(sorted(stems)), record=record)


def _read_record(state: Path) -> dict[str, Any] | None:
    """The record kept at ``state``; ``None`` if there is none or it is unreadable."""
    if not state.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
        try:
            return {name: json.loads(value) for name, value in conn.execute("select name, value from _kept")}
        finally:
            conn.close()
    except (sqlite3.DatabaseError, ValueError):
        return None


def _changed_paths(state: Path, digests: Mapping[str, bytes]) -> list[str] | None:
    """The seed files whose digest is not the one kept at ``state`` (changed, added or removed),
    in the order of their paths; ``None`` if the state cannot be read, or more files changed
    than a short path would take."""
    changed: set[str] = set()
    most = 2 * _MOST_ARTICLES + 1  # an article is two files at most; the corrections one more
    try:
        conn = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
        try:
            found = 0  # kept files that are still there
            for path, digest in conn.execute("select path, digest from _kept_files"):
                own = digests.get(path)
                found += own is not None
                if own != digest:
                    changed.add(path)
                    if len(changed) > most:
                        return None
            if found < len(digests):  # files not kept: added since
                query = "select 1 from _kept_files where path = ?"
                for path in digests:
                    if conn.execute(query, (path,)).fetchone() is None:
                        changed.add(path)
                        if len(changed) > most:
                            return None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return sorted(changed)


def keep(rows: Path, state: Path, digests: Iterable[tuple[str, bytes]], record: Mapping[str, Any]) -> None:
    """Keep the row store at ``rows`` (a build's, once published) at ``state``, owner-only, with the
    seed files' ``digests`` (path and digest, each file once) and the ``record`` of what it was
    built from and what it published."""
    rows.chmod(0o600)
    conn = sqlite3.connect(rows)
    try:
        with conn:
            conn.execute("begin")  # one transaction (each statement alone would be synced alone)
            _drop_undo(conn)  # a store lent to the build that published it: nothing to give back
            conn.execute("drop table if exists _kept")
            conn.execute("drop table if exists _kept_files")
            conn.execute("create table _kept (name text primary key, value text not null)")
            conn.execute("create table _kept_files (path text primary key, digest blob not null)")
            conn.executemany(
                "insert into _kept values (?, ?)", ((k, json.dumps(v)) for k, v in record.items())
            )
            conn.executemany("insert into _kept_files values (?, ?)", digests)
            for cls in RECORD_TYPES:  # the next short path finds a file's rows without a scan
                conn.execute(
                    f"create index if not exists [_kept_file_{cls.resource}] on [{cls.resource}] ({_FILE})"
                )
    finally:
        conn.close()
    rows.replace(state)


@attrs.frozen
class Patch:
    """What :func:`patch` made: the read, as :func:`~jacksonpd.collect.tree.read_all` would have
    returned it, and by resource the keys of every row taken away or added (for the database's
    patch, :class:`~jacksonpd.publish.sqlite_patch.Previous`; the corrections aside)."""

    read: SeedsRead
    keys: Mapping[str, frozenset[tuple[Any, ...]]]


def patch(
    plan: Plan,
    seeds: Path,
    rows: Path,
    schemas: Schemas,
    cache: ArticleCache | None,
    digests: MutableMapping[str, bytes],
) -> Patch | None:
    """The kept rows with the changed articles' replaced, at ``rows``, as
    :func:`~jacksonpd.collect.tree.read_all` would have stored them; ``None`` when a whole build
    must decide (the kept state is then left as it was).

    The kept store is patched where it is, in one transaction, then moved to ``rows``: lent to
    the build, not copied. Until the build publishes, there is no kept state (a build killed
    meanwhile leaves none, and the next reads everything); a build that fails gives it back as
    it was (:func:`give_back`), for the next."""
    began = time.perf_counter()
    columns = {cls.resource: tuple(schemas.field_names(cls.resource)) for cls in RECORD_TYPES}
    parts = read_articles(seeds, list(plan.stems), columns, cache, digests)
    if parts is None or any(part.problems for part in parts):
        return None  # a whole build reports every problem, with what it touches
    new: dict[str, list[Row]] = {}
    for part in parts:
        for resource, made in part.collected.rows.items():
            new.setdefault(resource, []).extend(made)
    warnings = _warnings(plan, parts)
    when = _as_of(plan.record)
    if warnings is None or when is None:
        return None
    files = changed_files(plan, seeds)
    read = time.perf_counter()
    try:
        keys = _replace(plan.state, rows, schemas, files, new, when)
    except sqlite3.Error:
        return None  # the store could not be patched (and was rolled back): a whole build decides
    if keys is None:
        return None
    timings = {"read": read - began, "extract": 0.0, "check": time.perf_counter() - read}
    done = SeedsRead(dataset=None, as_of=when, warnings=tuple(warnings), timings=timings, cached=0)
    return Patch(read=done, keys=keys)


_FOLDERS = (("articles", ".txt"), ("annotations", ".yaml"))


def changed_files(plan: Plan, seeds: Path) -> list[str]:
    """The seed files whose rows the short path replaces, as rows' places name them (the
    corrections, always read again, aside)."""
    return [f"{seeds.name}/{folder}/{stem}{suffix}" for stem in plan.stems for folder, suffix in _FOLDERS]


def _as_of(record: Mapping[str, Any]) -> dt.date | None:
    """The date the kept build published names as of, if a build now would publish as of it too
    (given, or the latest date of its inputs and not cut to the day it ran); else ``None``."""
    when = dt.date.fromisoformat(record["when"])
    if record["settings"]["as_of"] is None and when >= dt.date.fromisoformat(record["today"]):
        return None  # cut to the day that build ran: a build today may publish as of another day
    return when


def _warnings(plan: Plan, parts: Iterable[Any]) -> list[Problem] | None:
    """The kept build's warnings, those of the changed articles replaced by theirs, in the order of
    the articles' names (as a whole build gives them); ``None`` if one names no article."""
    kept = [Problem(**w) for w in plan.record["warnings"]]
    changed = set(plan.stems)
    merged: list[tuple[str, Problem]] = []
    for warning in [w for w in kept if _stem(w.path) not in changed] + [w for p in parts for w in p.warnings]:
        stem = _stem(warning.path)
        if stem is None:
            return None
        merged.append((stem, warning))
    merged.sort(key=lambda item: item[0])  # stable: an article's own warnings keep their order
    return [warning for _, warning in merged]


def _stem(path: str) -> str | None:
    match = _ARTICLE_FILE.search(path)
    return None if match is None else match["a"] or match["b"]


#: Tables a lent store holds to be given back as it was (:func:`give_back`): each resource's old
#: rows (``_undo_<resource>``, with their rowids), where the rows added begin (``_undo_after``),
#: the CSVs' index, and the record (``_kept`` renamed: a store lent is no kept state).
_UNDO = "_undo_"


def _replace(
    state: Path, rows: Path, schemas: Schemas, files: list[str], new: Mapping[str, list[Row]], when: dt.date
) -> dict[str, frozenset[tuple[Any, ...]]] | None:
    """Replace in the kept store at ``state`` the rows read from ``files`` with ``new`` (the
    corrections taken out: they are read again), keeping what gives it back, and move it to
    ``rows``; the keys taken away and added, by resource, or ``None`` (the store left as it was)
    if that is not safe (see :func:`_safe`)."""
    conn = sqlite3.connect(state, isolation_level=None)
    try:
        conn.execute("begin immediate")
        changed = ", ".join("?" * len(files))  # a list, not a table: the index of files is used
        conn.execute(f"create table {_UNDO}after (resource text primary key, after integer not null)")
        old: dict[str, set[tuple[Any, ...]]] = {}
        first: dict[str, int] = {}
        for cls in RECORD_TYPES:
            name = cls.resource
            undo = f"{_UNDO}{name}"
            where, args = ("", []) if name == "corrections" else (f"where {_FILE} in ({changed})", files)
            conn.execute(
                f"create table [{undo}] as select rowid as _undo_rowid, * from [{name}] {where}", args
            )
            conn.execute(f"delete from [{name}] where rowid in (select _undo_rowid from [{undo}])")
            (first[name],) = conn.execute(f"select coalesce(max(rowid), 0) from [{name}]").fetchone()
            conn.execute(f"insert into {_UNDO}after values (?, ?)", (name, first[name]))
            if name != "corrections":
                names = ", ".join(f"[{c}]" for c in _key_columns(schemas, name))
                old[name] = set(conn.execute(f"select {names} from [{undo}]"))
        if _has_table(conn, "_csv_index"):
            conn.execute(f"create table {_UNDO}csv_index as select * from _csv_index")
        conn.execute(f"alter table _kept rename to {_UNDO}kept")
        if not _safe(schemas, old, new, when):
            conn.execute("rollback")
            return None
        for resource, made in new.items():
            marks = ", ".join("?" * len(made[0]))
            conn.executemany(f"insert into [{resource}] values ({marks})", made)
        note_changes(conn, schemas, old, new, whole=["corrections"])  # for the CSVs' splice
        if _given_twice(conn, schemas, {r: first[r] for r in new}) or _claims_about(conn, old, new, schemas):
            conn.execute("rollback")
            return None
        conn.execute("commit")
    except BaseException:
        if conn.in_transaction:
            conn.execute("rollback")
        raise
    finally:
        conn.close()
    state.replace(rows)  # into the private staging folder: lent to the build
    return {
        resource: frozenset(k[: len(primary_key(schemas, resource))] for k in taken)
        | _new_keys(schemas, resource, new.get(resource, []), key_only=True)
        for resource, taken in old.items()
    }


@contextmanager
def lent(rows: Path, state: Path) -> Iterator[Path]:
    """``rows``, the path of a build's row store, which :func:`patch` may fill with the kept store
    at ``state``; given back there when the block ends, unless the build moved it on (published)."""
    try:
        yield rows
    finally:
        give_back(rows, state)


def give_back(rows: Path, state: Path) -> None:
    """Put the kept store lent to a build that did not publish (at ``rows``) back at ``state``, as
    it was before :func:`patch`; a store not lent is left where it is. One that cannot be given
    back is deleted: the next build reads everything."""
    if not rows.is_file():
        return
    try:
        conn = sqlite3.connect(rows, isolation_level=None)
        try:
            if not _has_table(conn, f"{_UNDO}kept"):
                return  # the rows of a whole build: not the kept state
            conn.execute("begin immediate")
            for name, after in conn.execute(f"select resource, after from {_UNDO}after").fetchall():
                columns = ", ".join(f"[{r[1]}]" for r in conn.execute(f"pragma table_info([{name}])"))
                conn.execute(f"delete from [{name}] where rowid > ?", (after,))
                conn.execute(
                    f"insert into [{name}] (rowid, {columns}) "
                    f"select _undo_rowid, {columns} from [{_UNDO}{name}]"
                )
            for table in ("_csv_index", "_csv_changed"):
                conn.execute(f"drop table if exists {table}")
            if _has_table(conn, f"{_UNDO}csv_index"):
                conn.execute(f"alter table {_UNDO}csv_index rename to _csv_index")
            conn.execute(f"alter table {_UNDO}kept rename to _kept")
            _drop_undo(conn)
            conn.execute("commit")
        finally:
            conn.close()
        rows.replace(state)
    except (sqlite3.Error, OSError):
        rows.unlink(missing_ok=True)


def _drop_undo(conn: sqlite3.Connection) -> None:
    """Drop the tables that give a lent store back (see :data:`_UNDO`)."""
    query = "select name from sqlite_master where type = 'table' and substr(name, 1, ?) = ?"
    for (name,) in conn.execute(query, (len(_UNDO), _UNDO)).fetchall():
        conn.execute(f"drop table [{name}]")


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    query = "select 1 from sqlite_master where type = 'table' and name = ?"
    return conn.execute(query, (name,)).fetchone() is not None


#: The file of a row's place (``<file>:<where in it>``, or the file alone).
_FILE = f"substr([{PLACE}], 1, instr([{PLACE}] || ':', ':') - 1)"


def _key_columns(schemas: Schemas, resource: str) -> list[str]:
    """A resource's key columns as the changes are compared: sources' with their date."""
    return primary_key(schemas, resource) + (["published_on"] if resource == "sources" else [])


def _new_keys(
    schemas: Schemas, resource: str, made: list[Row], *, key_only: bool = False
) -> frozenset[tuple[Any, ...]]:
    names = list(schemas.field_names(resource))
    key = primary_key(schemas, resource) if key_only else _key_columns(schemas, resource)
    at = [names.index(c) for c in key]
    return frozenset(tuple(row[i] for i in at) for row in made)


def _safe(
    schemas: Schemas, old: Mapping[str, set[tuple[Any, ...]]], new: Mapping[str, list[Row]], when: dt.date
) -> bool:
    """Whether the changed rows reach nothing a whole build would read differently: no source or
    policy gone (incident files and cited reports refer to them), no source's date changed, and no
    new source dated after the date names are published as of (which would move it)."""
    for resource in ("sources", "policies"):
        if not old[resource] <= _new_keys(schemas, resource, new.get(resource, [])):
            return False
    added = _new_keys(schemas, "sources", new.get("sources", [])) - old["sources"]
    return all(dt.date.fromisoformat(str(date)) <= when for _, date in added)


def _given_twice(conn: sqlite3.Connection, schemas: Schemas, first: Mapping[str, int]) -> bool:
    """Whether a row added (its rowid after ``first[resource]``) has the key of another row."""
    for resource, after in first.items():
        key = primary_key(schemas, resource)
        same = " and ".join(f"o.[{c}] = n.[{c}]" for c in key)
        query = (
            f"select 1 from [{resource}] n where n.rowid > ? and exists "
            f"(select 1 from [{resource}] o where {same} and o.rowid != n.rowid) limit 1"
        )
        if conn.execute(query, (after,)).fetchone() is not None:
            return True
    return False


def _claims_about(
    conn: sqlite3.Connection,
    old: Mapping[str, set[tuple[Any, ...]]],
    new: Mapping[str, list[Row]],
    schemas: Schemas,
) -> bool:
    """Whether a claim is about a record the change took away (a whole build says where)."""
    for resource, keys in old.items():
        if resource == "sources":
            keys = {k[:1] for k in keys}
        gone = keys - {
            k[:1] if resource == "sources" else k for k in _new_keys(schemas, resource, new.get(resource, []))
        }
        for record_id, *_ in gone:
            query = "select 1 from claims where record_resource = ? and record_id = ? limit 1"
            if conn.execute(query, (resource, record_id)).fetchone() is not None:
                return True
    return False
