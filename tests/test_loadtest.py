"""Load and faults, short: a worker killed mid-run and, on PostgreSQL, the database cut off."""

import subprocess
import sys

from tests.servers import ROOT, fresh_database, server_env


def test_load_with_a_killed_worker_and_a_database_outage_keeps_every_count(tmp_path):
    with fresh_database(tmp_path) as database_url:
        env = server_env(database_url, tmp_path)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "tools.loadtest",
                "--duration",
                "9",
                "--connections",
                "32",
                "--outage",
                "3",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "OK: no 5xx but the outage's 503s, and every count exact." in out, out
    assert "new visits: answered" in out
