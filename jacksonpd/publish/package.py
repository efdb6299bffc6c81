"""Write the rows of a build as a Frictionless Data Package (v2).

The output is deterministic (DESIGN.md invariant 5): rows sorted by id, columns in schema order,
UTF-8 without BOM, ``\\r\\n`` line ends (the Table Dialect default), and a ``created`` date
taken from the sources rather than the clock. ``datapackage.json`` declares each CSV's
``sha256`` hash and byte count, which frictionless verifies on validation.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..convert import format_number
from ..models import RECORD_TYPES
from ..schemas import Schemas
from ..seeds.incidents import DATASETS
from .csv_splice import (
    HashingWriter,
    Splice,
    TableIndex,
    TableWrite,
    Written,
    changed_keys,
    kept_index,
    read_changes,
    write_table,
)
from .descriptor import write_descriptor, write_lines
from .readme import readme_lines
from .rows import open_rows

__all__ = ["cell", "write_package"]

DATA_DIR = "data"
#: How the package's list of sources says what it holds of each.
_KINDS = {"held": "held: its text is in the package", "cited": "cited: linked, its text not reproduced"}


def cell(value: Any) -> str:
    """One CSV cell: empty for missing, ISO dates, ``true``/``false``, numbers as people print them."""
    if type(value) is str:  # most cells: ids and texts, first and cheapest
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, columns: list[str], rows: Iterable[Sequence[Any]]) -> tuple[int, str]:
    """Write a header and rows in the package's CSV dialect, streamed; the file's size and sha256."""
    with path.open("wb") as f:
        # Encoded and hashed in large blocks, not a row at a time (buffered, in C, until then).
        out = HashingWriter(f)
        with io.TextIOWrapper(io.BufferedWriter(out, 1 << 16), encoding="utf-8", newline="") as text:
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(columns)
            writer.writerows(rows)
    return out.size, out.sha256.hexdigest()


def write_package(
    rows: Path, schemas: Schemas, folder: Path, *, as_of: dt.date | None = None, published: Path | None = None
) -> Written:
    """Write ``datapackage.json``, ``data/<resource>.csv`` and ``README.md`` into ``folder``, from a
    finished :class:`~jacksonpd.publish.rows.RowStore` at ``rows``; ``as_of`` is the date
    officers' names are published as of.

    When the store holds what a build that republishes only what changed took away and added,
    and the index of the ``published`` package's CSVs (:mod:`jacksonpd.publish.csv_splice`),
    each CSV is copied from the published one or spliced from its bytes; else written whole.
    The bytes are the same either way.

    Returns the files written, in the order written, with each CSV's index.
    """
    (folder / DATA_DIR).mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    resources: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    tables: dict[str, TableWrite] = {}
    conn = open_rows(rows)
    try:
        changes = read_changes(conn) if published is not None else None
        index = kept_index(conn) if changes is not None else {}
        for cls in RECORD_TYPES:
            name = cls.resource
            columns = schemas.field_names(name)
            path = folder / DATA_DIR / f"{name}.csv"
            table = tables[name] = write_table(
                conn,
                schemas,
                name,
                path,
                _cells(schemas, name),
                published=None if published is None else published / DATA_DIR / f"{name}.csv",
                index=index.get(name),
                changed=None if changes is None else changed_keys(name, changes),
            )
            written.append(path)
            (counts[name],) = conn.execute(f"select count(*) from [{name}]").fetchone()
            described = dict(schemas.tables[name])
            resources.append(
                {
                    "name": name,
                    "type": "table",
                    "path": f"{DATA_DIR}/{name}.csv",
                    "title": described.pop("title"),
                    "description": described.pop("description"),
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "bytes": table.size,
                    "hash": f"sha256:{table.sha256}",
                    "schema": described,
                    **_imported(conn, name, columns),
                }
            )
        descriptor = _descriptor(conn, schemas, resources, as_of)
        # Its list of sources is read from the store an entry at a time, each time it is written.
        path = folder / "datapackage.json"
        write_descriptor(path, descriptor)
        written.append(path)
        path = folder / "README.md"
        write_lines(path, readme_lines(descriptor, counts))
        written.append(path)
    finally:
        conn.close()
    kept: dict[str, TableIndex] = {name: t.index for name, t in tables.items()}
    splice = None
    if changes is not None:
        taken, added = ({k: frozenset(v) for k, v in side.items()} for side in changes[:2])
        splice = Splice(tables=tables, taken=taken, added=added)
    return Written(written, kept, splice)


def _cells(schemas: Schemas, resource: str) -> Callable[[Iterable[tuple[Any, ...]]], Iterable[Sequence[Any]]]:
    """Rows of SQL values made CSV cells (see :func:`cell`). ``csv.writer`` writes text, integers
    and ``None`` (as empty) the same way; only booleans (stored as 0/1) and numbers need a hand."""
    formats: list[Callable[[Any], Any] | None] = [
        _boolean if f["type"] == "boolean" else cell if f["type"] == "number" else None
        for f in schemas.fields(resource)
    ]
    if not any(formats):
        return lambda rows: rows
    return lambda rows: (
        [v if f is None else f(v) for f, v in zip(formats, row, strict=True)] for row in rows
    )


def _boolean(value: int | None) -> str:
    return "" if value is None else "true" if value else "false"


def _imported(conn: sqlite3.Connection, resource: str, columns: list[str]) -> dict[str, Any]:
    """The sources and licenses of datasets a resource's rows were imported from."""
    if "data_source" not in columns:
        return {}
    query = f"select distinct data_source from [{resource}] where data_source != 'curated' order by 1"
    used = [d for (d,) in conn.execute(query)]
    if not used:
        return {}
    return {
        "sources": [{"title": DATASETS[d]["title"], "path": DATASETS[d]["path"]} for d in used],
        "licenses": [
            {
                "name": DATASETS[d]["license"],
                "path": DATASETS[d]["license_path"],
                "title": f"Rows with data_source {d}: {DATASETS[d]['title']}, "
                f"{DATASETS[d]['license']}; credit The Washington Post, non-commercial use, share alike.",
            }
            for d in used
        ],
    }


def _descriptor(
    conn: sqlite3.Connection, schemas: Schemas, resources: list[dict[str, Any]], as_of: dt.date | None
) -> dict[str, Any]:
    package = dict(schemas.package)
    package.setdefault("version", "0.0.0")  # until jacksonpd.release.version gives the release its own
    (latest,) = conn.execute("select max(published_on) from sources").fetchone()
    if latest is not None:
        package["created"] = f"{latest}T00:00:00Z"
    if as_of is not None:
        package["as_of"] = as_of.isoformat()  # officers' names are published as of this date
    extra: list[dict[str, Any]] = []
    package["sources"] = _Sources(conn, extra)
    package["resources"] = resources
    # Every license and source a resource carries is the package's too (its rows are in it).
    for resource in resources:
        for entry in resource.get("licenses", []):
            if not any(
                entry.get("path") == e.get("path") and entry.get("name") == e.get("name")
                for e in package.get("licenses", [])
            ):
                package["licenses"] = [*package.get("licenses", []), entry]
        for entry in resource.get("sources", []):
            if not _listed(conn, extra, entry):
                extra.append(entry)
    return package


class _Sources(Iterable[dict[str, Any]]):
    """The package's list of sources: an entry a row of the store's sources (in key order), read
    from it each time the list is gone through (none is held), then the ``extra`` entries."""

    def __init__(self, conn: sqlite3.Connection, extra: list[dict[str, Any]]) -> None:
        self.conn, self.extra = conn, extra

    def __iter__(self) -> Iterator[dict[str, Any]]:
        query = "select outlet, published_on, headline, url, kind from sources order by source_id"
        for outlet, published_on, headline, url, kind in self.conn.execute(query):
            yield {
                "title": f"{outlet or 'Outlet not named'}, {published_on}: {headline} ({_KINDS[kind]})",
                **({"path": url} if url else {}),
            }
        yield from self.extra


def _listed(conn: sqlite3.Connection, extra: list[dict[str, Any]], entry: Mapping[str, Any]) -> bool:
    """Whether the package's list of sources already has an entry of ``entry``'s path and name:
    among the ``extra`` entries, or among those of the store's sources (which have no name, and
    the path of their url, if any)."""
    if any(entry.get("path") == e.get("path") and entry.get("name") == e.get("name") for e in extra):
        return True
    if entry.get("name") is not None:
        return False
    path = entry.get("path")
    args: tuple[Any, ...] = ()
    if path is None:
        query = "select 1 from sources where url is null or url = '' limit 1"
    elif not path:
        return False  # a store's source with an empty url has no path at all
    else:
        query, args = "select 1 from sources where url = ? limit 1", (path,)
    return conn.execute(query, args).fetchone() is not None
