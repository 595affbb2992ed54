"""Many signed-in users writing at once: no 5xx, and every acknowledged write is in the database.

200 users (by default) sign in through the form at the same moment, then for 60 s each runs a
closed loop with a pause between pages, against gunicorn with 4 sync workers in its production
configuration: coordinators open the case list, case pages, add notes and close or reopen cases
(the transition form, with its version); paralegals open the list, search it and take in
litigation cases. Afterwards every note and intake that the app acknowledged (302) is looked
for in the database. Prints requests, 5xx, 4xx and p50/p95 per action.

    .venv/bin/python bench/load.py                                  # SQLite, a new file in /tmp
    .venv/bin/python bench/load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_reliable

The database is created and seeded by `seed.py` (10,000 cases by default); a PostgreSQL one must
have `bench` in its name and is dropped first.
"""

import argparse
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from common import (
    BENCH_PASSWORD,
    ROOT,
    create_pg_database,
    drop_pg_database,
    email,
    is_postgresql,
    make_app,
)
from pages import CSRF, Browser, free_port, start_gunicorn, stop

VERSION = re.compile(rb'name="version" type="hidden" value="(\d+)"')
OPEN = ("intake", "assigned", "in_progress")
COORDINATORS, PARALEGALS = 8, 16


@dataclass
class Plan:
    """Who signs in, and the cases each coordinator works on (id -> status)."""

    cases_by_coordinator: dict[str, dict[int, str]]


@dataclass
class Tally:
    """What the users saw, shared by their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    intakes: list[str] = field(default_factory=list)

    def record(self, action: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[action].append(seconds)
            self.statuses[action][status] += 1


def prepare_database(url: str, cases: int) -> None:
    """A fresh database with the seeded data set."""
    if is_postgresql(url):
        if "bench" not in url.rsplit("/", 1)[-1]:
            raise SystemExit("the PostgreSQL database's name must contain 'bench'")
        drop_pg_database(url)
        create_pg_database(url)
    command = [sys.executable, str(ROOT / "bench" / "seed.py"), "--cases", str(cases)]
    subprocess.run([*command, "--database-url", url], check=True, cwd=ROOT)  # noqa: S603


def make_plan(url: str, rng: random.Random) -> Plan:
    """Up to 500 detention and litigation cases of each coordinator's organisation."""
    from sqlalchemy import select

    from legalaid.accounts.models import User
    from legalaid.cases.models import Case
    from legalaid.extensions import db

    app = make_app(url)
    plan = Plan({})
    with app.app_context():
        for number in range(1, COORDINATORS + 1):
            mail = email("coordinator", number)
            organisation_id = db.session.scalar(
                select(User.organisation_id).where(User.email == mail)
            )
            rows = db.session.execute(
                select(Case.id, Case.status).where(
                    Case.organisation_id == organisation_id,
                    Case.kind.in_(("detention", "litigation")),
                )
            ).all()
            chosen = rng.sample(rows, min(500, len(rows)))
            plan.cases_by_coordinator[mail] = {case_id: status for case_id, status in chosen}
        db.engine.dispose()
    return plan


def timed(tally: Tally, browser: Browser, action: str, method: str, path: str, form=None):
    """One request, recorded under `action`; the page, or None when it failed."""
    body = urlencode(form).encode() if form is not None else None
    began = time.perf_counter()
    try:
        status, page, _wire = browser.request(method, path, body)
    except OSError as error:
        with tally.lock:
            tally.failures.append(f"{action}: {error!r}")
        return None, None
    tally.record(action, status, time.perf_counter() - began)
    return status, page


def coordinator_step(tally: Tally, browser: Browser, cases: dict[int, str], rng) -> None:
    """A list, a case page, a note or a transition, as a coordinator does."""
    case_id = rng.choice(list(cases))
    roll = rng.random()
    if roll < 0.3:
        timed(tally, browser, "list", "GET", "/cases/")
    elif roll < 0.65:
        timed(tally, browser, "case page", "GET", f"/cases/{case_id}")
    elif roll < 0.85:
        status, page = timed(tally, browser, "case page", "GET", f"/cases/{case_id}")
        token = CSRF.search(page or b"")
        if status != 200 or not token:
            return
        text = f"bench note {uuid.uuid4().hex}"
        form = {"csrf_token": token.group(1).decode(), "text": text}
        status, _ = timed(tally, browser, "note", "POST", f"/cases/{case_id}/timeline", form)
        if status == 302:
            with tally.lock:
                tally.notes.append(text)
    else:
        action = "close" if cases[case_id] in OPEN else "reopen"
        url = f"/cases/{case_id}/status/{action}"
        status, page = timed(tally, browser, "transition form", "GET", url)
        token, version = CSRF.search(page or b""), VERSION.search(page or b"")
        if status != 200 or not token or not version:
            return
        form = {
            "csrf_token": token.group(1).decode(),
            "version": version.group(1).decode(),
            "reason": "other",
            "note": "bench",
        }
        status, _ = timed(tally, browser, "transition", "POST", url, form)
        if status == 302:
            cases[case_id] = "closed" if action == "close" else "in_progress"


def paralegal_step(tally: Tally, browser: Browser, rng) -> None:
    """A list, a search or a litigation intake, as a paralegal does."""
    roll = rng.random()
    if roll < 0.4:
        timed(tally, browser, "list", "GET", "/cases/")
    elif roll < 0.7:
        timed(tally, browser, "list search", "GET", "/cases/?q=Traor%C3%A9")
    else:
        status, page = timed(tally, browser, "intake form", "GET", "/cases/new/litigation")
        token = CSRF.search(page or b"")
        if status != 200 or not token:
            return
        summary = f"bench intake {uuid.uuid4().hex}"
        form = {
            "csrf_token": token.group(1).decode(),
            "beneficiary_choice": "new",
            "full_name": f"Aminata Bench {rng.randrange(10**6)}",
            "sex": "F",
            "age": str(rng.randrange(18, 70)),
            "preferred_language": "bm",
            "opened_on": time.strftime("%d/%m/%Y"),
            "service_level": "advice",
            "summary": summary,
            "matter_type": "land",
            "forum": "customary",
        }
        status, _ = timed(tally, browser, "intake", "POST", "/cases/new/litigation", form)
        if status == 302:
            with tally.lock:
                tally.intakes.append(summary)


def run_users(port: int, plan: Plan, users: int, seconds: float, think: float, seed: int):
    """Every user signs in at the same moment, then works until the time is up."""
    tally = Tally()
    barrier = threading.Barrier(users)
    coordinators = list(plan.cases_by_coordinator)

    def user(number: int) -> None:
        rng = random.Random(seed + number)  # noqa: S311 - a reproducible mix, not secrets
        browser = Browser(port, gzip_ok=True, keep_alive=False)
        is_coordinator = number % 2 == 0
        mail = (
            coordinators[(number // 2) % len(coordinators)]
            if is_coordinator
            else email("paralegal", (number // 2) % PARALEGALS + 1)
        )
        cases = dict(plan.cases_by_coordinator.get(mail, {}))
        barrier.wait()
        status, page = timed(tally, browser, "login form", "GET", "/auth/login")
        token = CSRF.search(page or b"")
        if status != 200 or not token:
            return
        form = {"email": mail, "password": BENCH_PASSWORD, "csrf_token": token.group(1).decode()}
        status, _ = timed(tally, browser, "login", "POST", "/auth/login", form)
        if status != 302:
            return
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if is_coordinator:
                coordinator_step(tally, browser, cases, rng)
            else:
                paralegal_step(tally, browser, rng)
            time.sleep(rng.uniform(0, 2 * think))

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def missing_writes(url: str, tally: Tally) -> tuple[int, int]:
    """(notes, intakes) acknowledged by the app but absent from the database."""
    from sqlalchemy import func, select

    from legalaid.cases.models import Case, CaseEvent
    from legalaid.extensions import db

    app = make_app(url)
    with app.app_context():

        def found(column, texts: list[str]) -> int:
            chunks = [texts[i : i + 500] for i in range(0, len(texts), 500)]
            return sum(
                db.session.scalar(select(func.count()).where(column.in_(chunk))) for chunk in chunks
            )

        missing = (
            len(tally.notes) - found(CaseEvent.text, tally.notes),
            len(tally.intakes) - found(Case.summary, tally.intakes),
        )
        db.engine.dispose()
    return missing


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def report(tally: Tally, missing: tuple[int, int], seconds: float) -> int:
    """Print the table; the number of problems (5xx, failed requests, missing writes)."""
    print("| action | req | 2xx/3xx | 4xx | 5xx | p50 ms | p95 ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    everything: list[float] = []
    server_errors = 0
    for action, latencies in sorted(tally.latencies.items()):
        codes = tally.statuses[action]
        ok = sum(n for code, n in codes.items() if code < 400)
        client = sum(n for code, n in codes.items() if 400 <= code < 500)
        server = sum(n for code, n in codes.items() if code >= 500)
        server_errors += server
        everything += latencies
        print(
            f"| {action} | {len(latencies):,} | {ok:,} | {client:,} | {server:,} | "
            f"{percentile(latencies, 0.5):,.0f} | {percentile(latencies, 0.95):,.0f} |"
        )
    print(
        f"| all | {len(everything):,} ({len(everything) / seconds:,.1f}/s) | | | {server_errors:,} "
        f"| {percentile(everything, 0.5):,.0f} | {percentile(everything, 0.95):,.0f} |"
    )
    print(f"failed requests (no answer): {len(tally.failures)}", *tally.failures[:5], sep="\n  ")
    print(
        f"acknowledged notes {len(tally.notes):,}, missing {missing[0]}; "
        f"acknowledged intakes {len(tally.intakes):,}, missing {missing[1]}"
    )
    return server_errors + len(tally.failures) + sum(missing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a new SQLite file under /tmp")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages, s")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    url = args.database_url or f"sqlite:///{folder / 'legalaid.sqlite3'}"
    prepare_database(url, args.cases)
    plan = make_plan(url, random.Random(args.seed))  # noqa: S311
    port = free_port()
    server = start_gunicorn(url, port, args.workers, 1, folder / "gunicorn.log")
    began = time.monotonic()
    try:
        tally = run_users(port, plan, args.users, args.seconds, args.think, args.seed)
    finally:
        stop(server)
    elapsed = time.monotonic() - began
    print(f"{args.users} users, {args.seconds:.0f} s, {args.workers} workers, {url}")
    problems = report(tally, missing_writes(url, tally), elapsed)
    print(f"gunicorn log: {folder / 'gunicorn.log'}")
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
