"""The vendored browser files are exactly the npm files package-lock.json pins."""

from __future__ import annotations

import json

import pytest

from bot.channels.vendor import (
    FILES,
    NODE_MODULES,
    VENDOR_DIR,
    installed_version,
    read_manifest,
    refresh,
    sha256,
)
from bot.settings import PROJECT_ROOT


def locked_version(package: str) -> str:
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text("utf8"))
    return str(lock["packages"][f"node_modules/{package}"]["version"])


@pytest.mark.parametrize("item", FILES, ids=lambda f: f.target)
def test_each_vendored_file_matches_its_recorded_hash_and_the_locked_version(item):
    recorded = read_manifest()["files"][item.target]
    assert sha256(VENDOR_DIR / item.target) == recorded["sha256"]
    assert recorded["package"] == item.package
    assert recorded["version"] == locked_version(item.package)
    manifest_json = json.loads((PROJECT_ROOT / "package.json").read_text("utf8"))
    assert manifest_json["dependencies"][item.package] == recorded["version"], "exact pin"


@pytest.mark.skipif(not NODE_MODULES.is_dir(), reason="node_modules not installed (npm ci)")
@pytest.mark.parametrize("item", FILES, ids=lambda f: f.target)
def test_each_vendored_file_is_byte_identical_to_node_modules(item):
    source = NODE_MODULES / item.package / item.source
    assert (VENDOR_DIR / item.target).read_bytes() == source.read_bytes(), (
        "refresh with: npm ci && python -m bot.channels.vendor"
    )
    assert installed_version(item.package) == read_manifest()["files"][item.target]["version"]


def test_refresh_copies_the_files_and_records_them(tmp_path):
    node_modules = tmp_path / "node_modules"
    for item in FILES:
        source = node_modules / item.package / item.source
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(f"// {item.target}\n", "utf8")
        (node_modules / item.package / "package.json").write_text('{"version": "9.9.9"}', "utf8")
    manifest = refresh(node_modules, tmp_path / "vendor")
    for item in FILES:
        copied = tmp_path / "vendor" / item.target
        assert copied.read_text("utf8") == f"// {item.target}\n"
        assert manifest["files"][item.target]["sha256"] == sha256(copied)
        assert manifest["files"][item.target]["version"] == "9.9.9"
    assert json.loads((tmp_path / "vendor" / "VERSIONS.json").read_text("utf8")) == manifest


def test_the_widget_imports_the_vendored_socket_io_client():
    widget = (VENDOR_DIR.parent / "widget.js").read_text("utf8")
    assert "/static/vendor/socket.io.esm.min.js" in widget
