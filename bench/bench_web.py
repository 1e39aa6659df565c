"""Web pages under load: 10,000 generated missions with 30,000 follow-through actions, a
production-style server (gunicorn) on 127.0.0.1, 10 concurrent clients for 60 s per page
(target: p95 ≤ 150 ms, 0 errors) — the home page of each role among them — and the SQL
queries per page, which must not grow with the rows shown.

    .venv/bin/python bench/bench_web.py [--missions 10000] [--actions 30000] [--seconds 60]

Needs `wrk` (Debian package `wrk`). The generated database is kept in var/bench/ and reused
by later runs with the same --missions.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
PASSWORD = "bench-" + os.urandom(6).hex()

# wrk's Lua: a random mission (or report) id per request; p50/p95/p99 and errors as JSON.
WRK_SCRIPT = """
local ids = {}
for id in string.gmatch(os.getenv("BENCH_IDS"), "%d+") do ids[#ids + 1] = id end
local pattern = os.getenv("BENCH_PATH")
math.randomseed(os.time())
request = function()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", (pattern:gsub("{id}", id)), {["Cookie"] = os.getenv("BENCH_COOKIE")})
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, "errors": %d, "non_2xx": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors, summary.errors.status))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The home page's user of each role (besides the administrator, "bench").
ROLES = {
    "officer": "bench-officer",
    "editor": "bench-editor",
    "reviewer": "bench-reviewer",
    "viewer": "bench-viewer",
}


def prepare(data_dir: Path, missions: int, actions: int) -> None:
    """Migrate, generate the missions, their actions and a user of each role, collect static
    files — once per size."""
    env = {
        **os.environ,
        "ENVOY_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "envoy.settings",
    }
    marker = data_dir / f"generated-{missions}"
    if not marker.exists():
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        code = (
            "import sys, time; sys.path.insert(0, 'bench'); import django; django.setup()\n"
            "from django.core.management import call_command\n"
            "call_command('migrate', verbosity=0)\n"
            "from envoy.core.models import Bureau\n"
            "bureaus = [Bureau.objects.create(code=f'b{i}', name=f'局處{i}') for i in range(8)]\n"
            "from generate import generate\n"
            f"t = time.perf_counter(); generate({missions}, bureaus=bureaus)\n"
            "print(f'generated in {time.perf_counter() - t:.0f} s')\n"
        )
        subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True)
        marker.touch()
    users = "".join(
        f"User.objects.filter(username='{name}').delete()\n"
        f"User.objects.create_user('{name}', password='{PASSWORD}', role='{role}',"
        f" bureau=Bureau.objects.order_by('id').first())\n"
        for role, name in ROLES.items()
    )
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
        "from envoy.core.models import User\n"
        "User.objects.filter(username='bench').delete()\n"
        # An administrator: may open every page, the report editor of approved reports too.
        f"User.objects.create_superuser('bench', password='{PASSWORD}', role='admin')\n"
        "from envoy.core.models import Bureau\n" + users
    )
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True)
    marker = data_dir / f"actions-{actions}"
    if not marker.exists():
        code = (
            "import sys, time; sys.path.insert(0, 'bench'); import django; django.setup()\n"
            "from envoy.actions.models import Action\n"
            "from envoy.core.models import User\n"
            "Action.objects.all().delete()\n"
            "from generate import generate_actions\n"
            "owners = list(User.objects.filter(username__startswith='bench'))\n"
            f"t = time.perf_counter(); generate_actions({actions}, owners=owners)\n"
            "print(f'actions generated in {time.perf_counter() - t:.0f} s')\n"
        )
        subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True)
        marker.touch()


def sign_in(base: str, username: str = "bench") -> str:
    """Sign in through the form like a browser; return the Cookie header."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/accounts/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=data, headers={"Referer": base + "/accounts/login/"}
    )
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        sys.exit("could not sign in")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def query_counts(data_dir: Path) -> dict:
    """SQL queries per page, in-process, for a page showing few rows and one showing many."""
    code = r"""
import json, django; django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
setup_test_environment()
from envoy.core.models import User
from envoy.missions.models import Mission
client = Client(); client.force_login(User.objects.get(username="bench"))
sample = list(Mission.objects.order_by("id")[:300])
small = min(sample, key=lambda m: m.days.count())
big = max(sample, key=lambda m: m.days.count())
def count(url):
    with CaptureQueriesContext(connection) as c:
        status = client.get(url).status_code
    return {"status": status, "queries": len(c.captured_queries)}
few = "/missions/?year=2016&category=internship&status=returned&place=%E5%A1%94%E7%88%BE%E5%9C%96"
rows_few = len(client.get(few).context["rows"])
out = {
    f"list, filtered to {rows_few} rows": count(few),
    "home page (administrator)": count("/"),
}
for name in ("bench-officer", "bench-editor", "bench-reviewer", "bench-viewer"):
    client.force_login(User.objects.get(username=name))
    out[f"home page ({name[6:]})"] = count("/")
client.force_login(User.objects.get(username="bench"))
out |= {
    "tracking table": count("/actions/"),
    "list, 25 rows": count("/missions/"),
    "list, page 100 (25 rows)": count("/missions/?page=100"),
    f"mission {small.pk} ({small.days.count()} days)": count(f"/missions/{small.pk}/"),
    f"mission {big.pk} ({big.days.count()} days)": count(f"/missions/{big.pk}/"),
    f"mission edit {small.pk}": count(f"/missions/{small.pk}/edit/"),
    f"mission edit {big.pk}": count(f"/missions/{big.pk}/edit/"),
    f"report edit {small.report.pk}": count(f"/reports/{small.report.pk}/edit/"),
    f"report edit {big.report.pk}": count(f"/reports/{big.report.pk}/edit/"),
}
print(json.dumps(out, ensure_ascii=False))
"""
    env = {
        **os.environ,
        "ENVOY_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "envoy.settings",
    }
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--missions", type=int, default=10_000)
    parser.add_argument("--actions", type=int, default=30_000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--pages", help="only the pages whose name has this text")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    data_dir = ROOT / "var" / "bench" / f"missions-{args.missions}"
    prepare(data_dir, args.missions, args.actions)
    print(
        f"{args.missions:,} missions, {args.actions:,} actions; database {(data_dir / 'envoy.sqlite3').stat().st_size / 1e6:.0f} MB"
    )
    for page, counted in query_counts(data_dir).items():
        print(f"  SQL queries  {page:<34} {counted['queries']:>3}   (HTTP {counted['status']})")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ENVOY_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "envoy.settings",
    }
    server = subprocess.Popen(
        [
            ROOT / ".venv/bin/gunicorn",
            "envoy.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/").read()
                break
            except OSError:
                time.sleep(0.1)
        cookies = {"bench": sign_in(base)}
        for name in ROLES.values():
            cookies[name] = sign_in(base, name)
        ids = list(range(1, args.missions + 1))
        sample = " ".join(str(i) for i in ids[:: max(1, len(ids) // 2000)])
        pages = {
            "home page (administrator)": ("bench", "/?n={id}"),
            **{f"home page ({role})": (name, "/?n={id}") for role, name in ROLES.items()},
            "tracking table": ("bench", "/actions/?page={id}"),
            "missions list": ("bench", "/missions/?page={id}"),
            "mission page": ("bench", "/missions/{id}/"),
            "mission edit page": ("bench", "/missions/{id}/edit/"),
            "report edit page": ("bench", "/reports/{id}/edit/"),
        }
        if args.pages:
            pages = {name: page for name, page in pages.items() if args.pages in name}
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        print(
            f"gunicorn, {args.workers} sync workers; wrk, {args.clients} connections, {args.seconds} s per page"
        )
        for name, (user, pattern) in pages.items():
            listing = "list" in name or "table" in name
            page_ids = " ".join(str(i) for i in range(1, 400)) if listing else sample
            run = subprocess.run(
                [
                    "wrk",
                    "-t",
                    "2",
                    "-c",
                    str(args.clients),
                    "-d",
                    f"{args.seconds}s",
                    "--timeout",
                    "5s",
                    "-s",
                    script.name,
                    base,
                ],
                env={
                    **os.environ,
                    "BENCH_IDS": page_ids,
                    "BENCH_PATH": pattern,
                    "BENCH_COOKIE": cookies[user],
                },
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(run.stdout.strip().splitlines()[-1])
            throughput = result["requests"] / result["seconds"]
            verdict = "met" if result["p95_ms"] <= 150 and result["errors"] == 0 else "NOT MET"
            print(
                f"  {name:<26} p50 {result['p50_ms']:6.1f} ms  p95 {result['p95_ms']:6.1f} ms  "
                f"p99 {result['p99_ms']:6.1f} ms  {throughput:6.1f} req/s  "
                f"{result['requests']} requests, {result['errors']} errors  [{verdict}]"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
