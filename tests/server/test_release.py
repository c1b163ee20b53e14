"""Releases: one version everywhere, complete package metadata, and `make dist` artefacts that install and lint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

import klarsvar
from tests.support.server_process import run_checked

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = json.loads((ROOT / "extension" / "manifest.json").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_manifest_version_equals_the_package_version():
    assert MANIFEST["version"] == klarsvar.__version__


def test_package_metadata_takes_its_version_from_the_package():
    project = PYPROJECT["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "klarsvar.__version__"}
    assert metadata.version("klarsvar") == klarsvar.__version__


def test_package_metadata_is_complete():
    import trove_classifiers

    project = PYPROJECT["project"]
    for key in ("description", "readme", "requires-python", "license", "license-files", "authors", "keywords",
                "classifiers", "scripts"):
        assert project.get(key), key
    assert [c for c in project["classifiers"] if c not in trove_classifiers.classifiers] == []
    assert project["license"].startswith("MIT AND ")  # the code; the rest are the bundled dictionaries
    for pattern in project["license-files"]:
        assert list(ROOT.glob(pattern)), pattern


def test_licence_changelog_and_privacy_page():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {klarsvar.__version__}" in changelog
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/privacy.md" in readme and (ROOT / "docs" / "privacy.md").is_file()


def _run(argv, timeout, cwd=ROOT, env=None) -> subprocess.CompletedProcess:
    """Run a command in its own process group (killed whole at `timeout`); fails the test if it fails."""
    return run_checked(argv, timeout, cwd=cwd, env=env)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_make_dist_builds_installable_artefacts(tmp_path):
    _run(["make", "--no-print-directory", "dist"], timeout=800)
    version = klarsvar.__version__
    dist = ROOT / "dist"
    wheel = dist / f"klarsvar-{version}-py3-none-any.whl"
    names = sorted(p.name for p in dist.iterdir())
    assert names == sorted([wheel.name, f"klarsvar-{version}.tar.gz", f"klarsvar-chromium-{version}.zip",
                            f"klarsvar-firefox-{version}.zip"])
    with zipfile.ZipFile(wheel) as archive:
        members = archive.namelist()
    assert "klarsvar/data/dictionaries/da_DK.dic" in members and f"klarsvar-{version}.dist-info/licenses/LICENSE" in members

    # The wheel installs into a new venv and reports the manifest's version.
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], timeout=120)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
         timeout=600)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    shown = _run([str(bin_dir / "klarsvar"), "--version"], timeout=60, cwd=tmp_path, env=env).stdout.split()
    assert shown == ["klarsvar", MANIFEST["version"]]

    # Each zip holds one browser's manifest; web-ext lint passes on the Firefox one as built.
    for browser in ("firefox", "chromium"):
        target = tmp_path / browser
        with zipfile.ZipFile(dist / f"klarsvar-{browser}-{version}.zip") as archive:
            archive.extractall(target)
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["version"] == version
        assert not (target / "node_modules").exists() and not (target / "package.json").exists()
        if browser == "chromium":
            assert "browser_specific_settings" not in manifest and set(manifest["background"]) == {"service_worker"}
        else:
            assert manifest["browser_specific_settings"]["gecko"]["id"]
    lint = _run([str(ROOT / "extension" / "node_modules" / ".bin" / "web-ext"), "lint", "--no-config-discovery",
                 "--source-dir", str(tmp_path / "firefox"), "--output", "json"], timeout=300)
    report = json.loads(lint.stdout[lint.stdout.index("{"):])
    assert report["errors"] == [], report["errors"]
