"""Query latency, index build time and memory of the matching engine on generated profiles.

``python -m nahwerk_engine.benchmarks.latency [--sizes 10000 100000 1000000] [--queries 200]``

``--changes`` measures instead what a profile change costs against a full build
(``MatchingIndex.upsert`` / ``remove``), and the search latency with visibility applied
inside the index (``Filters.audience``) against passing every visible id
(``Filters.allowed_ids``), in one run per size (see :func:`run_changes`).

``--appends`` measures what adding new profiles one by one costs (``upsert`` of a new
id: the index's per-profile arrays grow), see :func:`run_appends`. It needs no model:
the vectors are random and have the default embedder's parts.

Each size runs in its own process (so that its peak memory is its own). Profiles are
generated from phrase banks and real WZ 2008 titles and postcodes
(``nahwerk_engine.benchmarks.profiles``). At most ``--pool`` profile texts are really
embedded; larger indexes reuse those vectors with a little noise, because embedding a
million texts takes about an hour on two cores. The table says so, and the measured
embedding rate is printed so the full build time can be worked out.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nahwerk_engine.benchmarks.embedding_cache import CachedEmbedder
from nahwerk_engine.benchmarks.profiles import KINDS, generate_needs, generate_profiles
from nahwerk_engine.benchmarks.retrieval import make_embedder
from nahwerk_engine.matching import (
    MEMBERS,
    PUBLIC,
    Audience,
    Filters,
    MatchingIndex,
    Profile,
    Query,
    analyse_profile,
    profile_text,
)
from nahwerk_engine.matching.embedders import passage_embedder
from nahwerk_engine.matching.passages import embed_passages, pack_passages, profile_passages


def _percentiles(samples: list[float]) -> tuple[float, float]:
    values = np.array(samples) * 1000
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


class _SqlitePassages:
    """Every profile's packed sentence vectors in a SQLite table, one row per profile, read
    for a search's candidates as the server reads ``IndexedProfile.passages``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connection = sqlite3.connect(path, check_same_thread=False)

    def __call__(self, ids: Sequence[int]) -> dict[int, bytes]:
        marks = ",".join("?" * len(ids))
        query = f"SELECT id, passages FROM passages WHERE id IN ({marks})"
        return dict(self.connection.execute(query, [int(i) for i in ids]))


def _passage_store(
    profiles: list[Profile], real: int, embedder: Any, directory: Path
) -> tuple[_SqlitePassages, float]:
    """A store of every profile's sentence vectors; returns it and the seconds it took.

    The sentences of the ``real`` first profiles are really embedded; every other profile
    gets as many vectors as it has sentences, repeated from the real profile its vector
    came from (reading and comparing them costs the same as their own would).
    """
    started = time.perf_counter()
    dim = passage_embedder(embedder).dim
    texts = [[t for _f, t in profile_passages(p.fields)] for p in profiles[:real]]
    flat = embed_passages(embedder, [t for block in texts for t in block])
    blocks, offset = [], 0
    for block in texts:
        blocks.append(flat[offset : offset + len(block)])
        offset += len(block)
    store = _SqlitePassages(directory / "passages.sqlite3")
    store.connection.execute("CREATE TABLE passages (id INTEGER PRIMARY KEY, passages BLOB)")

    def rows() -> Any:
        for i, profile in enumerate(profiles):
            if i < real:
                yield profile.id, pack_passages(texts[i], blocks[i])
                continue
            own = [t for _f, t in profile_passages(profile.fields)]
            source = blocks[i % real]
            if len(source) == 0:
                source = np.zeros((1, dim), dtype=np.float32)
            yield profile.id, pack_passages(own, np.resize(source, (len(own), dim)))

    with store.connection:
        store.connection.executemany("INSERT INTO passages VALUES (?, ?)", rows())
    return store, time.perf_counter() - started


def run_size(size: int, *, queries: int, pool: int, embedder_name: str) -> dict[str, Any]:
    """Build an index of ``size`` profiles and time queries against it."""
    embedder = make_embedder(embedder_name)
    started = time.perf_counter()
    profiles = list(generate_profiles(size))
    generate_s = time.perf_counter() - started

    real = min(size, pool)
    started = time.perf_counter()
    texts = [profile_text(p) for p in profiles[:real]]
    if isinstance(embedder, CachedEmbedder):  # the rate is that of the model, not the cache
        rate_sample = texts[:50]
        clock = time.perf_counter()
        embedder.embedder.embed(rate_sample)
        embed_rate = len(rate_sample) / (time.perf_counter() - clock)
    pool_vectors = embedder.embed(texts)
    embed_s = time.perf_counter() - started
    if not isinstance(embedder, CachedEmbedder):
        embed_rate = real / embed_s
    else:
        embedder.save()
    rng = np.random.default_rng(3)
    embeddings: dict[int, np.ndarray] = {}
    for i, profile in enumerate(profiles):
        if i < real:
            embeddings[profile.id] = pool_vectors[i]
        else:
            # a reused vector, moved a little so that no two profiles tie exactly
            noise = rng.standard_normal(embedder.dim).astype(np.float32) * 0.02
            embeddings[profile.id] = pool_vectors[i % real] + noise

    started = time.perf_counter()
    index = MatchingIndex.build(profiles, embedder=embedder, embeddings=embeddings)
    build_s = time.perf_counter() - started
    del embeddings, pool_vectors
    scratch = tempfile.TemporaryDirectory(prefix="nahwerk-latency-")
    store, store_s = _passage_store(profiles, real, embedder, Path(scratch.name))

    if isinstance(embedder, CachedEmbedder):
        # the cache served the profiles' vectors; every need is embedded anew, as on a server
        index.embedder = embedder.embedder
    needs = generate_needs(queries)
    for text, point in needs[:5]:  # warm caches and lazy imports
        index.search(Query(text, near=point, explain=False))

    def timed(query: Query, *, stored: bool = False) -> float:
        # worst case: the need embedded anew every time, and the candidates' sentences too,
        # or (stored) read from the store of sentence vectors written with the profiles
        index.clear_passage_cache()
        index.passage_store = store if stored else None
        clock = time.perf_counter()
        index.search(query)
        elapsed = time.perf_counter() - clock
        index.passage_store = None
        return elapsed

    plain, near, filtered, explained, cached = [], [], [], [], []
    from_store, filtered_from_store = [], []
    filters = Filters(kinds=frozenset(KINDS[:3]), max_distance_km=150.0)
    for text, point in needs:
        plain.append(timed(Query(text, explain=False)))
        # the same need again: embedded anew, its candidates' sentences now cached, as on a
        # server whose sentence cache holds the organisations that come up
        clock = time.perf_counter()
        index.search(Query(text, explain=False))
        cached.append(time.perf_counter() - clock)
        near.append(timed(Query(text, near=point, nearness=0.5, explain=False)))
        filtered.append(timed(Query(text, near=point, filters=filters, explain=False)))
        # after the cached search above, which needs the sentences of the plain one
        from_store.append(timed(Query(text, explain=False), stored=True))
        filtered_from_store.append(
            timed(Query(text, near=point, filters=filters, explain=False), stored=True)
        )
    for text, point in needs[: min(50, len(needs))]:
        explained.append(timed(Query(text, near=point, limit=20, explain=True)))
    # above the full-scan limit only candidates get every signal: how often does that
    # change the best 20 against computing every signal for every profile?
    agreement = None
    if size > index.config.full_scan_limit:
        exact = index.with_config(full_scan_limit=size)
        overlaps = []
        for text, _point in needs[:50]:
            fast = {m.profile_id for m in index.search(Query(text, explain=False, cutoff=False))}
            full = {m.profile_id for m in exact.search(Query(text, explain=False, cutoff=False))}
            overlaps.append(len(fast & full) / max(1, len(full)))
        agreement = float(np.mean(overlaps))
    matrix = index.lexical.matrix
    index_mb = (
        index.vectors.nbytes + matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes
    ) / 2**20
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store_mb = store.path.stat().st_size / 2**20
    store.connection.close()
    scratch.cleanup()
    return {
        "size": size,
        "embedder": embedder.name,
        "store_s": store_s,
        "store_mb": store_mb,
        "stored": _percentiles(from_store),
        "filtered_stored": _percentiles(filtered_from_store),
        "real_embeddings": real,
        "embed_rate": embed_rate,
        "generate_s": generate_s,
        "build_s": build_s,
        "index_mb": index_mb,
        "peak_mb": peak_mb,
        "plain": _percentiles(plain),
        "cached": _percentiles(cached),
        "near": _percentiles(near),
        "filtered": _percentiles(filtered),
        "explained": _percentiles(explained),
        "queries": len(needs),
        "agreement": agreement,
    }


def _with_visibility(profiles: list[Profile], seed: int = 5) -> list[Profile]:
    """The generated profiles with a visibility, networks they reach and history flags.

    70 % public, 20 % members only, 10 % managers only; each reaches the networks it is a
    member of; 5 % are known only from project history; every tenth public profile has a
    public variant (another profile with a negative id).
    """
    rng = random.Random(seed)
    out: list[Profile] = []
    for p in profiles:
        draw = rng.random()
        visibility = PUBLIC if draw < 0.7 else MEMBERS if draw < 0.9 else "managers"
        history = not p.networks and rng.random() < 0.05
        variant = visibility == PUBLIC and rng.random() < 0.1
        full = dataclasses.replace(
            p, visibility=visibility, reach=p.networks, history_only=history, has_variant=variant
        )
        out.append(full)
        if variant:
            out.append(dataclasses.replace(full, id=-p.id, has_variant=False, variant_of=p.id))
    return out


def _allowed_ids(profiles: list[Profile], audience: Audience) -> frozenset[int]:
    """What the web layer passed before: every profile id the viewer may find."""
    allowed = set()
    for p in profiles:
        visible = (
            p.visibility == PUBLIC
            or bool(p.reach & audience.managed)
            or (p.visibility == MEMBERS and bool(p.reach & audience.member))
        ) and not p.history_only
        readable = bool(p.reach & (audience.managed | audience.member))
        if visible and (
            (p.variant_of is not None and not readable)
            or (p.variant_of is None and (not p.has_variant or readable))
        ):
            allowed.add(p.id)
    return frozenset(allowed)


def run_changes(
    size: int, *, queries: int, pool: int, embedder_name: str, changes: int = 20
) -> dict[str, Any]:
    """Time profile changes against a full build, and visibility inside the index.

    Every figure is a median over ``changes`` changes (or ``queries`` searches) in this
    one process, so ratios compare like with like on a busy machine.
    """
    embedder = make_embedder(embedder_name)
    profiles = _with_visibility(list(generate_profiles(size)))
    real = min(len(profiles), pool)
    pool_vectors = embedder.embed([profile_text(p) for p in profiles[:real]])
    if isinstance(embedder, CachedEmbedder):
        embedder.save()
    rng = np.random.default_rng(3)
    embeddings = {
        p.id: pool_vectors[i % real]
        + (0 if i < real else rng.standard_normal(embedder.dim).astype(np.float32) * 0.02)
        for i, p in enumerate(profiles)
    }
    started = time.perf_counter()
    index = MatchingIndex.build(profiles, embedder=embedder, embeddings=embeddings)
    build_s = time.perf_counter() - started
    if isinstance(embedder, CachedEmbedder):
        index.embedder = embedder.embedder
    needs = generate_needs(queries)
    for text, _point in needs[:3]:
        index.search(Query(text, explain=False))

    picker = random.Random(9)
    donors = [p for p in profiles[:real] if p.variant_of is None]

    def changed(target: Profile) -> Profile:
        # another profile's texts under this id: a real edit of every field
        return dataclasses.replace(target, fields=picker.choice(donors).fields)

    stored, analysed, added, removed = [], [], [], []
    targets = [p for p in picker.sample(profiles, changes * 3) if p.variant_of is None]
    for target in targets[:changes]:
        new = changed(target)
        analysis, vector = analyse_profile(new), embeddings[target.id]
        clock = time.perf_counter()
        index.upsert([new], embeddings={new.id: vector}, analysed={new.id: analysis})
        stored.append(time.perf_counter() - clock)
    for target in targets[changes : 2 * changes]:
        new = changed(target)
        clock = time.perf_counter()
        index.upsert([new], embeddings={new.id: embeddings[target.id]})
        analysed.append(time.perf_counter() - clock)
    for k in range(changes):
        new = dataclasses.replace(changed(profiles[k]), id=10 * size + k)
        clock = time.perf_counter()
        index.upsert([new], embeddings={new.id: embeddings[profiles[k].id]})
        added.append(time.perf_counter() - clock)
    for k in range(changes):
        clock = time.perf_counter()
        index.remove([10 * size + k])
        removed.append(time.perf_counter() - clock)

    audience = Audience(member=frozenset({3}), managed=frozenset({5}))
    # the changes above replaced texts only, so the generated visibility still holds
    allowed = _allowed_ids(profiles, audience)
    by_audience, by_ids = Filters(audience=audience), Filters(allowed_ids=allowed)
    inside: list[float] = []
    passed: list[float] = []
    mask_inside: list[float] = []
    mask_passed: list[float] = []
    agree = 0
    for i, (text, _point) in enumerate(needs):
        found: dict[str, list[int]] = {}
        # alternate which goes first; each starts with an empty sentence cache
        for name in ("inside", "passed") if i % 2 == 0 else ("passed", "inside"):
            filters = by_audience if name == "inside" else by_ids
            index.clear_passage_cache()
            clock = time.perf_counter()
            matches = index.search(Query(text, filters=filters, explain=False))
            (inside if name == "inside" else passed).append(time.perf_counter() - clock)
            found[name] = [m.profile_id for m in matches]
        agree += found["inside"] == found["passed"]
        # the filter alone: the mask over all profiles that either way computes
        clock = time.perf_counter()
        index._mask(by_audience, None)
        mask_inside.append(time.perf_counter() - clock)
        clock = time.perf_counter()
        index._mask(by_ids, None)
        mask_passed.append(time.perf_counter() - clock)
    ms = lambda xs: float(np.median(xs) * 1000)  # noqa: E731
    return {
        "size": size,
        "profiles": len(profiles),
        "embedder": embedder.name,
        "build_s": build_s,
        "update_stored_ms": ms(stored),
        "update_analysed_ms": ms(analysed),
        "add_ms": ms(added),
        "remove_ms": ms(removed),
        "audience_ms": _percentiles(inside),
        "allowed_ms": _percentiles(passed),
        "allowed_count": len(allowed),
        "mask_audience_ms": ms(mask_inside),
        "mask_allowed_ms": ms(mask_passed),
        "agree": agree,
        "queries": len(needs),
    }


class _ShapeOnly:
    """An embedder with the default embedder's name, dimension and parts that embeds nothing.

    ``--appends`` gives every vector, so no model has to be loaded (about 650 MB).
    """

    def __init__(self) -> None:
        self.parts = (("e5", 384), ("use", 512))
        self.dim = sum(dim for _name, dim in self.parts)
        self.name = "shape-only (e5 384 + use 512)"

    def embed(self, texts: Any) -> np.ndarray:
        raise RuntimeError("the append benchmark gives every vector")


def run_appends(size: int, *, appends: int = 200, pool: int = 2_000) -> dict[str, Any]:
    """Time ``appends`` new profiles added one at a time to an index of ``size`` profiles.

    The profiles' analysed terms come from the first ``pool`` profiles (reused in turn)
    and their vectors are random, so building a million takes a minute, not hours; an
    append's cost does not depend on the texts. Reported: the first append, the median,
    the slowest, all of them together, and the peak memory of the process.
    """
    embedder = _ShapeOnly()
    profiles = list(generate_profiles(size + appends))
    profiles, extra = profiles[:size], profiles[size:]
    analyses = [analyse_profile(p) for p in profiles[:pool]]
    analysed = {p.id: analyses[i % len(analyses)] for i, p in enumerate(profiles)}
    rng = np.random.default_rng(4)
    vectors = rng.standard_normal((pool, embedder.dim)).astype(np.float32)
    embeddings = {p.id: vectors[i % pool] for i, p in enumerate(profiles)}
    started = time.perf_counter()
    index = MatchingIndex.build(
        profiles, embedder=embedder, embeddings=embeddings, analysed=analysed
    )
    build_s = time.perf_counter() - started
    del embeddings, analysed
    timings = []
    for k, profile in enumerate(extra):
        new = dataclasses.replace(profile, id=10 * size + k)
        terms = analyses[k % len(analyses)]
        clock = time.perf_counter()
        index.upsert([new], embeddings={new.id: vectors[k % pool]}, analysed={new.id: terms})
        timings.append(time.perf_counter() - clock)
    assert len(index) == size + appends
    values = np.array(timings) * 1000
    return {
        "size": size,
        "appends": appends,
        "build_s": build_s,
        "first_ms": float(values[0]),
        "median_ms": float(np.median(values)),
        "max_ms": float(values.max()),
        "total_ms": float(values.sum()),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def print_appends(results: list[dict[str, Any]]) -> None:
    print(
        f"{results[0]['appends']} new profiles added one at a time (upsert of a new id, "
        "analysed terms and vector given), one process per size\n"
    )
    print(
        "| profiles | build s | first append ms | median ms | slowest ms | all appends ms "
        "| peak RSS MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['size']:,} | {r['build_s']:.1f} | {r['first_ms']:.2f} | {r['median_ms']:.3f} "
            f"| {r['max_ms']:.1f} | {r['total_ms']:,.0f} | {r['peak_mb']:,.0f} |"
        )


def print_changes(results: list[dict[str, Any]]) -> None:
    print(
        f"embedder: {results[0]['embedder']}; medians of 20 changes, {results[0]['queries']} "
        "searches per size (explain off), all in one process per size\n"
    )
    print(
        "| profiles (incl. variants) | full build s | change, stored terms + vector ms "
        "| change, analysed here ms | new profile ms | removal ms | build / change |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['profiles']:,} | {r['build_s']:.1f} | {r['update_stored_ms']:.2f} "
            f"| {r['update_analysed_ms']:.2f} | {r['add_ms']:.1f} | {r['remove_ms']:.3f} "
            f"| {r['build_s'] * 1000 / r['update_stored_ms']:,.0f}x |"
        )
    print(
        "\n| profiles | visible ids | search, visibility inside, p50 / p95 ms "
        "| search, visible ids passed, p50 / p95 ms | filter mask alone, inside / ids ms "
        "| same results |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['profiles']:,} | {r['allowed_count']:,} "
            f"| {r['audience_ms'][0]:.1f} / {r['audience_ms'][1]:.1f} "
            f"| {r['allowed_ms'][0]:.1f} / {r['allowed_ms'][1]:.1f} "
            f"| {r['mask_audience_ms']:.2f} / {r['mask_allowed_ms']:.2f} "
            f"| {r['agree']} of {r['queries']} |"
        )


def main(argv: list[str] | None = None) -> None:
    """Run every size in a child process and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--pool", type=int, default=2_000, help="profiles really embedded (E5: ~10 per second)"
    )
    parser.add_argument("--embedder", choices=("hybrid", "use", "e5"), default="hybrid")
    parser.add_argument(
        "--changes", action="store_true", help="time profile changes and visibility instead"
    )
    parser.add_argument(
        "--appends",
        type=int,
        metavar="N",
        help="time N new profiles added one at a time instead (no model needed)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one and args.appends:
        print(json.dumps(run_appends(args.one, appends=args.appends, pool=args.pool)))
        return
    if args.one:
        run = run_changes if args.changes else run_size
        result = run(args.one, queries=args.queries, pool=args.pool, embedder_name=args.embedder)
        print(json.dumps(result))
        return
    results = []
    for size in args.sizes:
        command = [
            sys.executable,
            "-m",
            "nahwerk_engine.benchmarks.latency",
            "--one",
            str(size),
            "--queries",
            str(args.queries),
            "--pool",
            str(args.pool),
            "--embedder",
            args.embedder,
            *(["--changes"] if args.changes else []),
            *(["--appends", str(args.appends)] if args.appends else []),
        ]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    if args.appends:
        print_appends(results)
        return
    if args.changes:
        print_changes(results)
        return
    print(
        f"embedder: {results[0]['embedder']}; {args.queries} queries per size "
        "(German and English needs); latency includes analysing and embedding the need\n"
    )
    print(
        "| profiles | really embedded | build s (index, given vectors) | index MB | peak RSS MB "
        "| p50 / p95 ms | sentences cached, p50 / p95 | near, p50 / p95 "
        "| near + filters, p50 / p95 | with explanations (top 20), p50 / p95 |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['size']:,} | {r['real_embeddings']:,} | {r['build_s']:.1f} "
            f"| {r['index_mb']:,.0f} "
            f"| {r['peak_mb']:,.0f} | {r['plain'][0]:.1f} / {r['plain'][1]:.1f} "
            f"| {r['cached'][0]:.1f} / {r['cached'][1]:.1f} "
            f"| {r['near'][0]:.1f} / {r['near'][1]:.1f} "
            f"| {r['filtered'][0]:.1f} / {r['filtered'][1]:.1f} "
            f"| {r['explained'][0]:.0f} / {r['explained'][1]:.0f} |"
        )
    print(
        "\nThe same searches with the sentence vectors stored with the profiles "
        "(read from a SQLite table of every profile's sentences, nothing cached):\n"
    )
    print(
        "| profiles | store MB | store written s | p50 / p95 ms | near + filters, p50 / p95 "
        "| without the store, p50 / p95 |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['size']:,} | {r['store_mb']:,.0f} | {r['store_s']:.0f} "
            f"| {r['stored'][0]:.1f} / {r['stored'][1]:.1f} "
            f"| {r['filtered_stored'][0]:.1f} / {r['filtered_stored'][1]:.1f} "
            f"| {r['plain'][0]:.1f} / {r['plain'][1]:.1f} |"
        )
    for r in results:
        if r["agreement"] is not None:
            print(
                f"\n{r['size']:,} profiles: the best 20 with every signal for every profile and "
                f"with the candidates only agree in {r['agreement']:.1%} (mean over 50 needs)."
            )
    rate = max(r["embed_rate"] for r in results)
    print(
        f"\nMeasured embedding rate of profile texts: {rate:,.0f} profiles/s "
        f"(1,000,000 profiles: about {1_000_000 / rate / 60:.0f} min, once; then only changes)."
    )


if __name__ == "__main__":
    main()
