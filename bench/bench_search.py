"""Search at archive scale: 60,000 generated reports of about 5,000 characters, measured in one
run on SQLite (and on PostgreSQL with --postgres).

    .venv/bin/python bench/bench_search.py [--reports 60000] [--runs 200] [--postgres]
        [--database-url postgres://…] [--skip-rebuild] [--workers N]

The corpus: a vocabulary of 40,000 Chinese words (2–4 characters drawn with Zipf frequencies
from 3,500 Han characters),
drawn with Zipf frequencies so that terms have realistic document frequencies, a little
English, punctuation and paragraphs; 400 rare terms (from characters the vocabulary never
uses) injected into 1–10 reports each. Missions carry years, countries, categories, bureaus
and networks for the facets. The database is generated once and kept in
var/bench/search-<reports>/ (delete the folder to generate it again); the index is rebuilt
by every run, timed.

Measured, each as median / p95 / max over ``--runs`` queries per class of terms by document
frequency (≤ 10 documents, 0.1–2 %, 5–40 %, > 40 %):

- the service (``envoy.search.services.search`` without facets, as an administrator): hit
  count + ranked top 20 + snippets;
- the same with facets, and the search page end to end through Django's test client;
- a LIKE scan (``body LIKE '%term%'``) for comparison;
- hit sets against a folded substring scan of every text, on ≥ 300 terms;
- the full rebuild (``rebuild_search_index``) and the index's size against the text's.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CLASSES = [
    ("rare (≤ 10 docs)", None, None),  # by count of hits, not share
    ("0.1–2 %", 0.001, 0.02),
    ("5–40 %", 0.05, 0.40),
    ("> 40 %", 0.40, 1.01),
]
ENGLISH = (
    "city summit network climate resilience mobility carbon water smart digital youth "
    "culture health tourism housing energy transport policy forum mayor governor partnership "
    "innovation sustainability disaster prevention museum park sewer expo metro waste"
).split()
COUNTRIES = [
    "日本",
    "韓國",
    "新加坡",
    "法國",
    "德國",
    "美國",
    "拉脫維亞",
    "義大利",
    "紐西蘭",
    "愛沙尼亞",
]
CITIES = ["東京", "首爾", "新加坡", "巴黎", "柏林", "紐約", "里加", "杜林", "奧克蘭", "塔爾圖"]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[max(0, min(len(values) - 1, int(round(p * len(values))) - 1))]


def summary(times: list[float]) -> dict | None:
    if not times:
        return None
    return {
        "n": len(times),
        "median_ms": round(statistics.median(times), 3),
        "p95_ms": round(percentile(times, 0.95), 3),
        "max_ms": round(max(times), 3),
    }


# ----- The corpus -----


def vocabulary(rng: random.Random):
    """40,000 words of 2–4 characters. Characters are drawn with Zipf frequencies from 3,500
    Han characters, as in real text, where a thousand characters make up most of it (uniform
    characters would make nearly every bigram distinct, which Chinese is not)."""
    import numpy as np

    pool = [chr(c) for c in range(0x4E00, 0x9FA6)]
    rng.shuffle(pool)
    pool = pool[:3500]
    weights = 1.0 / np.arange(1, len(pool) + 1)
    weights /= weights.sum()
    draws = np.random.default_rng(rng.randrange(2**32))
    words = set()
    while len(words) < 40000:
        length = rng.choice((2, 2, 3, 3, 4))
        words.add("".join(pool[i] for i in draws.choice(len(pool), length, p=weights)))
    words = sorted(words)
    rng.shuffle(words)
    rare_pool = [chr(c) for c in range(0x3400, 0x4DB6)]
    rng.shuffle(rare_pool)
    rare = ["".join(rare_pool[3 * i : 3 * i + 3]) for i in range(400)]
    return words, rare


def report_texts(count: int, words: list[str], rare: list[str], seed: int):
    """(paragraphs, word ids used) of each report; rare terms injected."""
    import numpy as np

    rng = np.random.default_rng(seed)
    ranks = np.arange(1, len(words) + 1)
    weights = 1.0 / ranks**1.07
    cumulative = np.cumsum(weights / weights.sum())
    vocab = np.array(words, dtype=object)
    injected: dict[int, list[str]] = {}
    pyrng = random.Random(seed)
    for term in rare:
        for doc in pyrng.sample(range(count), pyrng.randint(1, 10)):
            injected.setdefault(doc, []).append(term)
    for doc in range(count):
        draws = np.searchsorted(cumulative, rng.random(1400))
        picked = vocab[draws]
        paragraphs, sentence, paragraph = [], [], []
        for i, word in enumerate(picked):
            sentence.append(word)
            if rng.random() < 0.02:
                sentence.append(f" {ENGLISH[i % len(ENGLISH)]} ")
            if len(sentence) >= 6 and rng.random() < 0.25:
                paragraph.append("".join(sentence) + ("。" if rng.random() < 0.5 else "，"))
                sentence = []
                if len(paragraph) >= 25 and rng.random() < 0.2:
                    paragraphs.append("".join(paragraph))
                    paragraph = []
        paragraphs.append("".join(paragraph) + "".join(sentence) + "。")
        for term in injected.get(doc, []):
            p = pyrng.randrange(len(paragraphs))
            paragraphs[p] += f"另見{term}相關資料。"
        yield paragraphs, draws


def generate(count: int, seed: int = 2026) -> dict:
    """Missions with reports of ~5,000 characters, inserted in bulk; returns the terms."""
    import datetime as dt

    from envoy.core.models import Bureau
    from envoy.missions.models import Mission
    from envoy.relations.models import Event, Network
    from envoy.reports.models import Block, Chapter, Report

    rng = random.Random(seed)
    words, rare = vocabulary(rng)
    bureaus = [Bureau.objects.create(code=f"b{i}", name=f"局處{i}") for i in range(8)]
    networks = [Network.objects.create(name=f"城市網絡{i}", abbreviation=f"N{i}") for i in range(6)]
    events = [Event.objects.create(name=f"高峰會{i}", network=n) for i, n in enumerate(networks)]
    statuses = ["draft"] * 4 + ["submitted", "approved"] + ["published"] * 4
    categories = ["inspection", "study", "research", "internship", "other"]
    doc_words = []
    texts = report_texts(count, words, rare, seed)
    batch = 500
    started = time.perf_counter()
    for start in range(0, count, batch):
        n = min(batch, count - start)
        plans = []
        for _ in range(n):
            place = rng.randrange(len(COUNTRIES))
            begin = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(5800))
            plans.append((place, begin))
        plans.sort(key=lambda p: p[1])
        missions = Mission.objects.bulk_create(
            Mission(
                title=f"赴{COUNTRIES[p]}{CITIES[p]}考察{words[rng.randrange(300)]}計畫",
                category=rng.choice(categories),
                region=COUNTRIES[p],
                host_agency="新北市政府",
                start_date=begin,
                end_date=begin + dt.timedelta(days=4),
                destination_countries=[COUNTRIES[p]],
                destination_cities=[CITIES[p]],
                bureau=rng.choice(bureaus),
            )
            for p, begin in plans
        )
        through = Event.missions.through
        through.objects.bulk_create(
            through(event=rng.choice(events), mission=m) for m in missions if rng.random() < 0.3
        )
        bodies = [next(texts) for _ in missions]
        reports = Report.objects.bulk_create(
            Report(
                mission=m,
                title=m.title.replace("計畫", "出國報告"),
                summary=body[0][0][:250],
                status=rng.choice(statuses),
                keywords=[words[rng.randrange(2000)] for _ in range(3)],
            )
            for m, body in zip(missions, bodies, strict=True)
        )
        chapters = Chapter.objects.bulk_create(
            Chapter(report=r, number=k, title=t)
            for r in reports
            for k, t in enumerate(["目的", "過程", "心得", "建議"], 1)
        )
        blocks = []
        for i, (paragraphs, draws) in enumerate(bodies):
            doc_words.append(sorted(set(draws.tolist())))
            own = chapters[4 * i : 4 * i + 4]
            for k, text in enumerate(paragraphs):
                chapter = own[min(3, k * 4 // len(paragraphs))]
                if chapter.number == 4 and k % 3 == 0:
                    blocks.append(
                        Block(
                            chapter=chapter, position=2 * k, kind="point", text=text[:30], number=k
                        )
                    )
                blocks.append(
                    Block(chapter=chapter, position=2 * k + 1, kind="paragraph", text=text)
                )
        Block.objects.bulk_create(blocks, batch_size=2000)
        done = start + n
        print(
            f"\r  generated {done:,}/{count:,} reports, {time.perf_counter() - started:.0f} s",
            end="",
            file=sys.stderr,
        )
    print(file=sys.stderr)
    # Document frequency (by word) of each vocabulary word, to pick candidate terms.
    import numpy as np

    df = np.zeros(len(words), np.int64)
    for ids in doc_words:
        df[ids] += 1
    return {"words": words, "rare": rare, "word_df": df.tolist()}


# ----- PostgreSQL -----


def start_postgres() -> tuple[str, callable]:
    """A throwaway PostgreSQL 15 cluster, as bin/test starts one; returns (URL, stop)."""
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))[-1].parent
    folder = Path(tempfile.mkdtemp(prefix="envoy-bench-pg-"))
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_pg:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(
        [*as_pg, pg_bin / "initdb", "-D", folder / "data", "-U", "postgres", "-E", "UTF8",
         "--locale=C.UTF-8", "--auth=trust", "--no-sync"],
        check=True, capture_output=True,
    )  # fmt: skip
    port = 54379
    options = (
        f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c shared_buffers=2GB -c work_mem=64MB "
        "-c maintenance_work_mem=1GB -c max_wal_size=8GB"
    )
    subprocess.run(
        [*as_pg, pg_bin / "pg_ctl", "-D", folder / "data", "-l", folder / "server.log", "-w",
         "-o", options, "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        [pg_bin / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "envoy"],
        check=True,
    )

    def stop():
        subprocess.run(
            [*as_pg, pg_bin / "pg_ctl", "-D", folder / "data", "-m", "fast", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)

    return f"postgres://postgres@127.0.0.1:{port}/envoy", stop


# ----- Measuring -----


def pick_terms(corpus: dict, total_docs: int, count_hits, per_class: int) -> dict[str, list]:
    """Terms of each class, classified by their true hit count."""
    rng = random.Random(7)
    words, df = corpus["words"], corpus["word_df"]
    chosen: dict[str, list] = {label: [] for label, _, _ in CLASSES}
    chosen[CLASSES[0][0]] = [(t, None) for t in rng.sample(corpus["rare"], per_class)]
    by_class: dict[str, list[int]] = {label: [] for label, _, _ in CLASSES[1:]}
    for i, d in enumerate(df):
        share = d / total_docs
        for label, low, high in CLASSES[1:]:
            if low <= share < high:
                by_class[label].append(i)
    for label, _, _ in CLASSES[1:]:
        candidates = by_class[label]
        rng.shuffle(candidates)
        chosen[label] = [(words[i], None) for i in candidates[:per_class]]
    # True counts decide the class (a word can also occur across word boundaries).
    final: dict[str, list] = {label: [] for label, _, _ in CLASSES}
    for label in chosen:
        for term, _ in chosen[label]:
            hits = count_hits(term)
            share = hits / total_docs
            for name, low, high in CLASSES:
                if name == CLASSES[0][0]:
                    fits = hits <= 10
                else:
                    fits = hits > 10 and low <= share < high
                if fits:
                    final[name].append((term, hits))
    return final


def run(args) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "envoy.settings")
    data_dir = ROOT / "var" / "bench" / f"search-{args.reports}"
    os.environ["ENVOY_DATA_DIR"] = str(data_dir)
    stop_pg = None
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    elif args.postgres:
        url, stop_pg = start_postgres()
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    data_dir.mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.conf import settings

    # Static files named without a collectstatic manifest, as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command
    from django.db import connection

    from envoy.search import backends, index, services
    from envoy.search.signals import _marks

    out: dict = {"reports": args.reports, "database": connection.vendor}
    try:
        corpus_file = data_dir / "corpus.json"
        generated = data_dir / "generated"
        call_command("migrate", verbosity=0)
        from envoy.missions.models import Mission

        if not Mission.objects.exists() or (
            connection.vendor == "sqlite" and not generated.exists()
        ):
            started = time.perf_counter()
            corpus = generate(args.reports)
            _marks()["missions"].clear()
            corpus_file.write_text(json.dumps(corpus, ensure_ascii=False))
            if connection.vendor == "sqlite":
                generated.touch()
            out["generate_s"] = round(time.perf_counter() - started, 1)
        corpus = json.loads(corpus_file.read_text())

        # Rebuild, timed.
        from envoy.search.models import SearchDocument

        if args.skip_rebuild and SearchDocument.objects.exists():
            out["documents"] = SearchDocument.objects.count()
        else:
            started = time.perf_counter()
            passes: dict[str, float] = {}

            def progress(done, total, what):
                passes[what] = round(time.perf_counter() - started, 1)

            out["documents"] = index.rebuild(progress, workers=args.workers)
            out["rebuild_s"] = round(time.perf_counter() - started, 1)
            # Seconds from the start when the last mission was indexed ("missions") and when
            # the final step (FTS5's merge, or PostgreSQL's index build) ended ("index").
            out["rebuild_passes_s"] = passes
        documents = out["documents"]
        out.update(index.index_size())
        out["index_over_text"] = round(out["index_bytes"] / out["text_bytes"], 3)
        print(f"rebuild: {documents:,} documents in {out.get('rebuild_s')} s; text "
              f"{out['text_bytes'] / 1e6:.0f} MB, index {out['index_bytes'] / 1e6:.0f} MB "
              f"({out['index_over_text']}×)", flush=True)  # fmt: skip

        from envoy.core.models import User
        from envoy.search.models import SearchText
        from envoy.search.tokens import fold

        admin, _ = User.objects.get_or_create(
            username="bench-admin", defaults={"role": "admin", "is_superuser": True}
        )
        reports = SearchText.objects.filter(document__kind="report")
        total_reports = reports.count()

        def count_hits(term):
            return services.search(admin, term, facets=False, filters={"kind": ["report"]}).total

        terms = pick_terms(corpus, total_reports, count_hits, args.terms)
        out["terms"] = {label: len(ts) for label, ts in terms.items()}

        # Objects made so far (the corpus's word lists) are not garbage: keep the collector
        # from walking them during the timings, as a web worker after start-up would.
        import gc

        gc.collect()
        gc.freeze()
        # Warm up: caches, fold tables, page cache.
        for ts in terms.values():
            for term, _ in ts[:20]:
                services.search(admin, term)

        def timed(fn, items):
            times = []
            for item in items:
                started = time.perf_counter()
                fn(item)
                times.append((time.perf_counter() - started) * 1000)
            return summary(times)

        # The service as the page calls it (the newest plan: exact count up to 5,000 hits,
        # "more than 5,000" beyond), the exact count, the facets request, and a LIKE scan.
        out["service"], out["service_exact"], out["facets"], out["like"] = {}, {}, {}, {}
        for label, ts in terms.items():
            sample = [t for t, _ in ts] * (args.runs // max(1, len(ts)) + 1)
            sample = sample[: args.runs]
            out["service"][label] = timed(
                lambda t: services.search(admin, t, exact=False, facets=False), sample
            )
            out["service_exact"][label] = timed(
                lambda t: services.search(admin, t, facets=False), sample
            )
            out["facets"][label] = timed(
                lambda t: services.search(admin, t, hits=False), sample[: args.runs // 2]
            )
            like_sample = [t for t, _ in ts][: args.like_runs]
            with connection.cursor() as cursor:
                out["like"][label] = timed(
                    lambda t: (
                        cursor.execute(
                            "SELECT count(*) FROM search_searchtext WHERE body LIKE %s",
                            [f"%{t}%"],
                        ),
                        cursor.fetchone(),
                    ),
                    like_sample,
                )
            print(
                f"{label:18} service {out['service'][label]}  exact count "
                f"{out['service_exact'][label]}  facets {out['facets'][label]}  "
                f"LIKE {out['like'][label]}",
                flush=True,
            )

        # The same, once the search tables are in the operating system's page cache, as on a
        # server whose database fits its memory and has been answering searches for a while.
        # Right after the rebuild (the timings above) a term's first query reads its index
        # pages and its hits' text from disk: a few milliseconds for each of them. The tables
        # are read again right before each class is timed: this machine's kernel takes file
        # pages nobody has read for a minute out of memory (DAMON's proactive reclaim), and
        # SQLite maps at most 2 GB of the file (its mapped pages are spared), so the index of
        # a 3 GB database is otherwise gone again after a minute.
        if connection.vendor == "sqlite":

            def warm_up():
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    # max() loads every value (length() of a blob does not read it).
                    for table, column in [
                        ("search_fts_data", "block"),
                        ("search_fts_idx", "segid"),
                        ("search_fts_docsize", "sz"),
                        ("search_searchtext", "body"),
                        ("search_searchdocument", "title"),
                    ]:
                        cursor.execute(f"SELECT max({column}) FROM {table}")
                        cursor.fetchone()
                return round(time.perf_counter() - started, 1)

            out["warm_up_s"], out["service_warm"] = [], {}
            for label, ts in terms.items():
                out["warm_up_s"].append(warm_up())
                sample = [t for t, _ in ts] * (args.runs // max(1, len(ts)) + 1)
                out["service_warm"][label] = timed(
                    lambda t: services.search(admin, t, exact=False, facets=False),
                    sample[: args.runs],
                )
                print(f"{label:18} service, warm {out['service_warm'][label]}", flush=True)

        # An editor of one bureau: permissions filter the hits.
        from envoy.core.models import Bureau

        editor, _ = User.objects.get_or_create(
            username="bench-editor", defaults={"role": "editor", "bureau": Bureau.objects.first()}
        )
        out["editor"], out["editor_facets"] = {}, {}
        for label, ts in terms.items():
            sample = [t for t, _ in ts][: args.runs // 2]
            out["editor"][label] = timed(
                lambda t: services.search(editor, t, exact=False, facets=False), sample
            )
            out["editor_facets"][label] = timed(
                lambda t: services.search(editor, t, hits=False), sample
            )
            print(f"{label:18} editor {out['editor'][label]}  editor facets "
                  f"{out['editor_facets'][label]}", flush=True)  # fmt: skip

        # The page, end to end (session, middleware, template), as the administrator.
        from django.test import Client

        client = Client()
        client.force_login(admin)
        out["page"], out["page_facets"] = {}, {}
        for label, ts in terms.items():
            sample = [t for t, _ in ts][: args.runs // 2]
            for term in sample[:5]:
                client.get("/search/", {"q": term})

            def get(term, path="/search/", headers=None):
                response = client.get(path, {"q": term}, headers=headers or {})
                assert response.status_code == 200

            out["page"][label] = timed(get, sample)
            out["page_facets"][label] = timed(
                lambda t: get(t, "/search/facets/", {"HX-Request": "true"}), sample
            )
            print(f"{label:18} page {out['page'][label]}  facets request "
                  f"{out['page_facets'][label]}", flush=True)  # fmt: skip

        # Hit sets against a folded substring scan of every text.
        all_terms = [t for ts in terms.values() for t, _ in ts]
        check = all_terms[: max(300, args.check)]
        started = time.perf_counter()
        folded = {
            pk: fold(body)
            for pk, body in SearchText.objects.values_list("document_id", "body").iterator(
                chunk_size=2000
            )
        }
        mismatches = 0
        for term in check:
            key = fold(term)
            expected = {pk for pk, body in folded.items() if key in body}
            found = set(backends.reader().ids(backends.match_expression(term)).tolist())
            if expected != found:
                mismatches += 1
                print(
                    f"  MISMATCH {term}: expected {len(expected)}, found {len(found)}", flush=True
                )
        out["hit_sets_checked"] = len(check)
        out["hit_sets_different"] = mismatches
        out["hit_set_check_s"] = round(time.perf_counter() - started, 1)
        print(f"hit sets: {len(check)} terms, {mismatches} different", flush=True)
    finally:
        if stop_pg:
            from django.db import connections

            connections.close_all()
            stop_pg()
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=60000)
    parser.add_argument("--runs", type=int, default=200, help="queries per class")
    parser.add_argument("--terms", type=int, default=100, help="terms per class")
    parser.add_argument("--like-runs", type=int, default=5, help="LIKE scans per class")
    parser.add_argument("--check", type=int, default=300, help="terms whose hit sets are checked")
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL")
    parser.add_argument(
        "--database-url",
        help="on this PostgreSQL database instead (kept; the corpus generated when it has none)",
    )
    parser.add_argument(
        "--skip-rebuild", action="store_true", help="measure the index as it is (not timed)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        help="processes building documents and tokens (default: the rebuild's own choice)",
    )
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    with open("/proc/loadavg") as f:
        load_before = f.read().split()[:3]
    out = run(args)
    with open("/proc/loadavg") as f:
        out["load"] = {"before": load_before, "after": f.read().split()[:3]}
    print(json.dumps(out, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
