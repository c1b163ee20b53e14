"""Autostart: the systemd unit (verified by systemd-analyze where present), the launchd plist and the Task
Scheduler XML (checked against their formats), and install/status/uninstall through the CLI."""

from __future__ import annotations

import configparser
import os
import plistlib
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from klarsvar import cli, service
from tests.support.server_process import STOP_GRACE_SECONDS, kill_group

COMMAND = service.serve_command("/home/agent/My Config/klarsvar", 8765, python="/opt/klarsvar/bin/python")
NS = {"t": service.TASK_NAMESPACE}


def test_serve_command_uses_this_python_and_passes_config_dir_and_port():
    assert service.serve_command() == [sys.executable, "-m", "klarsvar", "serve"]
    assert COMMAND == ["/opt/klarsvar/bin/python", "-m", "klarsvar", "--config-dir", "/home/agent/My Config/klarsvar",
                       "serve", "--port", "8765"]


def test_systemd_unit_runs_serve_at_login_and_restarts_on_failure():
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str
    unit.read_string(service.systemd_unit(COMMAND))
    assert unit["Service"]["ExecStart"] == ('/opt/klarsvar/bin/python -m klarsvar --config-dir '
                                            '"/home/agent/My Config/klarsvar" serve --port 8765')
    assert unit["Service"]["Restart"] == "on-failure" and unit["Install"]["WantedBy"] == "default.target"


def test_systemd_quoting_doubles_percent_signs():
    assert service._systemd_quote("50%") == "50%%" and service._systemd_quote('a"b c') == '"a\\"b c"'


def _systemd_analyze(unit: Path) -> subprocess.CompletedProcess:
    """`systemd-analyze verify` in its own process group, killed at the timeout."""
    process = subprocess.Popen(["systemd-analyze", "verify", str(unit)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        out, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        kill_group(process.pid)
        process.communicate(timeout=STOP_GRACE_SECONDS)
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, out, "")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_accepts_the_unit_and_rejects_a_broken_one(tmp_path):
    unit = tmp_path / service.UNIT_NAME
    unit.write_text(service.systemd_unit(service.serve_command()), encoding="utf-8")
    verdict = _systemd_analyze(unit)
    assert verdict.returncode == 0 and "Unknown" not in verdict.stdout, verdict.stdout
    broken = tmp_path / "broken.service"
    broken.write_text(service.systemd_unit(["relative-program", "serve"]), encoding="utf-8")
    assert _systemd_analyze(broken).returncode != 0


def test_launchd_plist_is_a_valid_agent(tmp_path):
    raw = service.launchd_plist(COMMAND, tmp_path)
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN"')
    agent = plistlib.loads(raw, fmt=plistlib.FMT_XML)
    assert agent["Label"] == service.LAUNCHD_LABEL and agent["ProgramArguments"] == COMMAND
    assert agent["RunAtLoad"] is True and agent["KeepAlive"] == {"SuccessfulExit": False}
    assert all(isinstance(agent[key], str) for key in ("StandardOutPath", "StandardErrorPath"))
    # Only keys launchd.plist(5) documents, with their types.
    known = {"Label": str, "ProgramArguments": list, "RunAtLoad": bool, "KeepAlive": dict, "ThrottleInterval": int,
             "ProcessType": str, "StandardOutPath": str, "StandardErrorPath": str}
    assert {key: type(value) for key, value in agent.items()} == known


# The elements a schema-1.2 task may hold, in the order taskschedulerschema.xsd requires them.
TASK_ORDER = ["RegistrationInfo", "Triggers", "Principals", "Settings", "Data", "Actions"]
SETTINGS_ORDER = ["AllowStartOnDemand", "RestartOnFailure", "MultipleInstancesPolicy", "DisallowStartIfOnBatteries",
                  "StopIfGoingOnBatteries", "AllowHardTerminate", "StartWhenAvailable", "RunOnlyIfNetworkAvailable",
                  "IdleSettings", "Enabled", "Hidden", "RunOnlyIfIdle", "WakeToRun", "ExecutionTimeLimit",
                  "Priority"]


def _local(element) -> str:
    return element.tag.split("}", 1)[1]


def test_task_scheduler_xml_follows_the_task_schema():
    text = service.task_xml(COMMAND, "AGENT\\anna")
    raw = text.encode("utf-16")
    root = ET.fromstring(raw.decode("utf-16").replace('encoding="UTF-16"', ""))
    assert root.tag == f"{{{service.TASK_NAMESPACE}}}Task" and root.get("version") == "1.2"
    children = [_local(child) for child in root]
    assert children == [name for name in TASK_ORDER if name in children]
    assert {"Triggers", "Actions", "Settings"} <= set(children)
    assert root.find("t:Triggers/t:LogonTrigger/t:UserId", NS).text == "AGENT\\anna"
    settings = root.find("t:Settings", NS)
    names = [_local(child) for child in settings]
    assert set(names) <= set(SETTINGS_ORDER)  # any order: Settings is an xs:all
    assert root.find("t:Settings/t:RestartOnFailure/t:Interval", NS).text == "PT1M"
    assert int(root.find("t:Settings/t:RestartOnFailure/t:Count", NS).text) > 0
    assert root.find("t:Settings/t:ExecutionTimeLimit", NS).text == "PT0S"  # never stopped for running long
    execute = root.find("t:Actions/t:Exec", NS)
    assert execute.find("t:Command", NS).text == COMMAND[0]
    assert execute.find("t:Arguments", NS).text == ('-m klarsvar --config-dir "/home/agent/My Config/klarsvar" '
                                                    'serve --port 8765')


@pytest.fixture
def fake_manager(monkeypatch, tmp_path):
    """A Linux user whose systemctl is recorded instead of run (the CI machine has no user session)."""
    monkeypatch.setattr(service.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    calls = []

    def manager(argv):
        calls.append(argv)
        return True, "active" if "is-active" in argv else ""

    monkeypatch.setattr(service, "run_manager", manager)
    return calls


@pytest.mark.skipif(os.name == "nt", reason="the systemd flavour is what this test installs")
def test_service_install_status_uninstall_through_the_cli(capsys, fake_manager, tmp_path, isolated_config_dir):
    unit = tmp_path / "xdg" / "systemd" / "user" / service.UNIT_NAME
    assert cli.main(["service", "status"]) == 1 and "Not installed" in capsys.readouterr().out
    assert cli.main(["service", "install", "--port", "8799"]) == 0
    assert str(unit) in capsys.readouterr().out
    text = unit.read_text(encoding="utf-8")
    assert f"--config-dir {isolated_config_dir}" in text and "serve --port 8799" in text
    assert ["systemctl", "--user", "enable", "--now", service.UNIT_NAME] in fake_manager
    assert cli.main(["service", "status"]) == 0
    assert "running" in capsys.readouterr().out
    assert cli.main(["service", "uninstall"]) == 0
    assert not unit.exists() and ["systemctl", "--user", "disable", "--now", service.UNIT_NAME] in fake_manager
    assert cli.main(["service", "status"]) == 1


def test_install_without_a_reachable_manager_keeps_the_file_and_says_so(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(service.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(service, "run_manager", lambda argv: (False, "Failed to connect to bus"))
    assert cli.main(["service", "install"]) == 1
    out, err = capsys.readouterr()
    assert "Failed to connect to bus" in err and (tmp_path / "xdg" / "systemd" / "user" / service.UNIT_NAME).exists()
