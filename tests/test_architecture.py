"""The layers of docs/architecture.md, enforced: imports only run downward.

Every `import` in bot/ and actions/ counts, also those inside functions (a lazy
import is still a dependency; hiding a cycle behind one is what this forbids).
The contract is data (LAYERS, SIBLINGS, SEALED) so docs/architecture.md and
this test say the same thing; `violations()` is checked against the real tree
and against a small made-up tree with an upward import, so the test is seen
to fail when it should.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Top to bottom. A module may import its own layer and the layers below it.
# The longest matching prefix decides a module's layer.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("commands", ("bot.cli",)),
    ("edges", ("actions", "bot.channels", "bot.nlu.components", "bot.patches")),
    ("conversation", ("bot.consultation", "bot.practice", "bot.dialogue")),
    ("language", ("bot.nlu", "bot.privacy")),
    ("places", ("bot.places",)),
    ("knowledge", ("bot.knowledge",)),
    ("schemas", ("bot.schemas",)),
    ("base", ("bot.text", "bot.names", "bot.settings", "bot.cluster")),
]
# Within a layer, these groups must not import each other.
SIBLINGS: list[tuple[str, ...]] = [
    ("actions", "bot.channels", "bot.nlu.components", "bot.patches"),
]
# Actions never import each other, only their shared reply helpers.
ACTION_HELPERS = ("actions._reply",)
# Runs in its own environment (.venv/load, no Rasa): imports nothing else of the project.
SEALED = ("bot.load",)


def _matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def layer_of(module: str) -> int | None:
    """Index in LAYERS (0 = top) of the longest matching prefix."""
    best: tuple[int, int] | None = None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if _matches(module, prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return None if best is None else best[1]


def _group(module: str, groups: Iterable[str]) -> str | None:
    found = [g for g in groups if _matches(module, g)]
    return max(found, key=len) if found else None


def imports(module: str, source: str) -> set[str]:
    """Project modules `source` imports, anywhere in it (relative imports resolved)."""
    package = module if module.endswith("__init__") else module.rsplit(".", 1)[0]
    package = package.removesuffix(".__init__")
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from bot import x`
    return {name for name in found if name.split(".")[0] in ("bot", "actions")}


def violations(sources: Mapping[str, str], known: set[str] | None = None) -> list[str]:
    """Every import that breaks the contract, as 'a -> b: why'."""
    known = known if known is not None else set(sources)
    problems = []
    for module, source in sorted(sources.items()):
        here = module.removesuffix(".__init__")
        for target in sorted(imports(module, source)):
            if target not in known and target.removesuffix(".__init__") not in {
                k.removesuffix(".__init__") for k in known
            }:
                continue  # `from bot import x` where x is a name, not a module
            problem = _check(here, target)
            if problem:
                problems.append(f"{here} -> {target}: {problem}")
    return problems


def _check(here: str, target: str) -> str | None:
    if _matches(target, here) or _matches(here, target):
        return None  # a package and its own modules
    for sealed in SEALED:
        if _matches(here, sealed) and not _matches(target, sealed):
            return f"{sealed} is sealed (runs without the rest of the project)"
    if (
        here.startswith("actions.")
        and target.startswith("actions.")
        and target not in ACTION_HELPERS
        and here not in ACTION_HELPERS
    ):
        return "actions never import each other (shared logic belongs in bot/)"
    mine, theirs = layer_of(here), layer_of(target)
    if mine is None or theirs is None:
        return None  # the package roots (bot, actions) themselves
    if theirs < mine:
        return f"upward: {LAYERS[mine][0]} may not import {LAYERS[theirs][0]}"
    if theirs == mine:
        for group in SIBLINGS:
            a, b = _group(here, group), _group(target, group)
            if a and b and a != b:
                return f"siblings: {a} and {b} do not import each other"
    return None


def project_sources() -> dict[str, str]:
    """Module name → source of every module in bot/ and actions/."""
    sources = {}
    for top in ("bot", "actions"):
        for path in sorted((ROOT / top).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            sources[module] = path.read_text(encoding="utf8")
    return sources


def test_every_module_has_a_layer():
    unplaced = [
        m
        for m in project_sources()
        if layer_of(m.removesuffix(".__init__")) is None
        and not any(_matches(m, s) for s in SEALED)
        and m not in ("bot.__init__", "actions.__init__")
    ]
    assert unplaced == []


def test_imports_only_run_downward():
    assert violations(project_sources()) == []


def test_an_upward_import_is_caught():
    """The contract bites: a look-up module reaching up into the NLU is reported."""
    tree = project_sources()
    tree["bot.places.upward"] = "def f():\n    from bot.nlu import assertion\n"
    tree["actions.extra"] = "from actions.places import ActionAnswerPlace\n"
    tree["bot.text.bad"] = "import bot.settings\nfrom bot.knowledge import knowledge\n"
    found = violations(tree)
    assert any(v.startswith("bot.places.upward -> bot.nlu") for v in found), found
    assert any(v.startswith("actions.extra -> actions.places") for v in found), found
    assert any(v.startswith("bot.text.bad -> bot.knowledge") for v in found), found
    assert not any(v.startswith("bot.text.bad -> bot.settings") for v in found), found
