"""Write a :class:`~jacksonpd.dataset.Dataset` as a Frictionless Data Package (v2).

The output is deterministic (DESIGN.md invariant 5): rows sorted by id, columns in schema order,
UTF-8 without BOM, ``\\r\\n`` line ends (the Table Dialect default), and a ``created`` date
taken from the sources rather than the clock. ``datapackage.json`` declares each CSV's
``sha256`` hash and byte count, which frictionless verifies on validation.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import hashlib
import json
import operator
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from ..convert import format_number
from ..dataset import Dataset
from ..incidents import DATASETS
from ..schemas import Schemas
from .readme import render_readme

__all__ = ["cell", "record_values", "write_package"]

DATA_DIR = "data"


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


def record_values(columns: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving a record's values of ``columns``, in order, as a tuple."""
    if len(columns) == 1:
        get = operator.attrgetter(columns[0])
        return lambda record: (get(record),)
    return operator.attrgetter(*columns)


class _HashingFile:
    """A binary file that csv.writer writes text to: encoded as UTF-8, counted and hashed."""

    def __init__(self, f: BinaryIO) -> None:
        self.file = f
        self.size = 0
        self.sha256 = hashlib.sha256()

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.file.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(text)


def write_csv(path: Path, columns: list[str], rows: Iterable[list[str]]) -> tuple[int, str]:
    """Write a header and rows in the package's CSV dialect, streamed; the file's size and sha256."""
    with path.open("wb") as f:
        out = _HashingFile(f)
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(rows)
    return out.size, out.sha256.hexdigest()


def write_package(dataset: Dataset, schemas: Schemas, folder: Path) -> list[Path]:
    """Write ``datapackage.json``, ``data/<resource>.csv`` and ``README.md`` into ``folder``.

    Returns the files written, in the order written.
    """
    (folder / DATA_DIR).mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    resources: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for name, records in dataset.resources():
        columns = schemas.field_names(name)
        path = folder / DATA_DIR / f"{name}.csv"
        values = record_values(columns)
        size, sha256 = write_csv(path, columns, ([cell(v) for v in values(r)] for r in records))
        written.append(path)
        counts[name] = len(records)
        table = dict(schemas.tables[name])
        resources.append(
            {
                "name": name,
                "type": "table",
                "path": f"{DATA_DIR}/{name}.csv",
                "title": table.pop("title"),
                "description": table.pop("description"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": size,
                "hash": f"sha256:{sha256}",
                "schema": table,
                **_imported(records),
            }
        )
    descriptor = _descriptor(dataset, schemas, resources)
    path = folder / "datapackage.json"
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(path)
    path = folder / "README.md"
    path.write_text(render_readme(descriptor, counts), encoding="utf-8")
    written.append(path)
    return written


def _imported(records: tuple[Any, ...]) -> dict[str, Any]:
    """The sources and licenses of datasets a resource's rows were imported from."""
    used = sorted({r.data_source for r in records if getattr(r, "data_source", "curated") != "curated"})
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


def _descriptor(dataset: Dataset, schemas: Schemas, resources: list[dict[str, Any]]) -> dict[str, Any]:
    package = dict(schemas.package)
    latest = max((s.published_on for s in dataset.sources), default=None)
    if latest is not None:
        package["created"] = f"{latest.isoformat()}T00:00:00Z"
    if dataset.as_of is not None:
        package["as_of"] = dataset.as_of.isoformat()  # officers' names are published as of this date
    package["sources"] = [
        {
            "title": f"{s.outlet or 'Outlet not named'}, {s.published_on.isoformat()}: {s.headline}",
            **({"path": s.url} if s.url else {}),
        }
        for s in dataset.sources
    ]
    package["resources"] = resources
    return package
