"""The production smoke stage: boot the Procfile's processes with production settings and
drive the live site (``make prod-smoke``; ``.ci/run`` calls it after ``make test``).

What it does, in order:

1. A fresh PostgreSQL database (the name in DATABASE_URL plus ``_prod``, dropped first),
   the Redis database in REDIS_URL emptied, and an SMTP server (aiosmtpd, its own
   process) on 127.0.0.1:SMTP_PORT that stores every message in a Maildir.
2. The environment the README gives an operator: DEBUG unset, a random SECRET_KEY, the
   manifest static storage (the default), DATABASE_URL, REDIS_URL, SITE_URL matching
   PORT, EMAIL_HOST/EMAIL_PORT at the SMTP server, HTTPS=0 (plain HTTP on loopback).
   Nothing here reads portal.settings_test.
3. The Procfile's ``release`` command, then the LCR+ dataset (``seed_lcr --demo``) and a
   curator (``create_curator``); then ``web`` (gunicorn), ``worker`` and one ``beat``,
   each read from the Procfile and started in a process group of its own.
4. Waits (bounded) until /readyz answers 200, the worker is ready and beat is running.
5. ``check --deploy --fail-level WARNING`` as an operator runs it (HTTPS on), then the
   pytest suite in .ci/smoke/ (pages, static files, browser journeys in Chromium) with
   its own configuration: no pytest-django, no test settings.
6. Stops every process it started, by process group, pass or fail, and prints figures.

Settings come from the environment, with the defaults CI uses: DATABASE_URL
(postgres://postgres@127.0.0.1:5432/portal), REDIS_URL (redis://127.0.0.1:6379/0),
PORT (8000), SMTP_PORT (8025), BOOT_TIMEOUT (120 seconds).
"""

import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
STAGE = ROOT / "var" / "prod-smoke"
VENV_BIN = Path(sys.executable).parent

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PORT = int(os.environ.get("PORT", "8000"))
SMTP_PORT = int(os.environ.get("SMTP_PORT", "8025"))
BOOT_TIMEOUT = float(os.environ.get("BOOT_TIMEOUT", "120"))
CURATOR_EMAIL = "curator@lcr-smoke.example"
LONG_RUNNING = ["web", "worker", "beat"]
SERVICES = ["smtp", *LONG_RUNNING]  # must stay up until the end


class StageFailed(Exception):
    pass


STAGE_NAME = "prod-smoke"  # in log lines; scale.py, which reuses this module, sets its own


def log(message):
    print(f"[{STAGE_NAME} {time.strftime('%H:%M:%S')}] {message}", flush=True)


def procfile():
    """{process type: command} from the Procfile, as a platform reads it."""
    entries = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, command = line.partition(":")
            entries[name.strip()] = command.strip()
    missing = {"release", *LONG_RUNNING} - entries.keys()
    if missing:
        raise StageFailed(f"the Procfile has no {', '.join(sorted(missing))} entry")
    return entries


def database_url_named(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


# The stage's own database beside the one DATABASE_URL names (portal -> portal_prod).
PROD_DATABASE = urlsplit(DATABASE_URL).path.lstrip("/") + "_prod"
PROD_DATABASE_URL = database_url_named(DATABASE_URL, PROD_DATABASE)


def fresh_database(url, suffix="_prod"):
    """Drop and create the database ``url`` names (connecting to the ``postgres`` one)."""
    name = urlsplit(url).path.lstrip("/")
    if not name.endswith(suffix):
        raise StageFailed(
            f"refusing to drop {name!r}: the stage only recreates *{suffix} databases"
        )
    with psycopg.connect(database_url_named(url, "postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def empty_redis(url):
    redis.Redis.from_url(url, socket_connect_timeout=5).flushdb()


def port_is_free(port):
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def operator_environment(site_url, secret_key, database_url=PROD_DATABASE_URL, stage=None):
    """The environment the README's production section tells an operator to set."""
    stage = stage or STAGE
    base = {
        key: os.environ[key]
        for key in ("HOME", "LANG", "LC_ALL", "TZ", "TMPDIR")
        if key in os.environ
    }
    return {
        **base,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "PYTHONUNBUFFERED": "1",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": site_url,
        "SITE_URL": site_url,
        "HTTPS": "0",  # plain HTTP on loopback; a real deployment sits behind TLS
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(SMTP_PORT),
        "DEFAULT_FROM_EMAIL": "LCR+ Innovation Portal <portal@lcr-smoke.example>",
        "ASSET_ENQUIRY_EMAIL": "enquiries@lcr-smoke.example",
        "STATIC_ROOT": str(stage / "static"),
        "MEDIA_ROOT": str(stage / "media"),
        "PORT": str(PORT),
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        "WORKER_CONCURRENCY": os.environ.get("WORKER_CONCURRENCY", "2"),
    }


class Processes:
    """Every process the stage starts, each the leader of its own process group."""

    def __init__(self, stage=None):
        self.stage = stage or STAGE
        self.started = []

    def start(self, name, argv, env, output=None, cwd=None):
        """Start ``argv``; its output goes to logs/<name>.log unless ``output`` is given."""
        handle = None
        if output is None:
            handle = output = open(self.stage / "logs" / f"{name}.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(
            argv,
            cwd=cwd or ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        process.name, process.log_handle = name, handle
        process.log_path = self.stage / "logs" / f"{name}.log"
        self.started.append(process)
        log(f"started {name} (pid {process.pid}): {shlex.join(argv)}")
        return process

    def serve(self, name, command, env, cwd=None):
        """A long-running Procfile command: the shell expands ${PORT:-8000} and execs it."""
        return self.start(name, ["bash", "-c", f"exec {command}"], env, cwd=cwd)

    def run(self, name, command, env, timeout=600, cwd=None):
        """Run a shell command to completion; its process group is stopped like the rest."""
        process = self.start(name, ["bash", "-c", command], env, cwd=cwd)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise StageFailed(f"{name} did not finish within {timeout} s") from exc
        if code != 0:
            raise StageFailed(f"{name} failed (exit {code})\n{tail(process.log_path)}")
        return process

    def check_alive(self, names):
        for process in self.started:
            if process.name in names and process.poll() is not None:
                raise StageFailed(
                    f"{process.name} exited with {process.returncode}\n{tail(process.log_path)}"
                )

    def stop_all(self):
        """SIGTERM to each process group, then SIGKILL to what is left after 20 s."""
        for process in reversed(self.started):
            signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in reversed(self.started):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"{process.name} (pid {process.pid}) ignored SIGTERM; killing it")
            # Children (gunicorn and celery workers) go with their group in any case.
            signal_group(process, signal.SIGKILL)
            process.wait()
            if process.log_handle:
                process.log_handle.close()
        stopped = len(self.started)
        self.started = []
        return stopped


def signal_group(process, signum):
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def tail(path, lines=40):
    text = Path(path).read_text(errors="replace").splitlines()
    return "\n".join(f"    {line}" for line in text[-lines:])


def wait_until(what, test, processes, names, timeout=BOOT_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        processes.check_alive(names)
        if test():
            return
        time.sleep(0.25)
    raise StageFailed(f"{what} not ready within {timeout:.0f} s")


def answers_200(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own URL)
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def log_contains(path, text):
    return text in Path(path).read_text(errors="replace")


def smtp_answers():
    try:
        with socket.create_connection(("127.0.0.1", SMTP_PORT), timeout=2) as sock:
            return sock.recv(100).startswith(b"220")
    except OSError:
        return False


def server_errors(names, stage=None):
    """Lines of the processes' logs that show a 5xx answer, an ERROR or a traceback."""
    answered_5xx = re.compile(r'" 5\d\d \d')
    problems = []
    for name in names:
        log_path = (stage or STAGE) / "logs" / f"{name}.log"
        for line in log_path.read_text(errors="replace").splitlines():
            if answered_5xx.search(line) or " ERROR " in line or line.startswith("Traceback"):
                problems.append(f"    {name}: {line[:300]}")
    return problems


def junit_counts(path):
    """{file: [passed, failed, skipped]} from pytest's JUnit XML report."""
    counts = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        module = case.get("classname", "").rsplit(".", 1)[-1] or case.get("file", "")
        row = counts.setdefault(module, [0, 0, 0])
        if case.find("skipped") is not None:
            row[2] += 1
        elif case.find("failure") is not None or case.find("error") is not None:
            row[1] += 1
        else:
            row[0] += 1
    return counts


def main():
    started_at = time.monotonic()
    entries = procfile()
    for port in (PORT, SMTP_PORT):
        if not port_is_free(port):
            raise StageFailed(f"port {port} is in use; set PORT / SMTP_PORT to free ones")

    shutil.rmtree(STAGE, ignore_errors=True)
    for folder in ("logs", "static", "media"):  # mail/: the SMTP server makes its Maildir
        (STAGE / folder).mkdir(parents=True)

    site_url = f"http://127.0.0.1:{PORT}"
    env = operator_environment(site_url, secrets.token_urlsafe(50))
    if any("settings_test" in value for value in env.values()):
        raise StageFailed("the production stage must not use the test settings")
    log(f"database {PROD_DATABASE} (fresh), Redis {REDIS_URL} (emptied), site {site_url}")
    fresh_database(PROD_DATABASE_URL)
    empty_redis(REDIS_URL)

    processes = Processes()
    figures = {}
    try:
        # Its own process, storing every message it accepts in a Maildir the tests read.
        mail = ["-c", "aiosmtpd.handlers.Mailbox", str(STAGE / "mail")]
        processes.start(
            "smtp",
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{SMTP_PORT}", *mail],
            env,
        )
        wait_until("the SMTP server", smtp_answers, processes, ["smtp"], timeout=30)

        boot_started = time.monotonic()
        processes.run("release", entries["release"], env)
        figures["release_seconds"] = time.monotonic() - boot_started
        processes.run("seed", "python manage.py seed_lcr --demo", env)
        curator_password = secrets.token_urlsafe(18)
        processes.run(
            "curator",
            f"python manage.py create_curator {CURATOR_EMAIL} --name 'Cora Curator' --noinput",
            {**env, "DJANGO_CURATOR_PASSWORD": curator_password},
        )

        processes_started = time.monotonic()
        for name in LONG_RUNNING:
            processes.serve(name, entries[name], env)
        by_name = {p.name: p for p in processes.started}
        wait_until("web (/readyz)", lambda: answers_200(f"{site_url}/readyz"), processes, SERVICES)
        wait_until(
            "the worker",
            lambda: log_contains(by_name["worker"].log_path, " ready."),
            processes,
            SERVICES,
        )
        wait_until(
            "beat",
            lambda: log_contains(by_name["beat"].log_path, "beat: Starting..."),
            processes,
            SERVICES,
        )
        figures["processes_ready_seconds"] = time.monotonic() - processes_started
        figures["boot_seconds"] = time.monotonic() - boot_started
        log(
            f"booted in {figures['boot_seconds']:.1f} s "
            f"(release {figures['release_seconds']:.1f} s, "
            f"web, worker and beat ready {figures['processes_ready_seconds']:.1f} s after start)"
        )

        # As an operator runs the deployment checklist: HTTPS left at its default (on).
        operator = {k: v for k, v in env.items() if k != "HTTPS"}
        processes.run(
            "check-deploy", "python manage.py check --deploy --fail-level WARNING", operator
        )
        log("check --deploy --fail-level WARNING: no issues")

        report = STAGE / "junit.xml"
        smoke_env = {
            **{k: env[k] for k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if k in env},
            "SMOKE_SITE_URL": site_url,
            "SMOKE_MAILDIR": str(STAGE / "mail"),
            "SMOKE_FIGURES": str(STAGE / "figures.json"),
            "SMOKE_CURATOR_EMAIL": CURATOR_EMAIL,
            "SMOKE_CURATOR_PASSWORD": curator_password,
            "CHROMIUM_PATH": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        }
        pytest_argv = [sys.executable, "-m", "pytest", "-c", str(HERE / "pytest.ini")]
        pytest_argv += ["--rootdir", str(HERE), f"--junitxml={report}", str(HERE)]
        tests = processes.start("pytest", pytest_argv, smoke_env, output=sys.stdout)
        try:
            pytest_code = tests.wait(timeout=600)
        except subprocess.TimeoutExpired as exc:
            raise StageFailed("the smoke tests did not finish within 600 s") from exc
        processes.check_alive(SERVICES)
        counts = junit_counts(report) if report.exists() else {}
        pages = (
            json.loads((STAGE / "figures.json").read_text())
            if (STAGE / "figures.json").exists()
            else {}
        )
        figures["pages_checked"] = pages.get("pages_checked", 0)
        figures["static_files_checked"] = pages.get("static_files_checked", 0)
        figures["journeys_passed"], figures["journeys_failed"], _ = counts.get(
            "test_journeys", [0, 0, 0]
        )
        skipped = sum(row[2] for row in counts.values())
        if pytest_code != 0:
            raise StageFailed(f"the smoke tests failed (pytest exit {pytest_code})")
        if skipped:
            raise StageFailed(f"{skipped} smoke test(s) skipped; nothing may be skipped here")
        if not figures["journeys_passed"] or not figures["pages_checked"]:
            raise StageFailed("no journey or no page was checked")
        problems = server_errors(LONG_RUNNING)
        if problems:
            raise StageFailed("the processes logged errors:\n" + "\n".join(problems[:20]))
    finally:
        stopped = processes.stop_all()
        log(f"every process the stage started ({stopped}) is stopped; logs in {STAGE / 'logs'}")
        figures["total_seconds"] = time.monotonic() - started_at
        print_figures(figures)


def print_figures(figures):
    print_figure_rows(
        "prod-smoke",
        figures,
        [
            ("time to boot (release, seed, all ready)", "boot_seconds", "{:.1f} s"),
            ("  release (migrate, collectstatic)", "release_seconds", "{:.1f} s"),
            ("  web, worker, beat ready after start", "processes_ready_seconds", "{:.1f} s"),
            ("pages checked", "pages_checked", "{}"),
            ("static files checked", "static_files_checked", "{}"),
            ("journeys passed", "journeys_passed", "{}"),
            ("journeys failed", "journeys_failed", "{}"),
            ("stage total", "total_seconds", "{:.1f} s"),
        ],
    )


def print_figure_rows(stage, figures, rows):
    """One line per (label, key, format) row whose key the stage measured."""
    print(f"\n== {stage} figures", flush=True)
    width = max(len(label) for label, _key, _form in rows) + 2
    for label, key, form in rows:
        if key in figures:
            print(f"  {label:{width}} {form.format(figures[key])}", flush=True)


def run_stage(main, timeout=None):
    """Run a stage's ``main``: SIGTERM, Ctrl-C, SIGHUP (and SIGALRM after ``timeout``
    seconds) stop it as a failure would, so its ``finally`` stops every process."""

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM):
        signal.signal(signum, stop)
    if timeout:
        signal.alarm(int(timeout))
    try:
        main()
    except StageFailed as failure:
        log(f"FAILED: {failure}")
        sys.exit(1)
    log("passed")


if __name__ == "__main__":
    run_stage(main)
