"""Build the two BEIR-format retrieval sets from the WZ/NACE classification files.

``python -m nahwerk_engine.benchmarks.build_wz_sets [--source DIR] [--out DIR]``

- ``wz-de-nace-en``: German WZ 2025 class titles (level 4) as queries, English NACE
  Rev. 2.1 class titles as the corpus; relevant is the class with the same code
  (cross-lingual).
- ``wz2008-paraphrase``: German WZ 2008 subclass titles (level 5) that differ from their
  class title as queries, German WZ 2008 class titles (level 4) as the corpus; relevant
  is the parent class (monolingual paraphrase).
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "classification"
DEFAULT_OUT = REPO / "data" / "benchmarks"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_beir(
    directory: Path,
    corpus: Iterable[tuple[str, str]],
    queries: Iterable[tuple[str, str]],
    qrels: Iterable[tuple[str, str]],
) -> tuple[int, int, int]:
    """Write corpus.jsonl, queries.jsonl and qrels/test.tsv; return their sizes."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "qrels").mkdir(exist_ok=True)
    corpus, queries, qrels = list(corpus), list(queries), list(qrels)
    with (directory / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for doc_id, text in corpus:
            out.write(json.dumps({"_id": doc_id, "title": "", "text": text}, ensure_ascii=False))
            out.write("\n")
    with (directory / "queries.jsonl").open("w", encoding="utf-8") as out:
        for query_id, text in queries:
            out.write(json.dumps({"_id": query_id, "text": text}, ensure_ascii=False) + "\n")
    with (directory / "qrels" / "test.tsv").open("w", encoding="utf-8") as out:
        out.write("query-id\tcorpus-id\tscore\n")
        for query_id, doc_id in qrels:
            out.write(f"{query_id}\t{doc_id}\t1\n")
    return len(corpus), len(queries), len(qrels)


def build_cross_lingual(source: Path, out: Path) -> tuple[int, int, int]:
    """German WZ 2025 class titles -> English NACE Rev. 2.1 class titles."""
    classes = [
        r
        for r in _rows(source / "wz2025_de_nace21_en.csv")
        if r["level"] == "4" and r["title_de"].strip() and r["title_en_nace_rev2_1"].strip()
    ]
    return write_beir(
        out / "wz-de-nace-en",
        corpus=((r["code"], r["title_en_nace_rev2_1"].strip()) for r in classes),
        queries=((r["code"], r["title_de"].strip()) for r in classes),
        qrels=((r["code"], r["code"]) for r in classes),
    )


def build_paraphrase(source: Path, out: Path) -> tuple[int, int, int]:
    """German WZ 2008 subclass titles -> German WZ 2008 class titles (their parent)."""
    rows = _rows(source / "wz2008_de.csv")
    classes = {r["code"]: r["title_de"].strip() for r in rows if r["level"] == "4"}
    subclasses = [
        r
        for r in rows
        if r["level"] == "5"
        and r["parent"] in classes
        and r["title_de"].strip().casefold() != classes[r["parent"]].casefold()
    ]
    return write_beir(
        out / "wz2008-paraphrase",
        corpus=sorted(classes.items()),
        queries=((r["code"], r["title_de"].strip()) for r in subclasses),
        qrels=((r["code"], r["parent"]) for r in subclasses),
    )


def main(argv: list[str] | None = None) -> None:
    """Build both sets and print their sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    for name, build in (
        ("wz-de-nace-en", build_cross_lingual),
        ("wz2008-paraphrase", build_paraphrase),
    ):
        docs, queries, qrels = build(args.source, args.out)
        print(
            f"{name}: {docs} documents, {queries} queries, {qrels} judgements -> {args.out / name}"
        )


if __name__ == "__main__":
    main()
