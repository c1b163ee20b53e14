"""A team server: Klarsvar behind Debian's nginx terminating TLS with a self-signed certificate, per-agent
tokens through the proxy, a revoked token refused at once, a foreign Host refused (docs/deploy.md)."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
from pathlib import Path

import pytest

from tests.support.server_process import (STOP_GRACE_SECONDS, ServerProcess, free_port, kill_group, run_checked, run_cli,
                                          wait_until)

NAME = "klarsvar.test"


def _tool(name: str) -> str:
    """The path of a required program; a skip locally, a failure in CI (`make test` installs it)."""
    path = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
    if path is None:
        message = f"{name} is not installed (scripts/system-packages-test.txt)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _run(argv, timeout=60) -> None:
    """Run a set-up command in its own process group; fail with its output if it fails."""
    run_checked(argv, timeout)


def nginx_conf(workdir: Path, tls_port: int, upstream_port: int, cert: Path, key: Path) -> str:
    """The proxy configuration docs/deploy.md gives, with every path inside `workdir`."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must reach the temp dirs below
    temp = "\n".join(f"    {kind}_temp_path {workdir / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                                 "uwsgi", "scgi"))
    return f"""{user}daemon off;
worker_processes 1;
pid {workdir / 'nginx.pid'};
error_log {workdir / 'error.log'} warn;
events {{ worker_connections 64; }}
http {{
    access_log {workdir / 'access.log'};
{temp}
    server {{
        listen 127.0.0.1:{tls_port} ssl;
        server_name {NAME};
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        client_max_body_size 300k;
        location / {{
            proxy_pass http://127.0.0.1:{upstream_port};
            # Klarsvar checks Host against --allow-host NAME:PORT (DNS-rebinding defence).
            proxy_set_header Host $host:$server_port;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 30s;
        }}
    }}
}}
"""


@pytest.fixture
def team_server(tmp_path):
    """Klarsvar on a loopback port and nginx with TLS in front of it; yields (tls_port, klarsvar, ca_file)."""
    nginx, openssl = _tool("nginx"), _tool("openssl")
    workdir = tmp_path / "nginx"
    workdir.mkdir()
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    _run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={NAME}",
          "-addext", f"subjectAltName=DNS:{NAME},IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)])
    tls_port = free_port()
    with ServerProcess(tmp_path / "config", "--allow-host", f"{NAME}:{tls_port}") as klarsvar:
        conf = workdir / "nginx.conf"
        conf.write_text(nginx_conf(workdir, tls_port, klarsvar.port, cert, key), encoding="utf-8")
        _run([nginx, "-t", "-p", str(workdir), "-c", str(conf)])
        log = open(workdir / "nginx.out", "w")  # noqa: SIM115 - closed below
        proxy = subprocess.Popen([nginx, "-p", str(workdir), "-c", str(conf)], stdout=log, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        try:
            def listening() -> bool:
                assert proxy.poll() is None, (workdir / "error.log").read_text(errors="replace")
                try:
                    with socket.create_connection(("127.0.0.1", tls_port), timeout=1):
                        return True
                except OSError:
                    return False

            assert wait_until(listening, 20)
            yield tls_port, klarsvar, cert
        finally:
            if proxy.poll() is None:
                proxy.send_signal(signal.SIGQUIT)  # nginx's graceful stop
                try:
                    proxy.wait(timeout=STOP_GRACE_SECONDS)
                except subprocess.TimeoutExpired:
                    kill_group(proxy.pid)
                    proxy.wait(timeout=STOP_GRACE_SECONDS)
            log.close()


def https(port: int, ca_file: Path, method: str, path: str, body=None, headers=None, host: str = NAME):
    """One request over TLS to nginx, verifying its certificate; (status, JSON body)."""
    context = ssl.create_default_context(cafile=str(ca_file))
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
    try:
        data = json.dumps(body) if body is not None else None
        conn.request(method, path, body=data, headers={"Host": host, "Content-Type": "application/json",
                                                       **(headers or {})})
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


@pytest.mark.timeout(180)
def test_agent_checks_through_nginx_with_tls_and_revocation_is_immediate(team_server):
    tls_port, klarsvar, ca_file = team_server
    added = run_cli(klarsvar.config_dir, "token", "add", "alice")
    assert added.returncode == 0, added.stderr
    alice = {"Authorization": f"Bearer {added.stdout.strip()}"}

    status, health = https(tls_port, ca_file, "GET", "/v1/health")
    assert status == 200 and health["status"] == "ok"
    status, answer = https(tls_port, ca_file, "POST", "/v1/check",
                           {"text": "Din sag er blevet eskaleret til 2nd level.", "language": "da"}, alice)
    assert status == 200 and answer["findings"], answer
    assert https(tls_port, ca_file, "GET", "/v1/terms", headers=alice)[0] == 200

    assert run_cli(klarsvar.config_dir, "token", "revoke", "alice").returncode == 0
    status, refused = https(tls_port, ca_file, "POST", "/v1/check", {"text": "Tak."}, alice)
    assert status == 401 and refused["error"]["code"] == "unauthorized"

    status, foreign = https(tls_port, ca_file, "GET", "/v1/health", host="evil.example")
    assert status == 403 and foreign["error"]["code"] == "host_not_allowed"
    assert "agent=alice" in klarsvar.log() and "Din sag" not in klarsvar.log()


def test_the_proxy_really_speaks_tls(team_server):
    tls_port, _, _ = team_server
    with pytest.raises(ssl.SSLCertVerificationError):
        # The self-signed certificate is not in the system's trust store: verification must fail.
        conn = http.client.HTTPSConnection("127.0.0.1", tls_port, context=ssl.create_default_context(), timeout=10)
        try:
            conn.request("GET", "/v1/health", headers={"Host": NAME})
        finally:
            conn.close()
