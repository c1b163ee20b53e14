"""What every command shares: exit codes, the one-line user error, config resolution, input and output."""

from __future__ import annotations

import json
import sys


EXIT_OK = 0
EXIT_FINDINGS = 1  # `check` found something; other commands: the operation failed
EXIT_USAGE = 2  # wrong arguments, unusable input or configuration: the user can fix it


class CliError(Exception):
    """A problem the user can fix; printed as one line to stderr with exit code 2 (or the one given)."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def resolve_config(args, **extra) -> dict:
    """Resolve the configuration with this invocation's flags on top."""
    from ..config import ConfigError, resolve

    overrides = {"KLARSVAR_CONFIG_DIR": getattr(args, "config_dir", None), **extra}
    try:
        return resolve(overrides)
    except ConfigError as exc:
        raise CliError(f"configuration: {exc}") from None


def config_directory(config: dict):
    """The config dir of a resolved configuration, created if missing."""
    from ..config import config_dir, ensure_dir

    return ensure_dir(config_dir(config["KLARSVAR_CONFIG_DIR"]))


def read_text(path: str, what: str) -> str:
    """Read a UTF-8 file (or stdin for '-') keeping line endings exactly as they are."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as exc:
        raise CliError(f"cannot read {what} {path!r}: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(f"{what} {path!r} is not UTF-8 (bad byte at offset {exc.start})") from None


def stdout_json(data) -> None:
    """Print JSON (stdout uses backslashreplace, so a lone surrogate prints as a valid \\uXXXX escape)."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def write(line: str = "") -> None:
    """Print one line of human output."""
    print(line)
