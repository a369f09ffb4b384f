"""Real Ray nodes for the cluster tests, inside a network namespace holding only the loopback interface.

Ray rewrites 127.0.0.1 to the machine's primary address unless that is all there is, so the
namespace (created and deleted here; as root) keeps every byte on loopback.  Two nodes (a head and
a worker, one CPU each, no dashboard, small object stores) run for the session; at the end every
process inside the namespace (``ip netns pids``: ours alone, not another run's Ray) is killed.
Skipped only when Ray is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("ray", reason="the cluster tests need Ray: pip install 'kavosh[cluster]'")

BIN = Path(sys.executable).parent
DRIVER = Path(__file__).with_name("driver.py")
PORT = 6390
SLOWER = 3 if os.environ.get("KAVOSH_PURE_PYTHON") else 1
"""Factor on the driver jobs' time limits: the pure-Python specification (``KAVOSH_PURE_PYTHON=1``) analyses
about 7x slower than the compiled core (0.63 against 4.42 MB/s of news text, thread CPU, same run), and its
first full-suite run at load ~20 timed the cluster build out at 600 s (the later cluster tests failed after
it, probably behind the still-running driver).  The answers are compared, not timed, so only the limits grow."""


class Cluster:
    """Two Ray nodes in namespace ``ns``; :meth:`run` runs a driver job there."""

    def __init__(self, ns: str, temp: Path) -> None:
        self.ns, self.temp, self.address = ns, temp, f"127.0.0.1:{PORT}"
        self.env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_DISABLE_IMPORT_WARNING": "1",
                    "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
                    # a killed node is declared dead after ~3 s rather than ~15-30 s (test_replicas)
                    "RAY_health_check_period_ms": "1000", "RAY_health_check_timeout_ms": "1000",
                    "RAY_health_check_failure_threshold": "3",
                    # a Ray Client connection (ray://) waits for its server process; under load it needs more
                    # than the default 30 s
                    "RAY_CLIENT_SERVER_CHECK_CHANNEL_TIMEOUT_S": "120"}

    def exec(self, *cmd: str, timeout: float = 180, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(["ip", "netns", "exec", self.ns, *cmd], capture_output=True, text=True,
                              timeout=timeout, env=self.env)
        if check and proc.returncode != 0:
            log = self.temp.with_name(self.temp.name + f"-failed-{time.time():.0f}.log")
            ray_logs = self.client_server_logs()
            log.write_text(f"{cmd}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}\n{ray_logs}",
                           encoding="utf-8")
            raise AssertionError(f"{cmd[:4]} exited with {proc.returncode}; its output is in {log}:\n"
                                 f"{proc.stderr[-1500:]}\n{ray_logs[-3000:]}")
        return proc

    def client_server_logs(self) -> str:
        """The last lines of the Ray Client servers' logs (``ray://`` connections), for a failure message:
        Ray removes them with the session folder and only names them in its error."""
        parts = []
        for path in sorted((self.temp / "session_latest" / "logs").glob("ray_client_server*")):
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
            if lines:
                parts.append(f"--- {path.name}\n" + "\n".join(lines))
        return "\n".join(parts)

    COMMON = ("--num-cpus", "1", "--object-store-memory", str(80 * 1024 * 1024), "--disable-usage-stats")

    def start(self) -> None:
        self.exec(str(BIN / "ray"), "start", "--head", "--port", str(PORT), "--include-dashboard", "false",
                  "--temp-dir", str(self.temp), *self.COMMON)
        self.add_worker()

    def add_worker(self) -> None:
        """Start one more worker node (after a test killed one)."""
        self.exec(*self.worker_command())

    def worker_command(self) -> list[str]:
        """The command starting one more worker node, run inside the namespace (by a driver job)."""
        return [str(BIN / "ray"), "start", "--address", self.address, *self.COMMON]

    def run(self, job: str, args: dict, timeout: float = 300, address: str | None = None) -> dict:
        """Run driver job ``job`` with ``args`` connected to ``address`` (default the head's HOST:PORT)."""
        proc = self.exec(str(BIN / "python"), str(DRIVER), address or self.address, job, json.dumps(args),
                         timeout=timeout * SLOWER)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]  # Ray logs lines of its own
        assert lines, (proc.stdout[-2000:], proc.stderr[-4000:])
        return json.loads(lines[-1])

    def pids(self) -> list[int]:
        """The processes running inside the namespace (our Ray nodes and drivers)."""
        proc = subprocess.run(["ip", "netns", "pids", self.ns], capture_output=True, text=True, check=False)
        return [int(p) for p in proc.stdout.split()]

    def stop(self) -> None:
        """Kill every process of the namespace by its id (``ray stop`` would stop any Ray on the machine)."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in self.pids():
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            for _ in range(50):
                if not self.pids():
                    return
                time.sleep(0.1)


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


@pytest.fixture(scope="session")
def sharded(run_kavosh, shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hamshahri as 4 shards, built with `kavosh index --shards 4` (shared by the serving tests)."""
    index = tmp_path_factory.mktemp("cluster") / "sharded"
    proc = run_kavosh("index", shared_data / "hamshahri" / "corpus.jsonl.gz", "--index", index, "--shards", "4", "-q")
    assert proc.returncode == 0, proc.stderr
    return index


@pytest.fixture(scope="session")
def dev_queries(shared_data: Path) -> list[str]:
    """Hamshahri's 30 dev queries."""
    return [json.loads(line)["text"] for line in open(shared_data / "hamshahri" / "queries.jsonl", encoding="utf-8")]
