"""The web chat's vendored browser files: which npm files, and how to refresh them.

`make run` must work on a machine without node or npm, and the page must not
load anything from elsewhere at run time, so the browser files the widget
needs are committed under `bot/channels/static/vendor/`, copied byte for byte
from `node_modules` (installed by `npm ci` from package.json and
package-lock.json). `vendor/VERSIONS.json` records the package, version,
source path and SHA-256 of each copy; a test checks the copies against it and,
where node_modules exists, against node_modules.

    npm ci && python -m bot.channels.vendor    # after changing package.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.settings import PROJECT_ROOT

logger = logging.getLogger(__name__)

NODE_MODULES = PROJECT_ROOT / "node_modules"
VENDOR_DIR = Path(__file__).resolve().with_name("static") / "vendor"
MANIFEST = "VERSIONS.json"


@dataclass(frozen=True)
class VendoredFile:
    """One file copied from an npm package into vendor/."""

    package: str
    source: str  # path inside the package
    target: str  # file name in vendor/


FILES = (
    # The ES module build: imported by widget.js, so no global `io` and no clash with
    # a host page's own socket.io or AMD loader.
    VendoredFile("socket.io-client", "dist/socket.io.esm.min.js", "socket.io.esm.min.js"),
    VendoredFile("socket.io-client", "LICENSE", "socket.io-client.LICENSE"),
)


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def installed_version(package: str, node_modules: Path = NODE_MODULES) -> str:
    """Version of `package` in node_modules (from its package.json)."""
    meta = json.loads((node_modules / package / "package.json").read_text(encoding="utf8"))
    return str(meta["version"])


def read_manifest(vendor_dir: Path = VENDOR_DIR) -> dict[str, Any]:
    """The recorded packages, versions and hashes of the vendored files."""
    manifest: dict[str, Any] = json.loads((vendor_dir / MANIFEST).read_text(encoding="utf8"))
    return manifest


def refresh(node_modules: Path = NODE_MODULES, vendor_dir: Path = VENDOR_DIR) -> dict[str, Any]:
    """Copy FILES from node_modules into vendor_dir and rewrite the manifest."""
    vendor_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    for item in FILES:
        source = node_modules / item.package / item.source
        target = vendor_dir / item.target
        shutil.copyfile(source, target)
        files[item.target] = {
            "package": item.package,
            "version": installed_version(item.package, node_modules),
            "source": f"node_modules/{item.package}/{item.source}",
            "sha256": sha256(target),
        }
        logger.info("%s %s → %s", item.package, files[item.target]["version"], target.name)
    manifest = {"refresh": "npm ci && python -m bot.channels.vendor", "files": files}
    (vendor_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not NODE_MODULES.is_dir():
        logger.error("Fant ikke %s. Kjør `npm ci` først.", NODE_MODULES)
        return 2
    refresh()
    return 0


if __name__ == "__main__":
    sys.exit(main())
