"""Pages under load: the production configuration on loopback, driven by wrk (issue 19).

``BENCH=load make bench`` (PostgreSQL and Redis required):

1. A fresh PostgreSQL database named after DATABASE_URL's with ``_load`` added (dropped
   first), the Redis database in REDIS_URL emptied.
2. The production environment (``portal.settings``, DEBUG off, a random SECRET_KEY,
   HTTPS=0 on loopback, the Redis cache), the Procfile's ``release`` command, ``seed_lcr
   --demo`` and a generated dataset (``bench/load_data.py``), which also signs a member in
   and hands back the session cookie.
3. The Procfile's ``web`` command (gunicorn, WEB_CONCURRENCY=2, bound to 127.0.0.1:PORT)
   in a process group of its own.
4. Debian's ``wrk`` (``-t2 -c16``, LOAD_SECONDS each, default 3) against ``/healthz``, then a
   page, for each page, twice over; a page's ratio is its requests/s over the /healthz run
   just before it, so both see the same machine.
5. Stops every process it started (by process group, on SIGTERM and Ctrl-C too), drops the
   database and writes the section with the machine's load average.
"""

import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
STAGE = ROOT / "var" / "bench-load"
VENV_BIN = Path(sys.executable).parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
PORT = int(os.environ.get("PORT", "8000"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "3"))
THREADS, CONNECTIONS, ROUNDS = 2, 16, 2
ANONYMOUS_TARGET, SIGNED_IN_TARGET, P99_TARGET_MS = 0.4, 0.1, 50.0
TITLE = "## Load"


class LoadFailed(Exception):
    pass


def log(message):
    print(f"  [load {time.strftime('%H:%M:%S')}] {message}", flush=True)


def with_database(url, name):
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def recreate_database(url, *, drop_only=False):
    name = urlsplit(url).path.lstrip("/")
    if not name.endswith("_load"):
        raise LoadFailed(f"refusing to drop {name!r}: only *_load databases")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def procfile():
    entries = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, command = line.partition(":")
            entries[name.strip()] = command.strip()
    return entries


def environment(database_url):
    """What the README's production section sets, on loopback; never the test settings."""
    base = {k: os.environ[k] for k in ("HOME", "LANG", "LC_ALL", "TZ", "TMPDIR") if k in os.environ}
    site = f"http://127.0.0.1:{PORT}"
    return {
        **base,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": site,
        "SITE_URL": site,
        "HTTPS": "0",
        "STATIC_ROOT": str(STAGE / "static"),
        "MEDIA_ROOT": str(STAGE / "media"),
        "PORT": str(PORT),
        "BIND_HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }


class Processes:
    """Every process started here leads its own process group, stopped as a group."""

    def __init__(self):
        self.started = []

    def start(self, name, command, env):
        handle = open(STAGE / f"{name}.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(
            ["bash", "-c", command],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        process.name, process.handle = name, handle
        self.started.append(process)
        return process

    def run(self, name, command, env, timeout=900):
        process = self.start(name, command, env)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise LoadFailed(f"{name} did not finish within {timeout} s") from exc
        if code:
            raise LoadFailed(f"{name} failed (exit {code}); see {STAGE / (name + '.log')}")
        return (STAGE / f"{name}.log").read_text()

    def stop_all(self):
        for process in self.started:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.started:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            _signal_group(process, signal.SIGKILL)
            process.wait()
            process.handle.close()
        self.started = []


def _signal_group(process, signum):
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, OSError):
        return None, ""


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url, cookie=None):
    """requests/s, p50 and p99 in ms, and requests that timed out, of one wrk run."""
    argv = [WRK, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    argv += ["--timeout", "10s"]
    if cookie:
        argv += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*argv, url], capture_output=True, text=True, timeout=SECONDS + 60, check=True
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise LoadFailed(f"wrk saw error answers on {url}:\n{output}")
    timeouts = re.search(r"timeout (\d+)", output)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    return rps, p50, p99, int(timeouts.group(1)) if timeouts else 0


def settle(site):
    """Wait until requests left queued by the previous run are answered: one request
    waits behind them (gunicorn answers them even though wrk has hung up)."""
    fetch(f"{site}/healthz")
    time.sleep(0.5)


def run():
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")) or not REDIS_URL:
        print("  skipped: the load benchmark needs DATABASE_URL (PostgreSQL) and REDIS_URL")
        return f"{TITLE}\n\nNot run: needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).\n"
    if not Path(WRK).exists():
        raise LoadFailed("wrk is missing: apt-get install wrk")
    previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    shutil.rmtree(STAGE, ignore_errors=True)
    STAGE.mkdir(parents=True)
    database_url = with_database(DATABASE_URL, urlsplit(DATABASE_URL).path.lstrip("/") + "_load")
    processes = Processes()
    try:
        return _run(processes, database_url)
    finally:
        processes.stop_all()
        recreate_database(database_url, drop_only=True)
        log("every process started here is stopped; the database is dropped")
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stop(signum, frame):
    raise SystemExit(128 + signum)


def _run(processes, database_url):
    started = time.monotonic()
    recreate_database(database_url)
    redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5).flushdb()
    env = environment(database_url)
    entries = procfile()
    log("release, seed_lcr --demo, generated data ...")
    processes.run("release", entries["release"], env)
    processes.run("seed", "python manage.py seed_lcr --demo", env)
    data = json.loads(processes.run("data", "python -m bench.load_data", env).splitlines()[-1])
    site = f"http://127.0.0.1:{PORT}"
    web = processes.start("web", f"exec {entries['web']}", env)
    deadline = time.monotonic() + 120
    while fetch(f"{site}/readyz")[0] != 200:
        if web.poll() is not None or time.monotonic() > deadline:
            raise LoadFailed(f"gunicorn did not become ready; see {STAGE / 'web.log'}")
        time.sleep(0.25)
    log(f"ready after {time.monotonic() - started:.0f} s; {data['counts']}")

    cookie = f"sessionid={data['session']}"
    pages = [
        ("/", None),
        ("/assets/", None),
        (data["asset"], None),
        ("/opportunities/", None),
        (data["opportunity"], None),
        ("/events/", None),
        ("/organisations/", None),
        ("/dashboard/", cookie),
        (data["matched_opportunity"], cookie),
        (data["asset"], cookie),
    ]
    for path, with_cookie in pages:
        status, body = fetch(site + path, with_cookie)
        if status != 200 or (with_cookie and "Sign out" not in body):
            raise LoadFailed(f"{path} answered {status} ({'signed in' if with_cookie else ''})")
    load_before = os.getloadavg()
    runs = {index: [] for index in range(len(pages))}
    for _ in range(ROUNDS):
        for index, (path, with_cookie) in enumerate(pages):
            settle(site)
            healthz = wrk(f"{site}/healthz")
            measured = wrk(site + path, with_cookie)
            runs[index].append((healthz, measured))
            log(
                f"{path}{' (signed in)' if with_cookie else ''}: {measured[0]:.0f} req/s, "
                f"/healthz {healthz[0]:.0f} req/s, p99 {measured[2]:.1f} ms"
            )
    load_after = os.getloadavg()
    errors = [line for line in (STAGE / "web.log").read_text().splitlines() if "Traceback" in line]
    if errors:
        raise LoadFailed(f"the web process logged errors; see {STAGE / 'web.log'}")
    return report(pages, runs, data, load_before, load_after)


def report(pages, runs, data, load_before, load_after):
    counts = data["counts"]
    rows = [
        TITLE,
        "",
        "Production configuration on loopback (`bench/load.py`): gunicorn with 2 workers "
        "(the Procfile's `web`), `portal.settings` with DEBUG off, PostgreSQL, the Redis "
        f"cache; `seed_lcr --demo` plus generated data ({counts['organisations']:,} "
        f"organisations, {counts['opportunities']:,} opportunities, {counts['assets']:,} "
        f"assets). Debian's `wrk -t{THREADS} -c{CONNECTIONS}`, {SECONDS} s per run, each page "
        f"run {ROUNDS} times right after a `/healthz` run; ratio = the page's requests/s over "
        "that `/healthz` run's (over the means of the runs), p50 the mean, p99 the worst run. "
        "Signed-in pages send a member's session cookie.",
        "",
        f"Targets: anonymous pages at least {ANONYMOUS_TARGET} of `/healthz` with p99 at most "
        f"{P99_TARGET_MS:.0f} ms; signed-in pages at least {SIGNED_IN_TARGET}.",
        "",
        "| page | who | req/s | /healthz req/s | ratio | p50 ms | p99 ms | /healthz p99 ms "
        "| target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for index, (path, cookie) in enumerate(pages):
        healthz_rps = statistics.mean(h[0] for h, _ in runs[index])
        page_rps = statistics.mean(p[0] for _, p in runs[index])
        ratio = page_rps / healthz_rps
        p50 = statistics.mean(p[1] for _, p in runs[index])
        p99 = max(p[2] for _, p in runs[index])
        timeouts = sum(p[3] for _, p in runs[index])
        healthz_p99 = max(h[2] for h, _ in runs[index])
        if cookie:
            verdict = "met" if ratio >= SIGNED_IN_TARGET else "NOT met"
        elif ratio >= ANONYMOUS_TARGET:
            verdict = "met" if p99 <= P99_TARGET_MS else "ratio met, p99 NOT met"
        else:
            verdict = "NOT met"
        who = "member" if cookie else "visitor"
        print(
            f"load: {path} {page_rps:.0f} req/s ({ratio:.2f} of healthz), "
            f"p50 {p50:.1f} ms, p99 {p99:.1f} ms{' (signed in)' if cookie else ''}"
            + (f", {timeouts} timed out" if timeouts else ""),
            flush=True,
        )
        rows.append(
            f"| `{path}` | {who} | {page_rps:.0f} | {healthz_rps:.0f} | {ratio:.2f} | "
            f"{p50:.1f} | {p99:.1f} | {healthz_p99:.1f} | {verdict}"
            + (f" ({timeouts} requests over 10 s)" if timeouts else "")
            + " |"
        )
    rows += [
        "",
        "Anonymous pages are answered from the page cache (`portal/pagecache.py`, README "
        '"Page cache"): a hit costs two Redis round trips and no view, template, session '
        "or database work, so they run near `/healthz`. A miss (at most once a minute per "
        "page, or after a change) renders the page; those renders were made cheaper too (the "
        "home page's focal-area counts, the opportunity filter's facility list). Signed-in "
        "pages render every time, for the member: the dashboard with 11 queries, the "
        "opportunity page 5, the asset page 6. Their session is read from the Redis cache "
        "(`portal/sessions.py`), and what the opportunity and asset pages show alike to "
        "everyone who may open them (description, facts, focal areas, keywords, facilities, "
        "JSON-LD) comes from fragments cached under the page cache's generations (README "
        '"Page cache"). What is left is Python: Django building and compiling each queryset '
        "(about 1 ms for each of the visibility and matches queries), the personal parts "
        "(matches, which depend on what the member dismissed and may see; the poster's name; "
        "the enquiry form) and the base template. Measured in one process "
        "(`django.test.Client`, these settings, CPU time per request), the opportunity page "
        "went from about 18 to 12-15 ms, the asset page from 25 to 18-21 ms, the dashboard "
        "stayed at 22-25 ms; the 0.1 target needs about 7 ms per request, PostgreSQL "
        "included. With 16 connections on 2 synchronous "
        "workers a request waits behind the others, so p99 is roughly 16 / requests per "
        "second: compare each page's p99 with `/healthz`'s in the same run.",
        "",
        "Load average (1, 5, 15 min) before the runs: "
        + ", ".join(f"{value:.2f}" for value in load_before)
        + "; after: "
        + ", ".join(f"{value:.2f}" for value in load_after)
        + f" ({os.cpu_count()} cores, shared with other work: absolute figures are noisy, "
        "the ratio to `/healthz` in the same run is what counts).",
        "",
    ]
    return "\n".join(rows)
