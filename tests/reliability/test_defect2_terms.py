"""Defect 2: team terms were lost — blind read-modify-write, an empty/corrupt file read as [], temp files
left by killed writers, and an import that silently replaced the whole list."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from klarsvar.analysis.terms import parse_terms
from klarsvar.terms_store import TermsStore
from tests.support.server_process import ServerProcess, http_request, kill_group, run_cli

POSTS = 50


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real server with two worker processes, so writers race across processes as on a team server."""
    workers = ("--workers", "2") if hasattr(os, "fork") else ()
    with ServerProcess(tmp_path_factory.mktemp("terms") / "conf", *workers) as running:
        yield running


def get_terms(server):
    status, headers, body = http_request(server.port, "GET", "/v1/terms", headers=server.auth())
    assert status == 200, body
    return json.loads(body), headers["etag"]


def put_terms(server, terms, etag):
    return http_request(server.port, "PUT", "/v1/terms", terms, headers={**server.auth(), "If-Match": etag})


def test_concurrent_posts_each_adding_a_term_all_arrive(server):
    _, etag = get_terms(server)
    assert put_terms(server, [], etag)[0] == 200

    def add(n):
        return http_request(server.port, "POST", "/v1/terms", {"term": f"Produkt-{n}", "kind": "allowed"},
                            headers=server.auth())[0]

    with ThreadPoolExecutor(POSTS) as pool:
        statuses = list(pool.map(add, range(POSTS)))
    assert statuses == [201] * POSTS
    terms, _ = get_terms(server)
    assert sorted(t["term"] for t in terms) == sorted(f"Produkt-{n}" for n in range(POSTS))


def test_concurrent_puts_with_one_version_never_lose_a_write(server):
    _, etag = get_terms(server)
    assert put_terms(server, [{"term": "Basis", "kind": "allowed"}], etag)[0] == 200
    base, etag = get_terms(server)

    def replace(n):
        return put_terms(server, base + [{"term": f"Agent-{n}", "kind": "allowed"}], etag)[0]

    with ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(replace, range(20)))
    # Exactly one writer holds the version it read; everyone else is told, nobody silently loses.
    assert sorted(statuses) == [200] + [412] * 19
    terms, _ = get_terms(server)
    winner = statuses.index(200)
    assert [t["term"] for t in terms] == ["Basis", f"Agent-{winner}"]


@pytest.mark.parametrize("content", [b"", b"[", b'[{"term": "SLA", "replacement": "svar', b"\x00\x00\x00",
                                     b"not json at all", b'{"terms": "no"}', b'[{"term": "x", "kind": "bad"}]'])
def test_broken_terms_file_is_503_and_byte_identical_afterwards(server, content):
    path = server.config_dir / "terms.json"
    good, _ = get_terms(server)
    path.write_bytes(content)
    try:
        answers = [
            http_request(server.port, "GET", "/v1/terms", headers=server.auth()),
            http_request(server.port, "PUT", "/v1/terms", [], headers={**server.auth(), "If-Match": '"any"'}),
            http_request(server.port, "POST", "/v1/terms", {"term": "Ny"}, headers=server.auth()),
        ]
        assert [(status, json.loads(body)["error"]["code"]) for status, _, body in answers] == \
            [(503, "terms_unreadable")] * 3
        assert path.read_bytes() == content
        # The CLI refuses too, and says how to repair the file.
        result = run_cli(server.config_dir, "terms", "import", str(write_csv(server.config_dir.parent)))
        assert result.returncode == 2 and "terms.json" in result.stderr and "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1
        assert path.read_bytes() == content
    finally:
        path.write_text(json.dumps(good), encoding="utf-8")


def write_csv(directory):
    path = directory / "import.csv"
    path.write_text("term,replacement\nticket,din henvendelse\n", encoding="utf-8")
    return path


WRITER = """
import sys
from klarsvar.analysis.terms import parse_terms
from klarsvar.terms_store import TermsStore
store = TermsStore(sys.argv[1])
first = int(sys.argv[2])
for n in range(first, first + 100_000):  # until killed
    # Big enough that a write takes a while, so kills land in the middle of one.
    store.save(parse_terms([{"term": f"Ord-{n}-{i}", "kind": "allowed", "note": "x" * 400} for i in range(60)]))
    print(n, flush=True)
"""


@pytest.mark.timeout(120)
def test_kill_9_during_200_writes_leaves_a_parsable_file_and_no_temp_files_after_restart(tmp_path):
    directory = tmp_path / "conf"
    directory.mkdir()
    rng = random.Random(15)
    written, kills, temp_files_seen = 0, 0, 0
    while written < 200 or kills < 8:
        process = subprocess.Popen([sys.executable, "-c", WRITER, str(directory), str(written)],
                                   stdout=subprocess.PIPE, text=True, start_new_session=True)
        try:
            time.sleep(rng.uniform(0.35, 0.6))  # interpreter start-up, then somewhere inside the writes
            process.send_signal(signal.SIGKILL)
            out, _ = process.communicate(timeout=10)
        finally:
            kill_group(process.pid)
        kills += 1
        written += len(out.split())
        temp_files_seen += sum(p.name.endswith(".tmp") for p in directory.iterdir())
        if (directory / "terms.json").exists():
            data = json.loads((directory / "terms.json").read_text(encoding="utf-8"))
            parse_terms(data)  # always a whole, valid list: old or new, never half
    print(f"{written} writes, {kills} kills, {temp_files_seen} temp files left by killed writers")
    TermsStore.remove_stale_temp_files(directory)  # what every start does
    assert sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp")) == []
    TermsStore(directory).snapshot()


def test_import_merges_by_default_and_replace_keeps_a_backup(tmp_path):
    directory = tmp_path / "conf"
    first = tmp_path / "first.csv"
    first.write_text("term,replacement\nSLA,svartid\nKPI,mål\n", encoding="utf-8")
    second = tmp_path / "second.csv"
    second.write_text("term,replacement\nticket,din henvendelse\n", encoding="utf-8")
    assert run_cli(directory, "terms", "import", str(first)).returncode == 0
    assert run_cli(directory, "terms", "import", str(second)).returncode == 0
    stored = json.loads((directory / "terms.json").read_text(encoding="utf-8"))
    assert [t["term"] for t in stored] == ["SLA", "KPI", "ticket"]
    replaced = run_cli(directory, "terms", "import", str(second), "--replace")
    assert replaced.returncode == 0 and "terms.json.bak" in replaced.stderr
    assert [t["term"] for t in json.loads((directory / "terms.json").read_text(encoding="utf-8"))] == ["ticket"]
    backup = json.loads((directory / "terms.json.bak").read_text(encoding="utf-8"))
    assert [t["term"] for t in backup] == ["SLA", "KPI", "ticket"]
