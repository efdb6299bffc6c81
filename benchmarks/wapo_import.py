"""How fast `jacksonpd import wapo` reads a large Fatal Force file and writes its incident seeds.

Writes a people file of N rows (200,000 by default) in the Post's v2 format, then times
:func:`jacksonpd.importers.import_wapo` and :func:`~jacksonpd.importers.write_incident_file`
on it, every row selected (the worst case: every row becomes an incident). The rows are the
real v2 file's, repeated with new ids, where a copy of the data is beside the repository
(``../shared/data/wapo/v2``); otherwise synthetic rows of the same shape. Prints rows per second.

    python benchmarks/wapo_import.py
    python benchmarks/wapo_import.py --rows 50000
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from pathlib import Path

from jacksonpd.importers import import_wapo, write_incident_file
from jacksonpd.importers.wapo import V2

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "data" / "wapo" / "v2"
TARGET_SECONDS = 10.0  # for 200,000 rows


def sample_rows() -> tuple[list[list[str]], Path | None, str]:
    """Rows to repeat (in V2's column order), the agencies file, and where they came from."""
    people = REAL / "fatal-police-shootings-data.csv"
    agencies = REAL / "fatal-police-shootings-agencies.csv"
    if people.is_file() and agencies.is_file():
        with people.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = [[row[c] for c in V2] for row in reader]
        return rows, agencies, f"the real v2 file ({len(rows)} rows, repeated)"
    rng = random.Random(2015)
    rows = []
    for n in range(5000):
        rows.append(
            [
                str(n + 1), f"2019-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}", "point", "not",
                rng.choice(["gun", "knife", "unarmed", "gun;vehicle"]), "Springfield", "Greene", "MO",
                f"{rng.uniform(30, 45):.6f}", f"{rng.uniform(-120, -80):.6f}", "not_available",
                f"Person {n}", str(rng.randrange(15, 80)), rng.choice(["male", "female"]),
                rng.choice(["W", "B", "H", "A", ""]), "not_available", rng.choice(["True", "False"]),
                rng.choice(["True", "False"]), "",
            ]
        )  # fmt: skip
    return rows, None, "synthetic rows of the v2 shape"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    rows, agencies, origin = sample_rows()
    with tempfile.TemporaryDirectory() as tmp:
        people = Path(tmp) / "people.csv"
        with people.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, quoting=csv.QUOTE_ALL)
            writer.writerow(V2)
            for n in range(args.rows):
                row = list(rows[n % len(rows)])
                row[0] = str(n + 1)
                row[V2.index("city")], row[V2.index("state")] = "Jackson", "MS"
                writer.writerow(row)
        began = time.perf_counter()
        result = import_wapo(people, agencies, city="Jackson", state="MS")
        read = time.perf_counter()
        write_incident_file(result, Path(tmp) / "wapo-jackson-ms.yaml")
        done = time.perf_counter()
    total = done - began
    print(f"rows: {args.rows} from {origin}; incidents written: {len(result.incidents)}")
    print(f"read and select: {read - began:.2f} s; write the seeds: {done - read:.2f} s")
    print(f"total: {total:.2f} s, {args.rows / total:,.0f} rows/s")
    if args.rows == 200_000:
        verdict = "met" if total < TARGET_SECONDS else "missed"
        print(f"target: 200,000 rows in under {TARGET_SECONDS:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
