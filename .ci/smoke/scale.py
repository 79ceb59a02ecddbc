"""The scale-out stage: the portal as on several machines, proven on loopback
(``make scale-smoke``; ``.ci/run`` calls it after ``make prod-smoke``).

What it starts, each process in a process group of its own, all on 127.0.0.1:

- PostgreSQL's fresh database ``<DATABASE_URL's name>_scale``, the Redis database in
  REDIS_URL emptied, an SMTP server (aiosmtpd, Maildir) and moto's S3-compatible server
  with a bucket for uploads (MEDIA_STORAGE=s3);
- the Procfile's ``release``, the LCR+ dataset and a curator; then two ``web`` nodes
  (gunicorn) on their own ports behind a round-robin proxy (proxy.py: each request to the
  next node), two ``worker`` nodes and one ``beat``.

Then it checks, and prints the figures:

1. the sign-up-to-acceptance journey (test_journeys.py's first) in Chromium through the
   proxy, every request alternating between the nodes; a logo uploaded through one node
   and read through the other (from the object store) with the same session; failed
   sign-ins counted across the nodes (scale_checks.py);
2. a digest to SCALE_SUBSCRIBERS (2,000) subscribers, one worker node's whole process
   group killed (SIGKILL) a quarter of the way through: how many were lost (must be 0),
   duplicated (at most one per killed worker process), and how long until every
   delivery was sent (the lease, NEWSLETTER_LEASE_SECONDS=15 here, then the sweeper);
3. the previous main's web (``git archive SCALE_PREVIOUS_REF``, default HEAD~1: on main
   every commit is a merge, so its first parent is the release before) started against
   the new schema, serving the smoke pages: a release's migrations must not break the
   nodes still running the old code. A shallow clone without that commit is said and
   skipped; any other failure fails the stage.

Pass or fail it stops every process it started (by process group, on SIGTERM and Ctrl-C
and after SCALE_TIMEOUT, 900 s, too). Ports from SCALE_PORT_BASE (8300): proxy +0, web
nodes +1 and +2, SMTP +3, S3 +4, the previous release's web +5.
"""

import email.parser
import io
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import run
from run import (
    REDIS_URL,
    Processes,
    StageFailed,
    answers_200,
    database_url_named,
    empty_redis,
    fresh_database,
    junit_counts,
    log_contains,
    operator_environment,
    port_is_free,
    procfile,
    server_errors,
    wait_until,
)

run.STAGE_NAME = "scale-smoke"
ROOT = run.ROOT
HERE = run.HERE
STAGE = ROOT / "var" / "scale-smoke"
BASE = int(os.environ.get("SCALE_PORT_BASE", "8300"))
PROXY_PORT, WEB_PORTS, SMTP_PORT, S3_PORT, PREVIOUS_PORT = (
    BASE,
    [BASE + 1, BASE + 2],
    BASE + 3,
    BASE + 4,
    BASE + 5,
)
SUBSCRIBERS = int(os.environ.get("SCALE_SUBSCRIBERS", "2000"))
PREVIOUS_REF = os.environ.get("SCALE_PREVIOUS_REF", "HEAD~1")
TIMEOUT = float(os.environ.get("SCALE_TIMEOUT", "900"))
BOOT_TIMEOUT = run.BOOT_TIMEOUT
DATABASE = urlsplit(run.DATABASE_URL).path.lstrip("/") + "_scale"
DATABASE_URL = database_url_named(run.DATABASE_URL, DATABASE)
BUCKET = "portal-scale-media"
CURATOR_EMAIL = "curator@lcr-scale.example"
READERS = "digest.scale.example"
NODES = ["web-a", "web-b"]
WORKERS = ["worker-a", "worker-b"]


log = run.log


def stage_environment(site_url):
    env = operator_environment(
        site_url, secrets.token_urlsafe(50), database_url=DATABASE_URL, stage=STAGE
    )
    env["SMTP_PORT"] = str(SMTP_PORT)
    env.update(
        {
            "EMAIL_PORT": str(SMTP_PORT),
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{S3_PORT}",
            "AWS_S3_REGION_NAME": "eu-west-2",
            "AWS_ACCESS_KEY_ID": "scale-smoke",
            "AWS_SECRET_ACCESS_KEY": "scale-smoke-secret",
            # Clients reach the nodes both through the proxy and directly here, all from
            # 127.0.0.1; a deployment behind one proxy sets 1.
            "TRUSTED_PROXY_COUNT": "0",
            # A killed worker's deliveries come back after 15 s instead of 2 minutes.
            "NEWSLETTER_LEASE_SECONDS": "15",
            "NEWSLETTER_BATCH_SIZE": "100",
        }
    )
    return env


def create_bucket():
    import boto3

    boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{S3_PORT}",
        region_name="eu-west-2",
        aws_access_key_id="scale-smoke",
        aws_secret_access_key="scale-smoke-secret",
    ).create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})


def s3_answers():
    return answers_200(f"http://127.0.0.1:{S3_PORT}/moto-api/")


def requests_per_node(proxy_log):
    """{node port: requests} and how often two requests in a row went to the same node
    (the browser's parallel requests interleave, so some do)."""
    answered = re.compile(r" -> (\d+) \d{3}$")
    ports = [m.group(1) for m in map(answered.search, proxy_log.read_text().splitlines()) if m]
    repeats = sum(1 for a, b in zip(ports, ports[1:], strict=False) if a == b)
    return Counter(ports), repeats


def run_checks(processes, env, site_url):
    """The journey and the two-node checks in Chromium and over HTTP (pytest)."""
    report = STAGE / "junit.xml"
    smoke_env = {
        **{k: env[k] for k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if k in env},
        "SMOKE_SITE_URL": site_url,
        "SMOKE_NODE_URLS": ",".join(f"http://127.0.0.1:{port}" for port in WEB_PORTS),
        "SMOKE_MEDIA_URL": f"http://127.0.0.1:{S3_PORT}/{BUCKET}/",
        "SMOKE_MAILDIR": str(STAGE / "mail"),
        "SMOKE_FIGURES": str(STAGE / "figures.json"),
        "SMOKE_CURATOR_EMAIL": CURATOR_EMAIL,
        "SMOKE_CURATOR_PASSWORD": env["DJANGO_CURATOR_PASSWORD"],
        "CHROMIUM_PATH": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
    }
    journey = "test_journeys.py::test_post_moderate_find_express_interest_accept_and_share_contacts"
    argv = [sys.executable, "-m", "pytest", "-c", str(HERE / "pytest.ini"), "--rootdir", str(HERE)]
    argv += [f"--junitxml={report}", str(HERE / journey), str(HERE / "scale_checks.py")]
    tests = processes.start("pytest", argv, smoke_env, output=sys.stdout)
    try:
        code = tests.wait(timeout=600)
    except subprocess.TimeoutExpired as exc:
        raise StageFailed("the checks did not finish within 600 s") from exc
    counts = junit_counts(report) if report.exists() else {}
    passed = sum(row[0] for row in counts.values())
    skipped = sum(row[2] for row in counts.values())
    if code != 0:
        raise StageFailed(f"the checks failed (pytest exit {code})")
    if skipped or passed < 3:
        raise StageFailed(f"{passed} checks passed, {skipped} skipped: all 3 must pass")
    return passed


def sql_one(query, *args):
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        return conn.execute(query, args).fetchone()


def digest_recipients():
    """Every message in the Maildir to a digest reader: Counter of addresses."""
    parser = email.parser.BytesHeaderParser()
    received = Counter()
    for folder in ("new", "cur"):
        for path in (STAGE / "mail" / folder).iterdir():
            with open(path, "rb") as message_file:
                rcpt = parser.parse(message_file).get("X-RcptTo", "")
            for address in rcpt.split(","):
                address = address.strip().lower()
                if address.endswith("@" + READERS):
                    received[address] += 1
    return received


DIGEST_SCRIPT = f"""
from django.utils import timezone
from newsletter import services
from newsletter.models import Subscriber
Subscriber.objects.bulk_create(
    Subscriber(email=f"reader{{i}}@{READERS}", status="active", frequency="weekly",
               confirmed_at=timezone.now())
    for i in range({SUBSCRIBERS})
)
digest = services.digest_create(frequency="weekly", intro="The scale-out stage's digest.")
print("digest", digest.pk, "queued", services.digest_send(digest=digest))
"""


def send_digest_killing_a_worker(processes, env, figures):
    """Send a digest; SIGKILL worker-a's whole process group a quarter of the way in."""
    by_name = {p.name: p for p in processes.started}
    started = time.monotonic()
    processes.run("digest", f"python manage.py shell -c {shlex.quote(DIGEST_SCRIPT)}", env)
    (digest_id,) = sql_one("SELECT max(id) FROM newsletter_digest")
    sent = "SELECT count(*) FROM newsletter_delivery WHERE digest_id = %s AND status = 'sent'"

    deadline = time.monotonic() + 120
    while sql_one(sent, digest_id)[0] < SUBSCRIBERS // 4:
        if time.monotonic() > deadline:
            raise StageFailed("the digest did not get a quarter of the way within 120 s")
        time.sleep(0.05)
    victim = by_name["worker-a"]
    held = sql_one(
        "SELECT count(*) FROM newsletter_delivery WHERE digest_id = %s AND status = 'sending'",
        digest_id,
    )[0]
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    killed_at = time.monotonic()
    figures["sent_before_kill"] = sql_one(sent, digest_id)[0]
    figures["claimed_at_kill"] = held
    log(f"killed worker-a's process group (SIGKILL) after {figures['sent_before_kill']} sent")

    def finished():
        processes.check_alive(["web-a", "web-b", "worker-b", "beat", "smtp", "s3"])
        return sql_one("SELECT status FROM newsletter_digest WHERE id = %s", digest_id)[0] in (
            "sent",
            "failed",
        )

    deadline = time.monotonic() + 240
    while not finished():
        if time.monotonic() > deadline:
            raise StageFailed("the digest did not finish within 240 s of the kill")
        time.sleep(0.25)
    figures["recover_seconds"] = time.monotonic() - killed_at
    figures["digest_seconds"] = time.monotonic() - started
    status, sent_count = sql_one(
        "SELECT status, sent_count FROM newsletter_digest WHERE id = %s", digest_id
    )
    received = digest_recipients()
    figures["subscribers"] = SUBSCRIBERS
    figures["received"] = len(received)
    figures["lost"] = SUBSCRIBERS - len(received)
    figures["duplicates"] = sum(count - 1 for count in received.values())
    if status != "sent" or sent_count != SUBSCRIBERS:
        raise StageFailed(f"the digest ended {status} with {sent_count} of {SUBSCRIBERS} sent")
    if figures["lost"]:
        raise StageFailed(f"{figures['lost']} subscribers got no digest")
    # Each killed process may have handed one message to the server without marking it.
    if figures["duplicates"] > int(env["WORKER_CONCURRENCY"]):
        raise StageFailed(f"{figures['duplicates']} duplicates from one killed worker node")


def previous_release_serves_the_new_schema(processes, env, figures):
    """The previous main's web, unchanged, against the schema this release migrated to."""
    resolved = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", PREVIOUS_REF + "^{commit}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if resolved.returncode != 0:
        shallow = subprocess.run(
            ["git", "rev-parse", "--is-shallow-repository"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if shallow == "true":
            log(
                f"SKIPPED the previous release check: this clone is shallow and has no "
                f"{PREVIOUS_REF} (git fetch --unshallow to run it)"
            )
            figures["previous_release"] = "skipped (shallow clone)"
            return
        raise StageFailed(f"{PREVIOUS_REF} is not a commit here: {resolved.stderr.strip()}")
    commit = resolved.stdout.strip()
    previous = STAGE / "previous"
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True
    )
    previous.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(previous, filter="data")
    old = {
        **env,
        "PORT": str(PREVIOUS_PORT),
        "STATIC_ROOT": str(STAGE / "previous-static"),
        "SITE_URL": f"http://127.0.0.1:{PREVIOUS_PORT}",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{PREVIOUS_PORT}",
    }
    processes.run(
        "previous-collectstatic", "python manage.py collectstatic --noinput", old, cwd=previous
    )
    old_procfile = {
        name.strip(): command.strip()
        for name, _, command in (
            line.partition(":") for line in (previous / "Procfile").read_text().splitlines()
        )
        if command
    }
    processes.serve("previous-web", old_procfile["web"], old, cwd=previous)
    base = f"http://127.0.0.1:{PREVIOUS_PORT}"
    wait_until(
        "the previous release's web",
        lambda: answers_200(base + "/healthz"),
        processes,
        ["previous-web"],
    )
    sys.path.insert(0, str(HERE))
    from test_site import PUBLIC_PAGES

    failures = []
    for path in PUBLIC_PAGES:
        if not answers_200(base + path):
            failures.append(path)
    figures["previous_release"] = f"{commit[:10]}: {len(PUBLIC_PAGES) - len(failures)} of "
    figures["previous_release"] += f"{len(PUBLIC_PAGES)} smoke pages answered 200"
    if failures:
        raise StageFailed(
            f"the previous release ({commit[:10]}) fails on the new schema: {failures}"
        )


def main():
    started_at = time.monotonic()
    entries = procfile()
    for port in (PROXY_PORT, *WEB_PORTS, SMTP_PORT, S3_PORT, PREVIOUS_PORT):
        if not port_is_free(port):
            raise StageFailed(f"port {port} is in use; set SCALE_PORT_BASE to a free range")
    moto = Path(sys.executable).parent / "moto_server"
    if not moto.exists():
        raise StageFailed("moto's server is not installed (pip install -r requirements-dev.txt)")

    shutil.rmtree(STAGE, ignore_errors=True)
    for folder in ("logs", "static", "media"):
        (STAGE / folder).mkdir(parents=True)
    site_url = f"http://127.0.0.1:{PROXY_PORT}"
    env = stage_environment(site_url)
    env["DJANGO_CURATOR_PASSWORD"] = secrets.token_urlsafe(18)
    log(f"database {DATABASE} (fresh), Redis {REDIS_URL} (emptied), site {site_url}")
    fresh_database(DATABASE_URL, suffix="_scale")
    empty_redis(REDIS_URL)

    processes = Processes(stage=STAGE)
    figures = {}
    try:
        mail = ["-c", "aiosmtpd.handlers.Mailbox", str(STAGE / "mail")]
        processes.start(
            "smtp",
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{SMTP_PORT}", *mail],
            env,
        )
        processes.start("s3", [str(moto), "-H", "127.0.0.1", "-p", str(S3_PORT)], env)
        wait_until("the S3 server", s3_answers, processes, ["s3"], timeout=60)
        create_bucket()

        boot_started = time.monotonic()
        processes.run("release", entries["release"], env)
        processes.run("seed", "python manage.py seed_lcr --demo", env)
        processes.run(
            "curator",
            f"python manage.py create_curator {CURATOR_EMAIL} --name 'Cora Curator' --noinput",
            env,
        )
        for name, port in zip(NODES, WEB_PORTS, strict=True):
            processes.serve(name, entries["web"], {**env, "PORT": str(port)})
        proxy_argv = [sys.executable, str(HERE / "proxy.py"), str(PROXY_PORT)]
        processes.start("proxy", proxy_argv + [str(port) for port in WEB_PORTS], env)
        for name in WORKERS:
            processes.serve(name, f"{entries['worker']} --hostname {name}@%h", env)
        processes.serve("beat", entries["beat"], env)
        services = ["smtp", "s3", *NODES, "proxy", *WORKERS, "beat"]
        for port in WEB_PORTS:
            wait_until(
                f"web on {port}",
                lambda port=port: answers_200(f"http://127.0.0.1:{port}/readyz"),
                processes,
                services,
            )
        wait_until("the proxy", lambda: answers_200(site_url + "/readyz"), processes, services)
        by_name = {p.name: p for p in processes.started}
        for name in WORKERS:
            wait_until(
                name,
                lambda name=name: log_contains(by_name[name].log_path, " ready."),
                processes,
                services,
            )
        wait_until(
            "beat",
            lambda: log_contains(by_name["beat"].log_path, "beat: Starting..."),
            processes,
            services,
        )
        figures["boot_seconds"] = time.monotonic() - boot_started
        log(f"booted in {figures['boot_seconds']:.1f} s")

        figures["checks_passed"] = run_checks(processes, env, site_url)
        per_node, repeats = requests_per_node(by_name["proxy"].log_path)
        figures["requests_per_node"] = dict(per_node)
        figures["same_node_twice_in_a_row"] = repeats
        if len(per_node) < 2 or min(per_node.values()) < 20:
            raise StageFailed(f"the requests did not alternate between the nodes: {per_node}")

        send_digest_killing_a_worker(processes, env, figures)
        previous_release_serves_the_new_schema(processes, env, figures)

        processes.check_alive(["smtp", "s3", *NODES, "proxy", "worker-b", "beat"])
        problems = server_errors([*NODES, *WORKERS, "beat"], stage=STAGE)
        if problems:
            raise StageFailed("the processes logged errors:\n" + "\n".join(problems[:20]))
    finally:
        stopped = processes.stop_all()
        log(f"every process the stage started ({stopped}) is stopped; logs in {STAGE / 'logs'}")
        # The previous release's source: only its logs are worth keeping.
        shutil.rmtree(STAGE / "previous", ignore_errors=True)
        shutil.rmtree(STAGE / "previous-static", ignore_errors=True)
        figures["total_seconds"] = time.monotonic() - started_at
        figures["load_average"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print_figures(figures)


def print_figures(figures):
    run.print_figure_rows(
        "scale-smoke",
        figures,
        [
            ("time to boot (release, seed, all ready)", "boot_seconds", "{:.1f} s"),
            ("journey and two-node checks passed", "checks_passed", "{}"),
            ("requests per web node (port: count)", "requests_per_node", "{}"),
            ("  same node twice in a row", "same_node_twice_in_a_row", "{}"),
            ("digest subscribers", "subscribers", "{}"),
            ("  sent when worker-a was killed", "sent_before_kill", "{}"),
            ("  claimed (in flight) at the kill", "claimed_at_kill", "{}"),
            ("  received", "received", "{}"),
            ("  lost", "lost", "{}"),
            ("  duplicates", "duplicates", "{}"),
            ("  time to recover (kill to all sent)", "recover_seconds", "{:.1f} s"),
            ("  whole digest", "digest_seconds", "{:.1f} s"),
            ("previous release on the new schema", "previous_release", "{}"),
            ("stage total", "total_seconds", "{:.1f} s"),
            ("load average (1, 5, 15 min)", "load_average", "{}"),
        ],
    )
    (STAGE / "scale-figures.json").write_text(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    # Bounded in time: SIGALRM stops everything as Ctrl-C does.
    run.run_stage(main, timeout=TIMEOUT)
