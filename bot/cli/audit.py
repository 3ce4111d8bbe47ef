"""Audit requirements/runtime.txt for known vulnerabilities (used by `make audit`).

python -m bot.cli.audit            # fail on a vulnerability that can be fixed
python -m bot.cli.audit --strict   # ... and on packages that could not be checked

Runs pip-audit on the runtime lock (hashes required, pip itself not used) and
sorts every reported vulnerability into one of two groups:

- accepted: requirements/audit-accepted.txt lists it by id, or lists a cap on
  its package and none of its fixed releases falls inside that cap (Rasa 3.6.21
  pins protobuf==4.23.3, so a fix in protobuf 4.25.8 cannot be installed);
- to fix: everything else. A fixed release is reachable, so raise the package
  in pyproject.toml and run `make lock`. This fails the audit (exit 1).

Packages the vulnerability service gave no answer for are listed as not
audited: a warning, or a failure (exit 2) with --strict. Runs with the Python
of .venv/audit, where pip-audit is installed; needs nothing from .venv.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

logger = logging.getLogger("sikkerhetsguiden.audit")
ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "runtime.txt"
ACCEPTED = ROOT / "requirements" / "audit-accepted.txt"
VULN_ID = re.compile(r"^(GHSA|PYSEC|CVE|OSV|GSD|BIT|RUSTSEC)-", re.IGNORECASE)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


@dataclass
class Rules:
    """What requirements/audit-accepted.txt accepts: single ids and caps per package."""

    ids: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (package, why)
    caps: dict[str, tuple[SpecifierSet, str]] = field(default_factory=dict)  # package -> cap

    @classmethod
    def parse(cls, text: str) -> Rules:
        """Read `<id> <package> <why>` and `<package> <range> <why>` lines; # starts a comment."""
        rules = cls()
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split(None, 2)
            if len(parts) < 3:
                raise ValueError(f"line {number}: expected three fields, got {raw!r}")
            first, second, why = parts
            if VULN_ID.match(first):
                rules.ids[first.upper()] = (canonicalize_name(second), why)
                continue
            try:
                rules.caps[canonicalize_name(first)] = (SpecifierSet(second), why)
            except InvalidSpecifier as e:
                raise ValueError(f"line {number}: {second!r} is not a version range") from e
        return rules


@dataclass(frozen=True)
class Finding:
    """One vulnerability reported for one pinned package, and the verdict on it."""

    package: str
    version: str
    vuln_id: str
    aliases: tuple[str, ...]
    fixed_in: tuple[str, ...]
    accepted_because: str | None  # None: a fix is reachable, so it must be fixed

    def fixes(self) -> str:
        """`fixed in 3.12.14, 4.0.0`, or `no fixed release`."""
        return f"fixed in {', '.join(self.fixed_in)}" if self.fixed_in else "no fixed release"

    def names(self) -> str:
        """The id followed by its aliases, e.g. `GHSA-… (CVE-…)`."""
        return self.vuln_id + (f" ({', '.join(self.aliases)})" if self.aliases else "")


def classify(name: str, version: str, vuln: dict[str, Any], rules: Rules) -> Finding:
    """Decide whether one reported vulnerability is accepted by the rules."""
    package = canonicalize_name(name)
    vuln_id = str(vuln.get("id", "?"))
    aliases = tuple(str(a) for a in vuln.get("aliases") or [])
    fixed_in = tuple(str(v) for v in vuln.get("fix_versions") or [])
    why: str | None = None
    for candidate in (vuln_id, *aliases):
        rule = rules.ids.get(candidate.upper())
        if rule and rule[0] == package:
            why = f"accepted by id: {rule[1]}"
            break
    if why is None and package in rules.caps and fixed_in:
        cap, reason = rules.caps[package]
        if not any(_within(fix, cap) for fix in fixed_in):
            why = f"every fix is outside {package}{cap}: {reason}"
    return Finding(package, version, vuln_id, aliases, fixed_in, why)


def _within(version: str, cap: SpecifierSet) -> bool:
    try:
        return cap.contains(Version(version), prereleases=True)
    except InvalidVersion:
        return True  # an unparsable fix version might be reachable: do not accept on it


def pinned(lock_text: str) -> dict[str, str]:
    """`name==version` pins of a hash-locked requirements file."""
    pins: dict[str, str] = {}
    for line in lock_text.splitlines():
        match = PIN.match(line)
        if match:
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def run_pip_audit(lock: Path) -> dict[str, Any]:
    """pip-audit's JSON report for the lock file (raises when pip-audit itself fails)."""
    command = [
        sys.executable, "-m", "pip_audit",
        "--requirement", str(lock), "--require-hashes", "--disable-pip",
        "--progress-spinner", "off", "--format", "json",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    # Exit 1 with a report means "vulnerabilities found"; without one, pip-audit failed.
    try:
        report: dict[str, Any] = json.loads(result.stdout)
    except json.JSONDecodeError:
        logger.error("%s", result.stderr[-4000:])
        raise RuntimeError(f"pip-audit exited {result.returncode} without a report") from None
    return report


def main(argv: list[str] | None = None) -> int:
    """Audit the runtime lock; print what is accepted, what must be fixed, what was not checked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", type=Path, default=LOCK)
    parser.add_argument("--accepted", type=Path, default=ACCEPTED)
    parser.add_argument(
        "--strict", action="store_true", help="also fail when some packages could not be audited"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    rules = Rules.parse(args.accepted.read_text(encoding="utf-8"))
    pins = pinned(args.lock.read_text(encoding="utf-8"))
    for package, (cap, _) in sorted(rules.caps.items()):
        if package not in pins:
            logger.warning(
                "note: %s caps %s, which is not in %s", args.accepted.name, package, args.lock.name
            )
        elif not cap.contains(pins[package], prereleases=True):
            logger.warning(
                "note: %s==%s is outside its cap %s: update the rule", package, pins[package], cap
            )

    try:
        report = run_pip_audit(args.lock)
    except RuntimeError as e:
        logger.error("FAILED: %s", e)
        return 2

    findings: list[Finding] = []
    skipped: dict[str, str] = {}
    for dep in report.get("dependencies") or []:
        if "skip_reason" in dep:
            skipped[dep["name"]] = dep["skip_reason"]
            continue
        for vuln in dep.get("vulns") or []:
            findings.append(classify(dep["name"], dep.get("version", "?"), vuln, rules))

    accepted = [f for f in findings if f.accepted_because]
    to_fix = [f for f in findings if not f.accepted_because]
    audited = len(pins) - len(skipped)
    logger.info("Audited %d of %d pinned packages in %s.", audited, len(pins), args.lock.name)
    if accepted:
        logger.info("\nAccepted (%d), no fix can be installed within the caps:", len(accepted))
        for f in sorted(accepted, key=lambda f: (f.package, f.vuln_id)):
            logger.info("  %s==%s  %s  %s", f.package, f.version, f.names(), f.fixes())
            logger.info("      %s", f.accepted_because)
    if to_fix:
        logger.info(
            "\nTO FIX (%d), a fixed release is reachable (or no rule covers it):", len(to_fix)
        )
        for f in sorted(to_fix, key=lambda f: (f.package, f.vuln_id)):
            logger.info("  %s==%s  %s  %s", f.package, f.version, f.names(), f.fixes())
        logger.info(
            "  Raise the package (pyproject.toml, then `make lock`), or, if a cap blocks every "
            "fix, add the cap with its reason to %s (docs/security.md).",
            args.accepted.name,
        )
    if skipped:
        reasons = Counter(re.sub(r":.*", "", reason) for reason in skipped.values())
        summary = "; ".join(f"{count}× {reason}" for reason, count in reasons.most_common())
        logger.info("\nNOT AUDITED (%d of %d packages): %s", len(skipped), len(pins), summary)
        logger.info(
            "  The vulnerability service gave no answer for these: nothing is known about them."
        )
        logger.info("  For example: %s", next(iter(skipped.values())))
        if "not found on PyPI" in summary:
            logger.info(
                "  pip-audit asks pypi.org/pypi/<name>/<version>/json; a 404 there for packages "
                "that exist means that URL is not reachable from this network."
            )
    if not to_fix and not skipped:
        logger.info("\nNo vulnerability that a fixed release within the caps would remove.")

    if to_fix:
        return 1
    if skipped and args.strict:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
