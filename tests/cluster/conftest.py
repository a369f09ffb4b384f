"""Real Ray nodes for the cluster tests, inside a network namespace holding only the loopback interface.

Ray rewrites 127.0.0.1 to the machine's primary address unless that is all there is, so the
namespace (created and deleted here; as root) keeps every byte on loopback.  Two nodes (a head and
a worker, one CPU each, no dashboard, small object stores) run for the session and are stopped with
``ray stop --force`` inside the namespace.  Skipped only when Ray is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ray", reason="the cluster tests need Ray: pip install 'kavosh[cluster]'")

BIN = Path(sys.executable).parent
DRIVER = Path(__file__).with_name("driver.py")
PORT = 6390


class Cluster:
    """Two Ray nodes in namespace ``ns``; :meth:`run` runs a driver job there."""

    def __init__(self, ns: str, temp: Path) -> None:
        self.ns, self.temp, self.address = ns, temp, f"127.0.0.1:{PORT}"
        self.env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_DISABLE_IMPORT_WARNING": "1",
                    "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}

    def exec(self, *cmd: str, timeout: float = 180, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(["ip", "netns", "exec", self.ns, *cmd], capture_output=True, text=True,
                              timeout=timeout, env=self.env)
        if check:
            assert proc.returncode == 0, (cmd, proc.stdout[-2000:], proc.stderr[-4000:])
        return proc

    def start(self) -> None:
        common = ["--num-cpus", "1", "--object-store-memory", str(80 * 1024 * 1024), "--disable-usage-stats"]
        self.exec(str(BIN / "ray"), "start", "--head", "--port", str(PORT), "--include-dashboard", "false",
                  "--temp-dir", str(self.temp), *common)
        self.exec(str(BIN / "ray"), "start", "--address", self.address, *common)

    def run(self, job: str, args: dict, timeout: float = 300) -> dict:
        proc = self.exec(str(BIN / "python"), str(DRIVER), self.address, job, json.dumps(args), timeout=timeout)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]  # Ray logs lines of its own
        assert lines, (proc.stdout[-2000:], proc.stderr[-4000:])
        return json.loads(lines[-1])

    def stop(self) -> None:
        self.exec(str(BIN / "ray"), "stop", "--force", check=False, timeout=60)


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    """Two real Ray nodes in a fresh loopback-only network namespace (removed afterwards)."""
    if shutil.which("ip") is None:
        pytest.fail("the cluster tests need the `ip` command (Debian: iproute2) to create a network namespace")
    ns = f"kavosh-{os.getpid()}"
    subprocess.run(["ip", "netns", "add", ns], check=True, capture_output=True)
    temp = Path(f"/tmp/kr{os.getpid()}")
    try:
        subprocess.run(["ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"], check=True)
        c = Cluster(ns, temp)
        c.start()
        yield c
    finally:
        try:
            Cluster(ns, temp).stop()
        finally:
            subprocess.run(["ip", "netns", "del", ns], check=False)
            shutil.rmtree(temp, ignore_errors=True)
