"""`klarsvar languagetool install|status`: LanguageTool for users with Java, via language-tool-python's downloader."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager

from .languagetool import installed_languagetool, java_path


class InstallError(RuntimeError):
    """LanguageTool could not be installed; the message says what to do."""


@contextmanager
def _download_settings(directory: str | None, url: str | None):
    """Point language-tool-python's downloader at `directory` and the mirror `url` for the duration."""
    from language_tool_python import download_lt

    previous_path = os.environ.get("LTP_PATH")
    saved = {name: getattr(download_lt, name) for name in
             ("BASE_URL_NEW_RELEASES", "BASE_URL_RELEASE", "BASE_URL_ARCHIVE")}
    try:
        if directory:
            os.makedirs(directory, exist_ok=True)
            os.environ["LTP_PATH"] = os.path.abspath(directory)
        if url:
            base = url if url.endswith("/") else url + "/"
            for name in saved:
                setattr(download_lt, name, base)
        yield download_lt
    finally:
        for name, value in saved.items():
            setattr(download_lt, name, value)
        if directory:
            if previous_path is None:
                os.environ.pop("LTP_PATH", None)
            else:
                os.environ["LTP_PATH"] = previous_path


def _java_version() -> str | None:
    """The first line of `java -version`, or None without Java."""
    java = java_path()
    if java is None:
        return None
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (out.stderr or out.stdout).strip().splitlines()
    return lines[0] if lines else None


def languagetool_status(directory: str | None = None) -> dict:
    """What is installed for a local LanguageTool: Java, the LanguageTool version and folder, the remote URL."""
    from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION
    from language_tool_python.utils import get_language_tool_download_path

    with _download_settings(directory, None):
        folder = str(get_language_tool_download_path())
        installed = installed_languagetool()
    java = java_path()
    url = os.environ.get("KLARSVAR_LANGUAGETOOL_URL") or None
    if url:
        message = f"Klarsvar uses the LanguageTool server at {url} (KLARSVAR_LANGUAGETOOL_URL)."
    elif installed and java:
        message = f"LanguageTool {installed[0]} is installed in {installed[1]}; Klarsvar starts it when it starts."
    elif installed:
        message = "LanguageTool is installed but Java is not: install Java 17 or newer."
    elif java:
        message = "LanguageTool is not installed: run `klarsvar languagetool install`."
    else:
        message = "Neither Java nor LanguageTool is installed: install Java 17+, then run `klarsvar languagetool install`."
    return {
        "ok": True,
        "java": java, "java_version": _java_version() if java else None,
        "installed": installed[0] if installed else None, "folder": installed[1] if installed else None,
        "download_folder": folder, "default_version": LTP_DOWNLOAD_VERSION, "remote_url": url,
        "message": message,
    }


def install_languagetool(directory: str | None = None, url: str | None = None, version: str | None = None) -> dict:
    """Download and unpack LanguageTool with language-tool-python's own downloader (checksum-verified).

    `directory`: where to put it (default: language-tool-python's folder, `LTP_PATH` or
    ~/.cache/language_tool_python). `url`: a mirror folder that holds `LanguageTool-<version>.zip`
    (default: language-tool-python's download host). Returns `languagetool_status()` plus `"ok": True`,
    or `{"ok": False, "error": "what went wrong and what to do", ...status}`; never raises for a failed
    download (the CLI prints the dict and exits non-zero on `ok: false`).
    """
    try:
        status = _install(directory, url, version)
    except InstallError as exc:
        return {**languagetool_status(directory), "ok": False, "error": str(exc)}
    return {"ok": True, **status}


def _install(directory: str | None, url: str | None, version: str | None) -> dict:
    """The install itself; raises InstallError."""
    from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION, LocalLanguageTool, confirm_java_compatibility

    version = version or LTP_DOWNLOAD_VERSION
    try:
        confirm_java_compatibility(version)
    except ModuleNotFoundError as exc:
        raise InstallError("Java is not installed: install Java 17 or newer first (e.g. `apt install default-jre`).") from exc
    except SystemError as exc:
        raise InstallError(f"{exc} Install a newer Java first.") from exc
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        raise InstallError(f"Java could not be run ({type(exc).__name__}).") from exc
    with _download_settings(directory, url):
        try:
            local = LocalLanguageTool.from_version_name(version)
        except ValueError as exc:
            raise InstallError(f"Unknown LanguageTool version {version!r}.") from exc
        try:
            local.download()
        except Exception as exc:  # PathError, TimeoutError, requests errors, bad zip, checksum mismatch
            raise InstallError(
                f"Downloading LanguageTool {version} failed: {exc}. Check the network or use --url with a "
                "mirror that holds the zip, or point KLARSVAR_LANGUAGETOOL_URL at a LanguageTool server.") from exc
    status = languagetool_status(directory)
    if not status["installed"]:
        raise InstallError("The download finished but no LanguageTool server jar was found in it.")
    return status
