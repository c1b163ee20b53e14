"""Spelling without apt: the bundled dictionaries, the lookup order, and a pip-installed server with the
system's dictionaries hidden (the route an agent's laptop takes)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from klarsvar.analysis.grammar import spelling
from tests.support.server_process import STOP_GRACE_SECONDS, free_port, http_request, kill_group, run_checked, wait_until

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "server" / "klarsvar" / "data" / "dictionaries"
DANISH_SLIP = "Vi sendr pakken i morgen."
ENGLISH_SLIP = "We will sendd the parcel tomorrow."


@pytest.fixture
def no_system_dictionaries(monkeypatch):
    """Hide the system's Hunspell folders and any user or explicit folder, as on a machine without apt."""
    monkeypatch.setenv(spelling.SYSTEM_DICTIONARIES_ENV, "off")
    monkeypatch.delenv("KLARSVAR_HUNSPELL_DIR", raising=False)
    monkeypatch.setattr(spelling, "user_dictionary_dir", lambda: Path("/nonexistent-klarsvar-user-dicts"))


def test_every_bundled_dictionary_ships_with_its_licence_notice():
    readme = (BUNDLED / "README.md").read_text(encoding="utf-8")
    for names in spelling.DICTIONARIES.values():
        for name in names:
            assert (BUNDLED / f"{name}.aff").is_file() and (BUNDLED / f"{name}.dic").is_file(), name
            assert f"`{name}.aff`" in readme, f"{name} has no licence row in the README"
    for notice in ("LGPL-2.1.txt", "GPL-2.0.txt", "MPL-1.1.txt", "README_en_GB.txt", "en_US.copyright"):
        assert (BUNDLED / notice).stat().st_size > 1000, notice
    assert "tri-license" in (BUNDLED / "da_DK.aff").read_text(encoding="utf-8", errors="replace")[:2000]


def test_hidden_system_dictionaries_fall_back_to_the_bundled_ones(no_system_dictionaries):
    for name in ("da_DK", "en_US", "en_GB"):
        assert spelling.find_dictionary(name) == spelling.BUNDLED_DICTIONARY_DIR
    assert spelling.dictionaries_available()
    assert not any(str(d).startswith("/usr/share") for d in spelling.dictionary_dirs())


def test_system_folders_are_searched_before_the_bundled_ones(monkeypatch, tmp_path):
    monkeypatch.delenv(spelling.SYSTEM_DICTIONARIES_ENV, raising=False)
    dirs = [str(d) for d in spelling.dictionary_dirs()]
    assert dirs.index("/usr/share/hunspell") < dirs.index(str(spelling.BUNDLED_DICTIONARY_DIR))


def test_an_explicit_folder_and_the_user_folder_come_first(monkeypatch, tmp_path):
    explicit, user = tmp_path / "explicit", tmp_path / "user"
    for folder in (explicit, user):
        folder.mkdir()
        for suffix in (".aff", ".dic"):
            shutil.copyfile(BUNDLED / f"en_US{suffix}", folder / f"en_US{suffix}")
    monkeypatch.setattr(spelling, "user_dictionary_dir", lambda: user)
    monkeypatch.delenv("KLARSVAR_HUNSPELL_DIR", raising=False)
    assert spelling.find_dictionary("en_US") == user
    monkeypatch.setenv("KLARSVAR_HUNSPELL_DIR", str(explicit))
    assert spelling.find_dictionary("en_US") == explicit


def test_the_user_folder_comes_from_platformdirs():
    from platformdirs import user_data_dir

    assert spelling.user_dictionary_dir() == Path(user_data_dir("klarsvar", appauthor=False)) / "hunspell"


def test_bundled_dictionaries_find_slips_in_both_languages(no_system_dictionaries):
    spellers, problems = spelling.load_spellers()
    assert problems == [] and set(spellers) == {"da", "en"}
    assert spellers["da"].is_known("pakken") and not spellers["da"].is_known("sendr")
    assert spellers["en"].is_known("colour") and spellers["en"].is_known("color")
    assert not spellers["en"].is_known("sendd")


# --- the whole route: wheel → new venv → `klarsvar serve` with the system's dictionaries hidden -----------

_run = run_checked


@pytest.fixture(scope="module")
def installed_klarsvar(tmp_path_factory) -> Path:
    """`pip install .` into a new venv (no system site packages); returns the venv's `klarsvar`."""
    root = tmp_path_factory.mktemp("pip-install")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], timeout=120)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    # A copy of what a clone holds, so setuptools' in-tree build/ folder never lands in (or leaks from) the repo.
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "server", source / "server", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)], timeout=800)
    return python.parent / "klarsvar"


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_pip_installed_server_finds_slips_in_both_languages_without_system_dictionaries(installed_klarsvar,
                                                                                        tmp_path):
    config_dir, port = tmp_path / "config", free_port()
    # "auto": the built-in Hunspell engine unless a LanguageTool is installed ("off" turns spelling off too).
    env = {**os.environ, "KLARSVAR_CONFIG_DIR": str(config_dir), spelling.SYSTEM_DICTIONARIES_ENV: "off",
           "KLARSVAR_LANGUAGETOOL": "auto"}
    env.pop("KLARSVAR_TOKEN", None)
    env.pop("KLARSVAR_HUNSPELL_DIR", None)
    env.pop("PYTHONPATH", None)  # the venv's own copy must be what runs, not this checkout
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen([str(installed_klarsvar), "serve", "--port", str(port)], env=env, cwd=tmp_path,
                              stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        def healthy() -> bool:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                return http_request(port, "GET", "/v1/health", timeout=2)[0] == 200
            except OSError:
                return False

        assert wait_until(healthy, 60), (tmp_path / "serve.log").read_text()

        def grammar_ready() -> bool:
            return json.loads(http_request(port, "GET", "/v1/health", timeout=5)[2])["grammar"]["ready"]

        assert wait_until(grammar_ready, 120), (tmp_path / "serve.log").read_text()
        token = _run([str(installed_klarsvar), "token"], timeout=60, env=env).stdout.strip()
        headers = {"Authorization": f"Bearer {token}"}
        for language, text, slip in (("da", DANISH_SLIP, "sendr"), ("en", ENGLISH_SLIP, "sendd")):
            # A word the speller had no time for is judged on the next check (as the agent types on).
            for _ in range(3):
                status, _, body = http_request(port, "POST", "/v1/check", {"text": text, "language": language},
                                               headers, timeout=60)
                assert status == 200, body
                answer = json.loads(body)
                spelled = [f["text"] for f in answer["findings"] if f["category"] == "spelling"]
                if slip in spelled:
                    break
            assert slip in spelled, answer
        version = _run([str(installed_klarsvar), "--version"], timeout=60, env=env).stdout.split()[-1]
        manifest = json.loads((REPO / "extension" / "manifest.json").read_text(encoding="utf-8"))
        assert version == manifest["version"]
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                kill_group(server.pid)
                server.wait(timeout=STOP_GRACE_SECONDS)
        log.close()
