"""Shared start-up for the bench scripts: Django on a throwaway SQLite database."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "reports" / "new-taipei-gnets-tokyo-2026.txt"


def django_with_scratch_database() -> Path:
    """Set Django up on a new SQLite file in a temp folder, migrated; return the folder."""
    scratch = Path(tempfile.mkdtemp(prefix="envoy-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "envoy.settings")
    os.environ["ENVOY_DATA_DIR"] = str(scratch)
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return scratch


def measure(label: str, fn, *, runs: int, warmup: int = 3) -> dict:
    """Run ``fn`` warm ``runs`` times; print and return median, p95 and max in ms."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    result = {
        "label": label,
        "runs": runs,
        "median_ms": statistics.median(times),
        "p95_ms": times[max(0, int(len(times) * 0.95) - 1)],
        "max_ms": times[-1],
    }
    print(
        f"{label:<44} median {result['median_ms']:8.1f} ms   p95 {result['p95_ms']:8.1f} ms"
        f"   max {result['max_ms']:8.1f} ms   ({runs} runs)"
    )
    return result
