"""The deployment files: systemd units that verify, a compose stack without baked-in secrets, an
image that runs unprivileged, gunicorn's metrics directory."""

import re
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
VENV_BIN = "/opt/legalaid/.venv/bin/"


def verify(units: list[Path], tmp_path: Path) -> str:
    """`systemd-analyze verify` on copies whose programs exist (stubs stand in for the venv's);
    its messages, empty when every unit is sound."""
    stubs = tmp_path / "bin"
    stubs.mkdir(exist_ok=True)
    for program in ("flask", "gunicorn"):
        stub = stubs / program
        stub.write_text("#!/bin/sh\n")
        stub.chmod(0o755)
    copies = []
    for unit in units:
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text().replace(VENV_BIN, f"{stubs}/"))
        copies.append(str(copy))
    result = subprocess.run(  # noqa: S603 - our own files, a fixed program
        [shutil.which("systemd-analyze") or "", "verify", *copies],
        capture_output=True,
        text=True,
        check=False,
    )
    return (result.stdout + result.stderr).strip() if result.returncode == 0 else "failed"


needs_systemd = pytest.mark.skipif(
    not shutil.which("systemd-analyze"), reason="no systemd-analyze on this machine"
)


@needs_systemd
def test_the_units_and_timers_verify(tmp_path):
    units = sorted(UNITS.glob("*.service")) + sorted(UNITS.glob("*.timer"))
    assert len(units) == 8
    assert verify(units, tmp_path) == ""


@needs_systemd
@pytest.mark.parametrize(
    ("unit", "good", "bad"),
    [
        ("legalaid-backup.timer", "OnCalendar=*-*-* 01:30:00 UTC", "OnCalendar=someday"),
        ("legalaid-worker.service", "Type=simple", "Tipe=simple"),
    ],
)
def test_a_unit_with_a_mistake_fails_the_check(tmp_path, unit, good, bad):
    broken = tmp_path / "broken"
    broken.mkdir()
    source = (UNITS / unit).read_text()
    assert good in source
    (broken / unit).write_text(source.replace(good, bad))
    service = unit.replace(".timer", ".service")
    if service != unit:
        (broken / service).write_text((UNITS / service).read_text())
    assert verify(sorted(broken.iterdir()), tmp_path) != ""


def test_every_timer_starts_its_service_and_every_service_has_the_environment():
    timers = {path.stem for path in UNITS.glob("*.timer")}
    assert timers == {"legalaid-reminders", "legalaid-backup", "legalaid-purge"}
    for name in timers:
        assert (UNITS / f"{name}.service").read_text().count("Type=oneshot") == 1
    for service in UNITS.glob("*.service"):
        text = service.read_text()
        assert "EnvironmentFile=/etc/legalaid/legalaid.env" in text and "User=legalaid" in text
    # Only gunicorn's processes share a metrics directory (any process that has it writes there).
    with_metrics = {
        path.name for path in UNITS.glob("*") if "PROMETHEUS_MULTIPROC_DIR" in path.read_text()
    }
    assert with_metrics == {"legalaid-web.service"}


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_the_whole_stack():
    services = compose()["services"]
    assert set(services) == {"migrate", "web", "worker", "scheduled", "db", "redis"}
    assert services["worker"]["command"][:2] == ["flask", "jobs-worker"]
    assert "flask db upgrade" in " ".join(services["migrate"]["command"])
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert (ROOT / services["scheduled"]["command"][0].removeprefix("/app/")).is_file()


def test_compose_takes_secrets_from_files_never_from_values():
    services = compose()["services"]
    for name, service in services.items():
        for key, value in (service.get("environment") or {}).items():
            if re.search(r"SECRET|PASSWORD|TOKEN|DATABASE_URL", key):
                assert key.endswith("_FILE") and str(value).startswith("/run/secrets/"), (name, key)
    with_metrics = {
        name
        for name, s in services.items()
        if "PROMETHEUS_MULTIPROC_DIR" in (s.get("environment") or {})
    }
    assert with_metrics == {"web"}


def test_the_image_is_locked_unprivileged_and_checked_on_healthz():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes -r /tmp/base.txt" in dockerfile
    assert re.search(r"^USER legalaid$", dockerfile, re.MULTILINE)
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert "pybabel compile" in dockerfile
    assert not re.search(r"^ENV[^\n]*(SECRET|PASSWORD|TOKEN)", dockerfile, re.MULTILINE)


def test_gunicorn_starts_the_metrics_from_an_empty_directory(tmp_path, monkeypatch):
    directory = tmp_path / "metrics"
    directory.mkdir()
    (directory / "counter_123.db").write_bytes(b"old run")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    settings["on_starting"](None)
    assert directory.is_dir() and list(directory.iterdir()) == []
    assert settings["worker_class"] == "sync" and settings["accesslog"] is None
