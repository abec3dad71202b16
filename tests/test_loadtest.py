"""Load and faults, short: a worker killed mid-run and, on PostgreSQL, the database cut off."""

from tests.servers import fresh_database, manage, server_env


def test_load_with_a_killed_worker_and_a_database_outage_keeps_every_count(tmp_path):
    with fresh_database(tmp_path) as database_url:
        env = server_env(database_url, tmp_path)
        out = manage(env, "loadtest", "--duration", "9", "--connections", "32", "--outage", "3")
    assert "OK: no 5xx but the outage's 503s, and every count exact." in out, out
    assert "new visits: answered" in out
