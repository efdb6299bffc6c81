"""Serve the published database with Datasette: read-only, with the generated metadata.

:func:`make_datasette` builds the application (tests use it in-process); :func:`serve` runs it
on a host and port. The database is opened immutable, queries have a time limit, and the data
package's files are served beside it under ``/datapackage/`` so every table links its CSV.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.plugins import pm

from ..build import OUTPUT, build, requested_as_of
from ..dataset import published_path
from ..errors import JacksonpdError
from ..publish.datasette import STATIC
from ..publish.sqlite import DATABASE
from . import guard, plugin

__all__ = ["SETTINGS", "inspect_data", "make_datasette", "prepare", "serve"]

#: Datasette settings for a public, read-only site.
SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 1000,  # a runaway query is stopped after a second
    "facet_time_limit_ms": 200,
    "max_returned_rows": 1000,
    "suggest_facets": False,  # costs more than the page itself; the useful facets are configured
    "allow_download": True,
    "default_page_size": 50,
    "truncate_cells_html": 400,
    "num_sql_threads": 3,  # for pages; heavy reads and typed SQL have their own (jacksonpd.serve.guard)
}


def prepare(root: Path, *, rebuild: bool = True) -> tuple[Path, JacksonpdError | None]:
    """The folder to serve, rebuilding it first when ``root`` has seeds that changed.

    Returns the folder and, if the seeds could not be built, the error: the last good
    publication is then served as it is. Without seeds (an installed package), the package
    shipped with jacksonpd is served.
    """
    if not ((root / "seeds").is_dir() and (root / "schemas").is_dir()):
        return published_path().parent, None
    folder = root / OUTPUT
    problem = None
    if rebuild:
        try:
            # As of the date the last build was asked for: a rebuild never publishes a name
            # that `jacksonpd build --as-of` withheld.
            as_of = requested_as_of(root)
            build(root, check=True, as_of=as_of)
        except JacksonpdError as exc:
            stale = all(p.code == "stale-package" for p in exc.problems)
            try:
                if stale:
                    build(root, as_of=as_of)
                else:
                    problem = exc
            except JacksonpdError as failed:
                problem = failed
    if not (folder / DATABASE).is_file():
        raise problem or JacksonpdError([], f"nothing to serve: {folder / DATABASE} does not exist")
    return folder, problem


def make_datasette(folder: Path) -> Datasette:
    """A Datasette for the published package in ``folder`` (which holds ``jacksonpd.db``).

    The plugin's ``startup`` hook readies the rest (templates, no rich tracebacks), as it does
    for a plain ``datasette serve``.
    """
    if not pm.is_registered(plugin):
        pm.register(plugin, name="jacksonpd")
    if not pm.is_registered(guard):
        pm.register(guard, name="jacksonpd-guard")
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    inspected = inspect_data(folder / DATABASE)
    ds = Datasette(
        immutables=[str(folder / DATABASE)],
        metadata=metadata,
        settings=SETTINGS,
        static_mounts=[(STATIC, str(folder))],
        inspect_data=inspected,
    )
    # A view's page reads its count from the inspect data as a table's does, but the database
    # page lists as tables all that Datasette 0.65 caches from it: it caches the tables alone.
    for name, data in inspected.items():
        views = set(data["views"])
        ds.databases[name]._cached_table_counts = {
            table: value["count"] for table, value in data["tables"].items() if table not in views
        }
    return ds


def inspect_data(db: Path) -> dict[str, Any]:
    """What ``datasette inspect`` records of a database: its hash, size and every table's rows.

    The database is served immutable, so these never change while it is served. Given them,
    Datasette shows a table's row count without counting a million rows on every page view.
    """
    digest = hashlib.sha256()
    with db.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        names = [row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")]
        # Views too: Datasette shows a view's count from here, rather than counting its rows
        # (a second at a million statements) on every view of its page.
        views = [row[0] for row in conn.execute("select name from sqlite_master where type = 'view'")]
        counts = {
            name: conn.execute(f"select count(*) from [{name}]").fetchone()[0] for name in names + views
        }
    finally:
        conn.close()
    return {
        db.stem: {
            "hash": digest.hexdigest(),
            "size": db.stat().st_size,
            "file": str(db),
            "tables": {name: {"count": count} for name, count in counts.items()},
            "views": views,
        }
    }


def serve(folder: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the package in ``folder`` until interrupted."""
    import uvicorn

    uvicorn.run(
        make_datasette(folder).app(),
        host=host,
        port=port,
        lifespan="on",
        log_level="info",
        http=guard.HeaderTimeoutProtocol,  # h11, with a deadline for a request's headers
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,  # an unfinished request line and headers: 16 KB
    )
