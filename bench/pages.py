"""Page benchmarks: SQL queries per page, the indicators service, and throughput under gunicorn.

    .venv/bin/python bench/pages.py --database-url URL [--small-database-url URL]
                                    [--users 8] [--seconds 20] [--workers 8] [--threads 1]

Both databases come from `bench/seed.py` (the large one with --cases 100000, the small one with
--cases 1000). Steps:

1. In-process (`app.test_client()`): the number of SQL statements each page sends, counted with a
   `before_cursor_execute` listener, on the small and on the large database (they must be equal).
2. In-process: the time of `indicators(Scope(2026-01-01, 2026-12-31))`.
3. gunicorn on a free 127.0.0.1 port (production config: `LEGALAID_ENV=production`,
   `SECRET_KEY`, `DATABASE_URL`, `MFA_REQUIRED_ROLES=` empty, `RATELIMIT_ENABLED=false`). The
   production session cookie is `__Host-legalaid` and Secure; this client keeps cookies itself
   (a plain dict), so it sends it back over plain HTTP to 127.0.0.1, as a browser would over TLS.
   Then, page by page, `--users` threads run a closed loop (`http.client`, each thread signed
   in as the role the page needs) for `--seconds`, bounded in count too. By default each request
   opens its own connection, as nginx does towards gunicorn; `--keep-alive` keeps one per user
   (which pins each user to one gunicorn worker, so the workers may be unevenly loaded).
   Before each page the script waits (30 s at most) until other processes leave the CPUs alone,
   and it reports the CPU they used during the page anyway ("others CPU").

Only 127.0.0.1 is ever contacted.
"""

import argparse
import gzip
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BENCH_PASSWORD,
    BENCH_SECRET_KEY,
    ROOT,
    QueryCounter,
    make_app,
)

HOST = "127.0.0.1"
YEAR = "/reports/?start=2026-01-01&end=2026-12-31"
SEARCH_NAME = "Traoré"  # the most common surname of the seeded names
MAX_REQUESTS_PER_THREAD = 20_000
CASES_PER_KIND = 30  # case pages whose queries are counted, per kind
TIMED_REQUESTS = 20  # per page, in-process, for the CPU per request of step 1
REQUEST_TIMEOUT = 60
CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')


# ---------------------------------------------------------------------------------------------
# What to ask for, read from the database


@dataclass
class Plan:
    """Users and objects of one database: who signs in and which ids they ask for."""

    coordinators: list[str]
    lawyers: list[str]
    officers: list[str]
    viewers: list[str]
    admins: list[str]
    org_cases: dict[str, list[int]]  # coordinator email -> case ids of their organisation
    org_case_by_kind: dict[str, dict[str, list[int]]]  # coordinator -> kind -> latest case ids
    officer_prisons: dict[str, list[int]]
    held: dict[int, int]  # prison id -> detainees on its roll
    prison_names: dict[int, str]
    largest_prison: int
    cases: int = 0
    search_matches: int = 0
    extra: dict = field(default_factory=dict)


def make_plan(app, rng: random.Random) -> Plan:
    """Read the users, their organisations' cases and the officers' prisons."""
    from sqlalchemy import func, select

    from legalaid.accounts.models import User, user_prisons
    from legalaid.casekinds import kind_codes
    from legalaid.cases.matching import name_tokens
    from legalaid.cases.models import OPEN_STATUSES, Beneficiary, Case
    from legalaid.detention.models import DetentionRecord
    from legalaid.extensions import db
    from legalaid.reference.models import Prison

    with app.app_context():
        users = db.session.execute(select(User.email, User.role, User.organisation_id)).all()
        by_role: dict[str, list[tuple[str, int]]] = {}
        for mail, role, org in sorted(users, key=lambda row: _natural(row[0])):
            by_role.setdefault(role, []).append((mail, org))
        org_cases, by_kind = {}, {}
        for mail, org in by_role["coordinator"]:
            ids = list(
                db.session.scalars(
                    select(Case.id).where(Case.organisation_id == org).order_by(Case.id)
                )
            )
            org_cases[mail] = rng.sample(ids, min(500, len(ids)))
            by_kind[mail] = {
                kind: list(
                    db.session.scalars(
                        select(Case.id)
                        .where(Case.organisation_id == org, Case.kind == kind)
                        .order_by(Case.id.desc())
                        .limit(CASES_PER_KIND)
                    )
                )
                for kind in kind_codes()
            }
        officer_prisons = {}
        for mail, _org in by_role["prison_officer"]:
            officer_prisons[mail] = list(
                db.session.scalars(
                    select(user_prisons.c.prison_id)
                    .join(User, User.id == user_prisons.c.user_id)
                    .where(User.email == mail)
                    .order_by(user_prisons.c.prison_id)
                )
            )
        held = dict(
            db.session.execute(
                select(DetentionRecord.prison_id, func.count())
                .join(Case, Case.id == DetentionRecord.case_id)
                .where(
                    Case.kind == "detention",
                    Case.status.in_([str(s) for s in OPEN_STATUSES]),
                    DetentionRecord.released_on.is_(None),
                )
                .group_by(DetentionRecord.prison_id)
            ).all()
        )
        names = dict(db.session.execute(select(Prison.id, Prison.name)).all())
        tokens = name_tokens(SEARCH_NAME)
        plan = Plan(
            coordinators=[m for m, _ in by_role["coordinator"]],
            lawyers=[m for m, _ in by_role["lawyer"]],
            officers=[m for m, _ in by_role["prison_officer"]],
            viewers=[m for m, _ in by_role["viewer"]],
            admins=[m for m, _ in by_role["admin"]],
            org_cases=org_cases,
            org_case_by_kind=by_kind,
            officer_prisons=officer_prisons,
            held=held,
            prison_names=names,
            largest_prison=max(held, key=held.get) if held else min(names),
            cases=db.session.scalar(select(func.count()).select_from(Case)),
            search_matches=db.session.scalar(
                select(func.count())
                .select_from(Case)
                .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
                .where(
                    Case.organisation_id == by_role["coordinator"][0][1],
                    *(Beneficiary.name_key.contains(t) for t in tokens),
                )
            ),
        )
        db.session.remove()
    return plan


def _natural(mail: str) -> tuple:
    match = re.match(r"([a-z-]+?)(\d+)@", mail)
    return (match.group(1), int(match.group(2))) if match else (mail, 0)


# ---------------------------------------------------------------------------------------------
# Pages: name, role, path for a thread


@dataclass
class Page:
    """One row of the results: who asks for what, with how many users."""

    name: str
    role: str | None  # None: no sign-in
    path: object  # callable(thread index, rng) -> path
    users: int | None = None  # None: --users


def pages_for(plan: Plan) -> list[Page]:
    """The benchmarked pages, healthz first (the others are compared to it)."""

    def coordinator(i: int) -> str:
        return plan.coordinators[i % len(plan.coordinators)]

    def officer_prisons(i: int) -> list[int]:
        return plan.officer_prisons[plan.officers[i % len(plan.officers)]]

    def roll(i: int, rng: random.Random) -> str:
        return f"/prisons/{rng.choice(officer_prisons(i))}/roll"

    return [
        Page("healthz", None, lambda i, rng: "/healthz"),
        Page("list", "coordinator", lambda i, rng: "/cases/"),
        Page(
            "list filtered",
            "coordinator",
            lambda i, rng: "/cases/?kind=detention&status=in_progress",
        ),
        Page(
            "list search", "coordinator", lambda i, rng: "/cases/?" + urlencode({"q": SEARCH_NAME})
        ),
        Page("list (lawyer)", "lawyer", lambda i, rng: "/cases/"),
        Page(
            "case page",
            "coordinator",
            lambda i, rng: f"/cases/{rng.choice(plan.org_cases[coordinator(i)])}",
        ),
        Page("roll", "prison_officer", roll),
        Page(
            "roll (largest)",
            "largest_officer",
            lambda i, rng: f"/prisons/{plan.largest_prison}/roll",
        ),
        Page("dashboard, 1 user", "admin", lambda i, rng: YEAR, users=1),
        Page("dashboard", "viewer_or_admin", lambda i, rng: YEAR),
    ]


def user_for(plan: Plan, role: str, i: int) -> str:
    """The account thread `i` signs in with for `role`."""
    if role == "coordinator":
        return plan.coordinators[i % len(plan.coordinators)]
    if role == "lawyer":
        # One lawyer per organisation first (lawyer1, lawyer4, …): different scopes.
        step = max(len(plan.lawyers) // len(plan.coordinators), 1)
        return plan.lawyers[(i * step) % len(plan.lawyers)]
    if role == "prison_officer":
        return plan.officers[i % len(plan.officers)]
    if role == "largest_officer":
        for mail, prisons in plan.officer_prisons.items():
            if plan.largest_prison in prisons:
                return mail
    if role == "admin":
        return plan.admins[0]
    if role == "viewer_or_admin":
        return plan.viewers[i % len(plan.viewers)] if i % 2 else plan.admins[0]
    raise ValueError(role)


# ---------------------------------------------------------------------------------------------
# 1 and 2: in-process


def _test_login(app, mail: str):
    client = app.test_client()
    page = client.get("/auth/login")
    token = CSRF.search(page.data)
    data = {"email": mail, "password": BENCH_PASSWORD}
    if token:
        data["csrf_token"] = token.group(1).decode()
    response = client.post("/auth/login", data=data)
    if response.status_code != 302:
        raise SystemExit(f"in-process login of {mail} failed: {response.status_code}")
    return client


def query_counts(url: str) -> tuple[dict[str, tuple[str, int]], Plan]:
    """SQL statements per page (second request, after a warm-up), in-process.

    For each page: the count (a range over several cases for the case page) and how many times
    the most repeated statement text ran (1: no N+1 query anywhere on the page).
    """
    app = make_app(url)
    plan = make_plan(app, random.Random(1))  # noqa: S311 - a sample, not a secret
    from legalaid.extensions import db

    coordinator = plan.coordinators[0]
    officer = plan.officers[0]
    targets = [
        ("healthz", None, "/healthz"),
        ("list", coordinator, "/cases/"),
        ("list filtered", coordinator, "/cases/?kind=detention&status=in_progress"),
        ("list search", coordinator, "/cases/?" + urlencode({"q": SEARCH_NAME})),
        ("list page 2", coordinator, "/cases/?page=2"),
        ("list (lawyer)", user_for(plan, "lawyer", 0), "/cases/"),
        ("list (officer)", officer, "/cases/"),
        ("list (admin)", plan.admins[0], "/cases/"),
        *[
            (f"case page ({kind}) x{CASES_PER_KIND}", mail, [f"/cases/{i}" for i in ids])
            for kind, (mail, ids) in sorted(case_pages_by_kind(plan).items())
        ],
        ("roll", officer, f"/prisons/{plan.officer_prisons[officer][0]}/roll"),
        ("roll (largest)", plan.admins[0], f"/prisons/{plan.largest_prison}/roll"),
        ("dashboard (admin)", plan.admins[0], YEAR),
        ("dashboard (viewer)", plan.viewers[0], YEAR),
    ]
    clients = {}
    counts = {}
    with app.app_context():
        engine = db.engine
    for name, mail, path in targets:
        if mail not in clients:
            clients[mail] = app.test_client() if mail is None else _test_login(app, mail)
        client = clients[mail]
        found, repeats = set(), 0
        for one in [path] if isinstance(path, str) else path:
            client.get(one)  # warm-up (caches, first connection)
            with QueryCounter(engine) as counter:
                response = client.get(one)
            if response.status_code != 200:
                raise SystemExit(f"{one} as {mail}: {response.status_code}")
            found.add(counter.count)
            repeats = max(repeats, max(Counter(counter.statements).values(), default=0))
        shown = f"{min(found)}" if len(found) == 1 else f"{min(found)}-{max(found)}"
        counts[name] = (shown, repeats, cpu_per_request(client, path))
    with app.app_context():
        db.engine.dispose()
    return counts, plan


def cpu_per_request(client, path: str | list[str], requests: int = TIMED_REQUESTS) -> float:
    """Milliseconds of this process's CPU per request, one user alone, in-process: what a page
    costs the app (and SQLite) whatever else the machine runs; for the growth table."""
    paths = [path] if isinstance(path, str) else path
    start = time.process_time()
    for number in range(requests):
        client.get(paths[number % len(paths)])
    return 1000 * (time.process_time() - start) / requests


def case_pages_by_kind(plan: Plan) -> dict[str, tuple[str, list[int]]]:
    """Per kind, the first coordinator whose organisation has cases of it (the land disputes
    are not the first organisation's), and their latest case ids."""
    pages: dict[str, tuple[str, list[int]]] = {}
    for mail in plan.coordinators:
        for kind, ids in plan.org_case_by_kind[mail].items():
            if ids and kind not in pages:
                pages[kind] = (mail, ids)
    return pages


def time_indicators(url: str, runs: int = 3) -> list[float]:
    """Seconds taken by the indicators service for 2026, in-process."""
    from legalaid.reports.services import Scope, indicators

    app = make_app(url)
    times = []
    with app.app_context(), app.test_request_context():
        for _ in range(runs):
            t0 = time.perf_counter()
            indicators(Scope(date(2026, 1, 1), date(2026, 12, 31)))
            times.append(time.perf_counter() - t0)
        from legalaid.extensions import db

        db.session.remove()
        db.engine.dispose()
    return times


# ---------------------------------------------------------------------------------------------
# 3: over HTTP


class Browser:
    """One user's connection and cookies; only ever 127.0.0.1."""

    def __init__(self, port: int, gzip_ok: bool, keep_alive: bool = True):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.gzip_ok = gzip_ok
        self.keep_alive = keep_alive
        self.connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes, int]:
        """(status, decoded body, bytes on the wire); one retry if a kept-alive socket closed."""
        headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "legalaid-bench"}
        if self.gzip_ok:
            headers["Accept-Encoding"] = "gzip"
        if not self.keep_alive:
            headers["Connection"] = "close"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            reused = self.connection is not None
            connection = self._connect()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if reused and attempt == 1:
                    continue
                raise
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if "expires=Thu, 01 Jan 1970" in header or not value:
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = value
            if not self.keep_alive or response.getheader("Connection", "").lower() == "close":
                self.close()
            wire = len(data)
            if response.getheader("Content-Encoding") == "gzip":
                data = gzip.decompress(data)
            return response.status, data, wire
        raise AssertionError

    def login(self, mail: str) -> None:
        status, page, _ = self.request("GET", "/auth/login")
        token = CSRF.search(page)
        if status != 200 or not token:
            raise SystemExit(f"login page: {status}")
        form = urlencode(
            {"email": mail, "password": BENCH_PASSWORD, "csrf_token": token.group(1).decode()}
        ).encode()
        status, _, _ = self.request("POST", "/auth/login", form)
        if status != 302:
            raise SystemExit(f"login of {mail} refused: {status}")


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd (state) on


def app_pids(master: int) -> list[int]:
    """The gunicorn master and its workers."""
    pids = [master]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def db_pids(url: str) -> list[int]:
    """PostgreSQL backends serving the benchmark database (none for SQLite)."""
    if not url.startswith("postgres"):
        return []
    name = url.rsplit("/", 1)[-1].split("?")[0]
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if command.startswith("postgres: ") and f" {name} " in command:
                pids.append(int(entry.name))
    return pids


def cpu_by_pid(pids: list[int]) -> dict[int, float]:
    """user + system CPU seconds of each of these processes so far."""
    result = {}
    for pid in pids:
        fields = _stat(pid)
        if fields:
            result[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    return result


def cpu_seconds(pids: list[int]) -> float:
    """user + system CPU of these processes so far."""
    return sum(cpu_by_pid(pids).values())


def cpu_since(before: dict[int, float], pids: list[int]) -> float:
    """CPU used since `before` by the processes alive now (new ones count from zero)."""
    return sum(now - before.get(pid, 0.0) for pid, now in cpu_by_pid(pids).items())


def machine_busy_seconds() -> float:
    """CPU seconds spent by every process on the machine so far (all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def wait_until_quiet(limit: float = 0.25, patience: float = 30.0) -> float:
    """Wait (up to `patience` s) until other processes use less than `limit` of one core.

    Other people share this machine; a page measured while their test suite runs is slower for
    reasons that have nothing to do with the page. Returns the busy share seen last.
    """
    deadline = time.monotonic() + patience
    while True:
        before, t0 = machine_busy_seconds(), time.monotonic()
        time.sleep(1.0)
        busy = (machine_busy_seconds() - before) / (time.monotonic() - t0)
        if busy < limit or time.monotonic() > deadline:
            return busy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, port: int, workers: int, threads: int, log: Path, bare: bool = False):
    """The application (or, with `bare`, `bench/bare.py`) under gunicorn on `port`."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "LEGALAID_ENV": "production",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "DATABASE_URL": url,
        "MFA_REQUIRED_ROLES": "",
        "RATELIMIT_ENABLED": "false",
        "SESSION_COOKIE_SECURE": "false",  # ProductionConfig keeps it Secure all the same
        "BCRYPT_LOG_ROUNDS": "4",
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "--workers", str(workers),
        "--threads", str(threads),
        "--bind", f"{HOST}:{port}",
        "--chdir", str(ROOT / "bench" if bare else ROOT),
        "--error-logfile", str(log),
        "--log-level", "warning",
        "bare:app" if bare else "wsgi:app",
    ]  # fmt: skip
    process = subprocess.Popen(  # noqa: S603 - our own command line
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode}); see {log}")
        try:
            status, _, _ = Browser(port, False).request("GET", "/" if bare else "/healthz")
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    stop(process)
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {log}")


def stop(process) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Result:
    """The figures of one page."""

    name: str
    users: int
    latencies: list[float]
    errors: int
    elapsed: float
    wire_bytes: int
    first_error: str = ""
    app_cpu: float = 0.0  # seconds of gunicorn CPU during the run
    db_cpu: float = 0.0  # seconds of PostgreSQL backend CPU during the run
    client_cpu: float = 0.0  # seconds of this process's CPU during the run
    worker_cpu: list[float] = field(default_factory=list)  # master first, then each worker
    others_cpu: float = 0.0  # seconds of CPU used by every other process on the machine
    bare: "Result | None" = None  # the bare Flask app, measured right after this page

    def per_request(self, seconds: float) -> float:
        return 1000 * seconds / max(len(self.latencies) + self.errors, 1)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_page(page: Page, browsers: list[Browser], seconds: float, seed: int, watch: dict) -> Result:
    """A closed loop: each thread asks, waits for the answer, asks again, until the deadline."""
    n = len(browsers)
    latencies: list[list[float]] = [[] for _ in range(n)]
    errors = [0] * n
    wire = [0] * n
    first_error: list[str] = []
    state = {"start": 0.0, "deadline": 0.0}

    def go() -> None:  # run once, when every thread is ready, before any of them goes on
        state["cpu"] = (
            cpu_seconds(watch["app"]),
            cpu_by_pid(db_pids(watch["url"])),
            time.process_time(),
            machine_busy_seconds(),
        )
        state["workers"] = [(pid, cpu_seconds([pid])) for pid in watch["app"]]
        state["start"] = time.monotonic()
        state["deadline"] = state["start"] + seconds

    barrier = threading.Barrier(n + 1, action=go)

    def worker(i: int) -> None:
        rng = random.Random(seed * 1000 + i)  # noqa: S311 - which case to ask for
        browser = browsers[i]
        for _ in range(2):  # warm-up, not counted
            try:
                browser.request("GET", page.path(i, rng))
            except OSError:
                browser.close()
        barrier.wait()
        for _ in range(MAX_REQUESTS_PER_THREAD):
            if time.monotonic() >= state["deadline"]:
                break
            path = page.path(i, rng)
            t0 = time.perf_counter()
            try:
                status, body, size = browser.request("GET", path)
            except OSError as error:
                browser.close()
                status, body, size = 0, repr(error).encode(), 0
            latency = time.perf_counter() - t0
            if status == 200:
                latencies[i].append(latency)
                wire[i] += size
            else:
                errors[i] += 1
                if not first_error:
                    first_error.append(f"{path}: {status} {body[:120]!r}")

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(n)]
    for thread in threads:
        thread.start()
    barrier.wait()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT * 2)
    elapsed = time.monotonic() - state["start"]
    app0, db0, client0, machine0 = state["cpu"]
    app_cpu = cpu_seconds(watch["app"]) - app0
    db_cpu = cpu_since(db0, db_pids(watch["url"]))
    client_cpu = time.process_time() - client0
    others = machine_busy_seconds() - machine0 - app_cpu - db_cpu - client_cpu
    flat = [x for per_thread in latencies for x in per_thread]
    return Result(
        page.name,
        n,
        flat,
        sum(errors),
        elapsed,
        sum(wire) // max(len(flat), 1),
        first_error[0] if first_error else "",
        app_cpu=app_cpu,
        worker_cpu=[cpu_seconds([pid]) - before for pid, before in state["workers"]],
        db_cpu=db_cpu,
        client_cpu=client_cpu,
        others_cpu=max(others, 0.0),
    )


BARE_PAGE = Page("bare Flask", None, lambda i, rng: "/")


def load(url: str, plan: Plan, args) -> list[Result]:
    """Each page under load, then the bare Flask app for as long with as many users.

    Both run under the same gunicorn settings at the same time (the bare one idle while the
    application is measured, and the other way round), so that their ratio holds whatever else
    the machine is doing in that minute.
    """
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    port, bare_port = free_port(), free_port()
    log = folder / "gunicorn.log"
    print(
        f"gunicorn -w {args.workers} --threads {args.threads} on {HOST}:{port} (app) and "
        f"{HOST}:{bare_port} (bench/bare.py), logs in {folder}"
    )
    process = start_gunicorn(url, port, args.workers, args.threads, log)
    bare = start_gunicorn(url, bare_port, args.workers, args.threads, folder / "bare.log", True)
    results = []
    try:
        sessions: dict[tuple[str | None, int], Browser] = {}
        pages = [p for p in pages_for(plan) if p.name == "healthz" or wanted(p.name, args.pages)]
        for page in pages:
            for i in range(page.users or args.users):
                key = (page.role, i)
                if key in sessions:
                    continue
                browser = Browser(port, not args.no_gzip, keep_alive=args.keep_alive)
                if page.role is not None:
                    browser.login(user_for(plan, page.role, i))
                sessions[key] = browser
        bare_browsers = [
            Browser(bare_port, not args.no_gzip, keep_alive=args.keep_alive)
            for _ in range(max(p.users or args.users for p in pages))
        ]
        for number, page in enumerate(pages):
            users = page.users or args.users
            browsers = [sessions[(page.role, i)] for i in range(users)]
            if args.wait_quiet:
                busy = wait_until_quiet()
                if busy >= 0.25:
                    print(f"  (machine still busy: {100 * busy:.0f}% of a core used by others)")
            watch = {"app": app_pids(process.pid), "url": url}
            result = run_page(page, browsers, args.seconds, number, watch)
            result.bare = run_page(
                BARE_PAGE,
                bare_browsers[:users],
                args.seconds,
                number,
                {"app": app_pids(bare.pid), "url": ""},
            )
            results.append(result)
            print(
                f"  {page.name:<18} {len(result.latencies):>6} requests, "
                f"{result.rps:7.1f}/s (bare Flask {result.bare.rps:7.1f}/s), "
                f"p95 {result.pct(0.95):7.1f} ms, errors {result.errors}, "
                f"CPU s per gunicorn process {' '.join(f'{c:.1f}' for c in result.worker_cpu)}",
                flush=True,
            )
            if result.first_error:
                print(f"    first error: {result.first_error}")
        for browser in [*sessions.values(), *bare_browsers]:
            browser.close()
    finally:
        stop(process)
        stop(bare)
    return results


def wanted(name: str, selection: str) -> bool:
    """Whether `--pages` (comma-separated prefixes; empty: all) asks for the page `name`."""
    prefixes = [p.strip() for p in selection.split(",") if p.strip()]
    return not prefixes or any(name.startswith(p) for p in prefixes)


# ---------------------------------------------------------------------------------------------
# Report


# page -> least share of the bare Flask app's req/s (the goals); p95 < 100 ms for all
RATIO_TARGETS = {
    "list": 0.15,
    "list filtered": 0.15,
    "list search": 0.10,
    "list (lawyer)": 0.15,
    "case page": 0.15,
    "roll": 0.15,
}
DASHBOARD_TARGET_MS = 300


def print_results(results: list[Result], label: str) -> None:
    """The ratio table, then the details, then the targets.

    `ratio` is the page's req/s over the bare Flask app's, measured right after it with the same
    users and gunicorn settings: the figure to read on a shared machine. `app ms/req` is the CPU
    gunicorn (and `db ms/req` PostgreSQL's backends) spent per request, which does not depend on
    what else runs; `CPU ratio` compares it with the bare app's.
    """
    print(f"\n{label}")
    header = (
        f"| {'page':<18} | req/s | bare Flask req/s (same run) | ratio | p50 ms | p95 ms "
        f"| app ms/req | db ms/req | CPU ratio | errors |"
    )
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|")
    for r in results:
        bare = r.bare
        cost = r.per_request(r.app_cpu + r.db_cpu)
        bare_cost = bare.per_request(bare.app_cpu) if bare else 0.0
        print(
            f"| {r.name:<18} | {r.rps:>5.1f} | {bare.rps if bare else 0:>27,.0f} "
            f"| {100 * ratio(r):>4.1f}% | {r.pct(0.50):>6.1f} | {r.pct(0.95):>6.1f} "
            f"| {r.per_request(r.app_cpu):>10.1f} | {r.per_request(r.db_cpu):>9.1f} "
            f"| {100 * bare_cost / cost if cost else 0:>8.1f}% | {r.errors:>6} |"
        )
    print(
        "\ndetails (others CPU: what other processes used meanwhile, in % of one core; the "
        "bench client's own CPU is not in it)"
    )
    print("| page | users | requests | p99 ms | KB/resp | others CPU | bare others CPU |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        bare_others = 100 * r.bare.others_cpu / r.bare.elapsed if r.bare and r.bare.elapsed else 0
        print(
            f"| {r.name} | {r.users} | {len(r.latencies)} | {r.pct(0.99):.1f} "
            f"| {r.wire_bytes / 1024:.1f} | {100 * r.others_cpu / r.elapsed:.0f}% "
            f"| {bare_others:.0f}% |"
        )
    print(
        f"\ntargets (share of bare Flask's req/s; p95 < 100 ms; one user's dashboard p95 < "
        f"{DASHBOARD_TARGET_MS} ms)"
    )
    for r in results:
        if r.name in RATIO_TARGETS:
            least = RATIO_TARGETS[r.name]
            ok = r.pct(0.95) < 100 and ratio(r) >= least and not r.errors
            print(
                f"  {r.name:<18} {'ok  ' if ok else 'MISS'} {100 * ratio(r):.1f}% of bare Flask "
                f"(goal {100 * least:.0f}%), p95 {r.pct(0.95):.0f} ms, {r.errors} errors"
            )
        elif r.name == "dashboard, 1 user":
            ok = r.pct(0.95) < DASHBOARD_TARGET_MS and not r.errors
            print(
                f"  {r.name:<18} {'ok  ' if ok else 'MISS'} p50 {r.pct(0.5):.0f} ms, "
                f"p95 {r.pct(0.95):.0f} ms, {r.errors} errors"
            )


def ratio(result: Result) -> float:
    """The page's throughput as a share of the bare Flask app's in the same run."""
    return result.rps / result.bare.rps if result.bare and result.bare.rps else 0.0


def report_counts(args) -> Plan:
    """Steps 1 and 2: statements per page at both sizes, the year's indicators; the large plan."""
    print(
        "1. SQL statements per page (in-process, second request; BEGIN not counted) and "
        f"CPU ms per request (in-process, one user, mean of {TIMED_REQUESTS})"
    )
    counted = []
    if args.small_database_url:
        counted.append(("small", *query_counts(args.small_database_url)))
    counted.append(("large", *query_counts(args.database_url)))
    plan = counted[-1][2]
    names = list(counted[-1][1])
    sizes = " | ".join(f"{p.cases:>8,} cases".rjust(24) for _, _, p in counted)
    print(f"| {'page':<28} | {sizes} |")
    print("|" + "-" * 30 + "|" + "|".join("-" * 26 for _ in counted) + "|")
    for name in names:
        cells = " | ".join(
            f"{c[name][0]:>8} (x{c[name][1]}) {c[name][2]:6.1f} ms".rjust(24) for _, c, _ in counted
        )
        print(f"| {name:<28} | {cells} |")
    repeated = sorted({n for _, c, _ in counted for n in names if c[n][1] > 1})
    print(
        "(x1: no statement runs twice on the page, so nothing is loaded row by row - no N+1)"
        if not repeated
        else f"a statement ran more than once (check for N+1) on: {', '.join(repeated)}"
    )
    if len(counted) == 2:
        same = [n for n in names if counted[0][1][n][0] == counted[1][1][n][0]]
        print(
            f"same count at both sizes: {len(same)} of {len(names)} pages; the case pages vary by "
            "case (one to three lazy loads of a court, a region or a user that the session may "
            "already hold), not with the number of rows"
        )

    print("\n2. indicators(Scope(2026-01-01, 2026-12-31)) in-process")
    times = time_indicators(args.database_url)
    print("   " + ", ".join(f"{t * 1000:.0f} ms" for t in times))
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="the large data set")
    parser.add_argument("--small-database-url", help="a --cases 1000 data set (query counts)")
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=8, help="gunicorn processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="per process; 1: sync workers, no GIL contention"
    )
    parser.add_argument("--no-gzip", action="store_true", help="do not send Accept-Encoding")
    parser.add_argument(
        "--wait-quiet",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="before each page, wait (30 s at most) until other processes leave the CPUs alone",
    )
    parser.add_argument(
        "--keep-alive",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="keep one connection per user; default: a new connection per request, as nginx "
        "does towards gunicorn (keep-alive pins users to one worker)",
    )
    parser.add_argument("--skip-load", action="store_true", help="steps 1 and 2 only")
    parser.add_argument(
        "--pages",
        default="",
        help="comma-separated name prefixes of the pages to load (healthz always)",
    )
    parser.add_argument(
        "--skip-counts", action="store_true", help="skip steps 1 and 2 (the load only)"
    )
    args = parser.parse_args()
    if not 1 <= args.users <= 64 or not 0 < args.seconds <= 600:
        raise SystemExit("--users 1..64 and --seconds up to 600")

    if args.skip_counts:
        plan = make_plan(make_app(args.database_url), random.Random(1))  # noqa: S311 - a sample
    else:
        plan = report_counts(args)
    held = sorted(plan.held.values())
    print(
        f"\nroll sizes: {len(held)} prisons, median {statistics.median(held) if held else 0:.0f} "
        f"held, largest {plan.prison_names[plan.largest_prison]} "
        f"({plan.held.get(plan.largest_prison, 0)}); search {SEARCH_NAME!r} matches "
        f"{plan.search_matches} cases of {plan.coordinators[0]}'s organisation"
    )
    if args.skip_load:
        return
    print(f"\n3. load: {args.users} users, {args.seconds:.0f} s per page")
    print(f"   load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results = load(args.database_url, plan, args)
    print(f"   load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print_results(results, f"results ({plan.cases:,} cases, {args.database_url.split(':')[0]})")


if __name__ == "__main__":
    main()
