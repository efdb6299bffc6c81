"""The site's Datasette plugin: what makes the database read as prose, names, dates and links.

- Foreign keys on row pages show the row they point to, by name, as a link. Datasette labels
  foreign keys on table pages but shows bare ids on a row's own page, so a reader opening a
  statement would see ``anthony-moore`` rather than Anthony Moore, and no link to the article.
  A link to a source also links the original article, where the source has an address.
  Table pages keep Datasette's own (batched) labelling.
- Ids in views and canned queries link to their rows; numbers and booleans are shown as people
  write them (``1,300``, ``yes``); a SHA-256 is shortened, its full value one click away.
- Pages of their own: the home page (the questions, the timeline, then the tables), the data
  dictionary (:data:`~jacksonpd.publish.datasette.DATA_DICTIONARY`) and a map of incidents
  (:data:`MAP`), with the templates in ``jacksonpd/serve/templates``.
- Facets over a whole table read the counts the build stored (:mod:`jacksonpd.serve.facets`) rather
  than counting every row on every view, and a facet counted once is answered from memory the
  next time (:mod:`jacksonpd.serve.facet_cache`): the database is immutable.
- A search's count and its page of rows are read without listing every match first, where that
  is faster (:mod:`jacksonpd.serve.search`); the rows, their order and the count are Datasette's.
- A sort by a column that does not exist is the reader's mistake, answered with 400 rather
  than Datasette's 500 (which says the server failed).

Everything a page needs is imported with this module, when the site starts: a page never
imports, so reinstalling the package under a running site cannot break its pages.

Registered as the ``jacksonpd`` plugin through the ``datasette`` entry point, so a plain
``datasette`` command serves the same site as ``jacksonpd serve``.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import pluggy
from datasette.database import QueryInterrupted
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import Response
from datasette.views.base import DatasetteError
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup, escape

from ..publish.datasette import DATA_DICTIONARY, DATABASE_NAME, STATIC
from ..publish.feed import FEED_PATH
from ..publish.workbook import WORKBOOK
from .facet_cache import remember_facets
from .facets import facet_classes
from .paging import next_page, register_magic_parameters
from .routes import corrections_feed, data_dictionary, dictionary_html, incident_map, package_folder
from .routes import site_config as _config
from .search import fast_searches

__all__ = [
    "MAP",
    "TEMPLATES",
    "dictionary_html",
    "extra_template_vars",
    "handle_exception",
    "register_facet_classes",
    "register_magic_parameters",
    "register_routes",
    "render_cell",
    "startup",
]

hookimpl = pluggy.HookimplMarker("datasette")  # what `datasette.hookimpl` is, with types

#: The site's own templates (home page, row pages, data dictionary, map).
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The path of the map of incidents.
MAP = "/-/map"
#: How many of the timeline's first items the home page shows.
HOME_TIMELINE = 12
#: The most milliseconds the home page spends, once, reading the timeline's first items.
HOME_TIMELINE_MS = 500

_SHA256 = re.compile(r"[0-9a-f]{64}")


async def _foreign_keys(datasette: Any, database: str, table: str) -> dict[str, dict[str, Any]]:
    """The foreign keys of ``table`` by column, looked up once: the database is immutable."""
    cache: dict[tuple[str, str], dict[str, dict[str, Any]]] = datasette.__dict__.setdefault(
        "_jacksonpd_foreign_keys", {}
    )
    if (database, table) not in cache:
        fks = await datasette.get_database(database).foreign_keys_for_table(table)
        cache[database, table] = {f["column"]: f for f in fks}
    return cache[database, table]


def _plain_value(value: Any, column: str, config: Mapping[str, Any]) -> Markup | None:
    """A value shown as people write it, or None to leave it to Datasette."""
    if isinstance(value, int) and not isinstance(value, bool) and column in config.get("booleans", ()):
        return Markup({1: "yes", 0: "no"}.get(value, str(value)))
    if isinstance(value, float) and column in config.get("numbers", ()):
        return Markup(f"{int(value):,}" if value.is_integer() else f"{value:,}")
    if isinstance(value, str) and _SHA256.fullmatch(value):
        return Markup(
            f'<details class="digest"><summary>{value[:12]}…</summary><code>{value}</code></details>'
        )
    return None


def _linked_table(row: Any, column: str, table: str | None, config: Mapping[str, Any]) -> str | None:
    """The table an id in a view or a query links to (tables link through their foreign keys)."""
    keys = row.keys() if hasattr(row, "keys") else ()
    if column == "id" and "item" in keys and (table is None or table in config.get("item_links", {})):
        linked: str | None = config.get("item_tables", {}).get(row["item"])
        return linked
    if table is None:
        key: str | None = config.get("ids", {}).get(column)
        return key
    fk: str | None = config.get("links", {}).get(table, {}).get(column)
    return fk


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Markup | Callable[[], Awaitable[Markup | None]] | None:
    """Show a value for a reader: plain numbers and booleans, linked ids, labelled foreign keys.

    Table pages have already expanded their foreign keys into ``{"value", "label"}`` (in one
    batched query), so only the row page's raw values reach the foreign-key lookup below.
    """
    if value is None or isinstance(value, dict):
        return None
    config = _config(datasette)
    shown = _plain_value(value, column, config)
    if shown is not None:
        return shown
    linked = _linked_table(row, column, table, config) if isinstance(value, str) else None
    if linked is not None:
        url = datasette.urls.row(database, linked, value)
        return Markup(f'<a href="{url}">{escape(value)}</a>')
    if table is None:
        return None

    async def inner() -> Markup | None:
        db = datasette.get_database(database)
        fk = (await _foreign_keys(datasette, database, table)).get(column)
        if fk is None:
            return None
        other, other_column = fk["other_table"], fk["other_column"]
        label_column = datasette.table_metadata(database, other).get("label_column", other_column)
        columns = await db.table_columns(other)
        extra = ', "url"' if "url" in columns and other != table else ""
        result = await db.execute(
            f'select "{label_column}"{extra} from "{other}" where "{other_column}" = ?', [value]
        )
        found = result.first()
        label = found[0] if found is not None else value
        url = datasette.urls.row(database, other, str(value))
        html = f'<a href="{url}">{escape(label)}</a>&nbsp;<em>{escape(value)}</em>'
        if extra and found is not None and found[1]:
            html += f' &middot; <a class="original" href="{escape(found[1])}">read the original article</a>'
        return Markup(html)

    return inner


@hookimpl
def startup(datasette: Any) -> None:
    """Ready the site before its first page: its templates first, no tracebacks rendered for
    readers' mistakes, facet counts remembered (:mod:`jacksonpd.serve.facet_cache`), and searches
    for a common word read without listing every match (:mod:`jacksonpd.serve.search`)."""
    # Where `rich` is installed (frictionless brings it), Datasette 0.65 prints every error's
    # traceback with its local variables, a 4xx too: about half a second of CPU per bad request,
    # so a few malformed URLs a second would starve the site. Server errors are still logged.
    import datasette.handle_exception as handling

    handling.rich = None
    remember_facets(datasette)
    fast_searches(datasette)
    loader = datasette.jinja_env.loader
    if isinstance(loader, ChoiceLoader) and not any(
        isinstance(one, FileSystemLoader) and str(TEMPLATES) in one.searchpath for one in loader.loaders
    ):
        # After a --template-dir of the site's deployer, before Datasette's own templates.
        position = 1 if datasette.template_dir else 0
        loader.loaders = [
            *loader.loaders[:position],
            FileSystemLoader(str(TEMPLATES)),
            *loader.loaders[position:],
        ]


@hookimpl(tryfirst=True)
def handle_exception(datasette: Any, request: Any, exception: BaseException) -> None:
    """Give a sort by an unknown column the status of a bad request (Datasette renders it)."""
    if isinstance(exception, DatasetteError) and exception.message.startswith("Cannot sort table by"):
        exception.status = 400


@hookimpl(tryfirst=True)  # before Datasette's: a configured facet keeps its name if also asked for
def register_facet_classes() -> list[type]:
    """The facet that reads stored counts where it can, beside Datasette's own facets."""
    return facet_classes()


@hookimpl
def extra_template_vars(
    template: str, database: str | None, table: str | None, datasette: Any, request: Any
) -> Callable[[], Awaitable[dict[str, Any]]]:
    """What the site's templates show beside Datasette's: the questions and the timeline on the
    home page, the columns a table keeps out of sight (a view's search key), and on a record's
    page the corrections made to it."""

    async def inner() -> dict[str, Any]:
        config = _config(datasette)
        found: dict[str, Any] = {
            "jacksonpd_hidden": config.get("hidden_columns", {}).get(table or "", []),
            "jacksonpd_map": MAP,
            "jacksonpd_data_dictionary": DATA_DICTIONARY,
            "jacksonpd_version": config.get("version", ""),
        }
        if template == "index.html" and DATABASE_NAME in datasette.databases:
            found.update(await _home(datasette, config))
            folder = package_folder(datasette)
            if folder is not None and (folder / WORKBOOK).is_file():
                found["jacksonpd_workbook"] = f"/{STATIC}/{WORKBOOK}"
        if template == "row.html" and database == DATABASE_NAME and table and request is not None:
            found["jacksonpd_corrections"] = await _record_corrections(datasette, table, request)
            found["jacksonpd_feed"] = FEED_PATH
        if template.startswith("query") and request is not None and _is_question(request, config):
            found["jacksonpd_page"] = next_page(request, datasette.setting("max_returned_rows"))
        return found

    return inner


def _is_question(request: Any, config: Mapping[str, Any]) -> bool:
    """Whether a query page is one of the site's canned questions (each paged), not typed SQL."""
    vars_ = request.url_vars or {}
    return vars_.get("database") == DATABASE_NAME and vars_.get("table") in config.get("questions", ())


async def _home(datasette: Any, config: Mapping[str, Any]) -> dict[str, Any]:
    db = datasette.get_database(DATABASE_NAME)
    queries = datasette.metadata("queries", database=DATABASE_NAME) or {}
    questions = [
        {"url": datasette.urls.query(DATABASE_NAME, name), **queries[name]}
        for name in config.get("questions", [])
        if name in queries
    ]
    timeline = await _home_timeline(datasette, db, config)
    tables = []
    # Counted once for an immutable database (or read from `datasette inspect`), then cached.
    counts = await db.table_counts(limit=100)
    for name in await db.table_names():
        meta = datasette.table_metadata(DATABASE_NAME, name)
        if meta.get("hidden") or name.endswith("_fts") or name.startswith("sqlite_") or "_fts_" in name:
            continue
        tables.append(
            {
                "name": name,
                "title": meta.get("title", name),
                "url": datasette.urls.table(DATABASE_NAME, name),
                "count": counts.get(name),
            }
        )
    views = [
        {
            "name": name,
            "title": datasette.table_metadata(DATABASE_NAME, name).get("title", name),
            "url": datasette.urls.table(DATABASE_NAME, name),
        }
        for name in await db.view_names()
    ]
    return {
        "jacksonpd_questions": questions,
        "jacksonpd_timeline": timeline,
        "jacksonpd_timeline_url": datasette.urls.table(DATABASE_NAME, "timeline"),
        "jacksonpd_tables": tables,
        "jacksonpd_views": views,
    }


async def _home_timeline(datasette: Any, db: Any, config: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The timeline's first items, read once (the database is immutable). Sorting the whole
    timeline takes long in a large package: past :data:`HOME_TIMELINE_MS` the home page shows
    only the link to the timeline, and does not try again."""
    cache: dict[str, list[dict[str, Any]]] = datasette.__dict__.setdefault("_jacksonpd_home", {})
    if "timeline" not in cache:
        cache["timeline"] = []
        if "timeline" in await db.view_names():
            try:
                rows = await db.execute(
                    "select date, date_precision, date_means, item, id, title from timeline limit ?",
                    [HOME_TIMELINE],
                    custom_time_limit=HOME_TIMELINE_MS,
                )
            except QueryInterrupted:
                rows = []
            item_tables = config.get("item_tables", {})
            cache["timeline"] = [
                {**dict(r), "url": datasette.urls.row(DATABASE_NAME, item_tables[r["item"]], r["id"])}
                for r in rows
                if r["item"] in item_tables
            ]
    return cache["timeline"]


async def _record_corrections(datasette: Any, table: str, request: Any) -> list[dict[str, Any]]:
    """The corrections made to the record a row page shows, newest first."""
    db = datasette.get_database(DATABASE_NAME)
    if not await db.table_exists("corrections"):
        return []
    pks = request.url_vars.get("pks", "")
    record_id = " / ".join(tilde_decode(part) for part in pks.split(","))
    rows = await db.execute(
        "select correction_id, field, old_value, new_value, values_withheld, corrected_on, reason, "
        "source_id, url from corrections where resource_name = ? and record_id = ? "
        "order by corrected_on desc, correction_id",
        [table, record_id],
    )
    return [
        {**dict(r), "source_url": datasette.urls.row(DATABASE_NAME, "sources", tilde_encode(r["source_id"]))}
        for r in rows
    ]


@hookimpl
def register_routes() -> list[tuple[str, Callable[..., Awaitable[Response]]]]:
    """The data dictionary, the map of incidents and the feed of corrections."""
    return [
        (f"^{re.escape(DATA_DICTIONARY)}$", data_dictionary),
        (f"^{re.escape(MAP)}$", incident_map),
        (f"^{re.escape(FEED_PATH)}$", corrections_feed),
    ]
