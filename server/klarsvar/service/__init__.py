"""Autostart: a per-user service that runs `klarsvar serve` at login and restarts it on failure.

Linux: a systemd user unit; macOS: a launchd agent; Windows: a Task Scheduler task. Each file is built
here as text (tested on every platform); `install`/`uninstall`/`status` hand it to the platform's manager.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

UNIT_NAME = "klarsvar.service"
LAUNCHD_LABEL = "dk.klarsvar.serve"
TASK_NAME = "Klarsvar"
TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"
# Seconds before a crashed server is started again (all three managers).
RESTART_SECONDS = 5
MANAGER_TIMEOUT = 30


def serve_command(config_dir: str | None = None, port: int | None = None, python: str | None = None) -> list[str]:
    """The command the service runs: this Python's `-m klarsvar serve` (stable inside a pipx/uv venv)."""
    command = [python or sys.executable, "-m", "klarsvar"]
    if config_dir:
        command += ["--config-dir", str(config_dir)]
    command.append("serve")
    if port:
        command += ["--port", str(port)]
    return command


def _systemd_quote(word: str) -> str:
    """One ExecStart word: double-quoted when needed, `%` doubled (systemd expands specifiers)."""
    word = word.replace("%", "%%")
    if word and not any(ch in word for ch in ' \t"\'\\;$'):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def systemd_unit(command: list[str]) -> str:
    """A systemd user unit running `command` at login, restarted on failure."""
    return "\n".join([
        "[Unit]",
        "Description=Klarsvar writing assistant (local server)",
        "",
        "[Service]",
        "Type=simple",
        "ExecStart=" + " ".join(_systemd_quote(word) for word in command),
        "Restart=on-failure",
        f"RestartSec={RESTART_SECONDS}",
        "Environment=PYTHONUNBUFFERED=1",
        "",
        "[Install]",
        "WantedBy=default.target",
        "",
    ])


def launchd_plist(command: list[str], log_dir: Path) -> bytes:
    """A launchd agent (XML plist) running `command` at login, restarted when it exits with an error."""
    return plistlib.dumps({
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": command,
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ThrottleInterval": RESTART_SECONDS,
        "ProcessType": "Interactive",
        # Server logs carry no message text (method, path, status, duration), so a file is safe.
        "StandardOutPath": str(log_dir / "klarsvar.log"),
        "StandardErrorPath": str(log_dir / "klarsvar.log"),
    }, fmt=plistlib.FMT_XML)


def task_xml(command: list[str], user: str | None = None) -> str:
    """A Task Scheduler task (schema 1.2) running `command` at the user's logon, restarted on failure."""
    program, arguments = command[0], subprocess.list2cmdline(command[1:])
    user_id = f"\n      <UserId>{escape(user)}</UserId>" if user else ""
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="{TASK_NAMESPACE}">
  <RegistrationInfo>
    <Description>Klarsvar writing assistant (local server)</Description>
    <URI>\\{TASK_NAME}</URI>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>{user_id}
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(program)}</Command>
      <Arguments>{escape(arguments)}</Arguments>
    </Exec>
  </Actions>
</Task>
"""


@dataclass
class Platform:
    """Where one platform's service file lives and how its manager is told."""

    kind: str  # systemd | launchd | schtasks
    path: Path

    def file_content(self, command: list[str]) -> bytes:
        """The service file's bytes for `command`."""
        if self.kind == "systemd":
            return systemd_unit(command).encode("utf-8")
        if self.kind == "launchd":
            return launchd_plist(command, self.path.parent.parent / "Logs")
        return task_xml(command, os.environ.get("USERNAME")).encode("utf-16")


def current_platform() -> Platform:
    """The service flavour and file location for this OS and user."""
    if sys.platform == "darwin":
        return Platform("launchd", Path.home() / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist")
    if os.name == "nt":
        from platformdirs import user_data_dir

        return Platform("schtasks", Path(user_data_dir("klarsvar", appauthor=False)) / "klarsvar-task.xml")
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return Platform("systemd", config_home / "systemd" / "user" / UNIT_NAME)


def run_manager(argv: list[str]) -> tuple[bool, str]:
    """Run a service-manager command; (succeeded, its output). A missing tool is a failure, not a crash."""
    if shutil.which(argv[0]) is None:
        return False, f"{argv[0]} is not installed"
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=MANAGER_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    return done.returncode == 0, (done.stdout + done.stderr).strip()


def manager_commands(platform: Platform, action: str) -> list[list[str]]:
    """The manager commands for install, uninstall or status on `platform`."""
    if platform.kind == "systemd":
        return {
            "install": [["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", UNIT_NAME]],
            "uninstall": [["systemctl", "--user", "disable", "--now", UNIT_NAME]],
            "status": [["systemctl", "--user", "is-active", UNIT_NAME]],
        }[action]
    if platform.kind == "launchd":
        domain = f"gui/{os.getuid()}"
        return {
            "install": [["launchctl", "bootstrap", domain, str(platform.path)]],
            "uninstall": [["launchctl", "bootout", f"{domain}/{LAUNCHD_LABEL}"]],
            "status": [["launchctl", "print", f"{domain}/{LAUNCHD_LABEL}"]],
        }[action]
    return {
        "install": [["schtasks", "/Create", "/F", "/TN", TASK_NAME, "/XML", str(platform.path)],
                    ["schtasks", "/Run", "/TN", TASK_NAME]],
        "uninstall": [["schtasks", "/End", "/TN", TASK_NAME], ["schtasks", "/Delete", "/F", "/TN", TASK_NAME]],
        "status": [["schtasks", "/Query", "/TN", TASK_NAME]],
    }[action]


def install(command: list[str], platform: Platform | None = None) -> dict:
    """Write the service file and register it; the file stays even when the manager cannot be reached."""
    platform = platform or current_platform()
    platform.path.parent.mkdir(parents=True, exist_ok=True)
    platform.path.write_bytes(platform.file_content(command))
    notes = [output for ok, output in map(run_manager, manager_commands(platform, "install")) if not ok]
    return {"installed": True, "kind": platform.kind, "path": str(platform.path), "registered": not notes,
            "problems": notes}


def uninstall(platform: Platform | None = None) -> dict:
    """Unregister the service and delete its file."""
    platform = platform or current_platform()
    existed = platform.path.exists()
    for argv in manager_commands(platform, "uninstall"):
        run_manager(argv)
    if existed:
        platform.path.unlink()
    if platform.kind == "systemd":
        run_manager(["systemctl", "--user", "daemon-reload"])
    return {"removed": existed, "kind": platform.kind, "path": str(platform.path)}


def status(platform: Platform | None = None) -> dict:
    """Whether the service file exists and what the manager says about it."""
    platform = platform or current_platform()
    installed = platform.path.exists()
    ok, output = run_manager(manager_commands(platform, "status")[0]) if installed else (False, "")
    return {"installed": installed, "running": ok and installed, "kind": platform.kind, "path": str(platform.path),
            "manager": output.splitlines()[0] if output else ""}
