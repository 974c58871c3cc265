"""Reading Orak's prompt files and env constants from the user's Orak checkout, never executing them.

Orak keeps each prompt as a Python file assigning ``PROMPT`` a string (an f-string whose braces are
doubled, i.e. a ``str.format`` template once evaluated); a few filled-in values are string literals in
its env code (``get_game_info``).  Importing those files would run a stranger's code and pull in
Windows-only dependencies, so this module parses them with :mod:`ast` and accepts only string literals,
their implicit or ``+`` concatenation, and an f-string field naming a string imported from another
prompts file of the same game (Slay the Spire's shared rules).  Anything else (a call, an expression in
an f-string, a function) is refused with one line naming the file: the checkout is foreign input.

The checkout's commit is read from ``.git`` (HEAD, loose or packed refs, worktree ``.git`` files);
``git rev-parse`` is the fallback when that fails and git is installed.
"""

from __future__ import annotations

import ast
import re
import shutil
import string
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orak_gym.core.errors import OrakError

#: A prompt file larger than this is not a prompt (and would be slow to parse): refused.
MAX_FILE_BYTES = 1_000_000
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEX = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")


class OrakPromptError(OrakError, ValueError):
    """Orak's prompts cannot be used as asked (no checkout, a missing or refused file, an unknown
    variable); the message is one line naming the file or the variable."""


#: ``resolve(module_dotted_name, level, name)`` -> the string that name holds, for imported fields.
ImportResolver = Callable[[str, int, str], str]


def _where(path: Path, node: ast.AST | None = None) -> str:
    line = getattr(node, "lineno", None)
    return f"{path}:{line}" if line else str(path)


def parse_file(path: Path) -> ast.Module:
    """The syntax tree of a foreign Python file (size-checked, UTF-8), or one line saying why not."""
    try:
        if not path.is_file():
            raise OrakPromptError(f"{path}: no such file in the Orak checkout")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise OrakPromptError(f"{path}: larger than {MAX_FILE_BYTES} bytes, not a prompt file")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OrakPromptError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise OrakPromptError(f"{path}: not UTF-8 text") from None
    try:
        return ast.parse(text, filename=str(path))
    except (SyntaxError, ValueError) as exc:
        reason = exc.msg if isinstance(exc, SyntaxError) else exc
        raise OrakPromptError(f"{path}: not valid Python ({reason})") from None


def string_value(node: ast.AST, path: Path, names: dict[str, str]) -> str:
    """The text of a string expression made of literals only; ``names`` are the strings an f-string
    field may name (imported from another prompts file).  Refuses everything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return string_value(node.left, path, names) + string_value(node.right, path, names)
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                parts.append(part.value)
            elif (
                isinstance(part, ast.FormattedValue)
                and isinstance(part.value, ast.Name)
                and part.conversion == -1
                and part.format_spec is None
                and part.value.id in names
            ):
                parts.append(names[part.value.id])
            else:
                raise OrakPromptError(
                    f"{_where(path, part)}: refused: an f-string field that is not a string imported from "
                    "another prompts file (Orak's prompts hold literal text only)"
                )
        return "".join(parts)
    kind = type(node).__name__
    raise OrakPromptError(f"{_where(path, node)}: refused: {kind} where only string literals are allowed")


def read_string(path: Path, name: str = "PROMPT", resolve: ImportResolver | None = None) -> str:
    """The string a prompts file assigns to ``name``, without running the file.

    Accepted statements: docstrings (bare constants), imports (inert: nothing is imported), and assignments of string
    expressions (:func:`string_value`) to plain names.  An imported name is resolved by ``resolve``
    only when an f-string field uses it; without ``resolve`` such a field is refused.
    """
    tree = parse_file(path)
    imported: dict[str, tuple[str, int, str]] = {}
    values: dict[str, str] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # a docstring or a bare string: inert
        if isinstance(statement, ast.ImportFrom) and all(alias.name != "*" for alias in statement.names):
            for alias in statement.names:
                imported[alias.asname or alias.name] = (statement.module or "", statement.level, alias.name)
            continue
        if isinstance(statement, ast.Import):
            continue  # a module object is never a string field: any use of it is refused below
        target = _assigned_name(statement)
        if target is None:
            kind = type(statement).__name__
            raise OrakPromptError(f"{_where(path, statement)}: refused: {kind}; only string assignments are allowed")
        value = statement.value  # type: ignore[attr-defined]
        names = dict(values)
        for field in _field_names(value):
            if field in imported and field not in names:
                if resolve is None:
                    raise OrakPromptError(f"{_where(path, value)}: refused: uses the imported name {field}")
                names[field] = resolve(*imported[field])
        values[target] = string_value(value, path, names)
    if name not in values:
        raise OrakPromptError(f"{path}: assigns no {name} string")
    return values[name]


def _assigned_name(statement: ast.stmt) -> str | None:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
        return statement.targets[0].id
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.value is not None:
        return statement.target.id
    return None


def _field_names(node: ast.AST) -> set[str]:
    return {
        part.value.id
        for sub in ast.walk(node)
        if isinstance(sub, ast.JoinedStr)
        for part in sub.values
        if isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name)
    }


def template_fields(template: str, where: str) -> list[str]:
    """The ``str.format`` fields of a template, in order; each must be a plain name (``{x.attr}`` and
    ``{x[0]}`` reach into objects: refused), and the braces must balance."""
    fields: list[str] = []
    try:
        for _, field, _, _ in string.Formatter().parse(template):
            if field is None:
                continue
            if not _IDENTIFIER.match(field):
                raise OrakPromptError(f"{where}: refused: template field {{{field}}} is not a plain variable name")
            fields.append(field)
    except ValueError as exc:
        raise OrakPromptError(f"{where}: not a str.format template ({exc})") from None
    return fields


def _functions(path: Path, name: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The functions (and methods) called ``name`` in a foreign source file, parsed, never run."""
    return [
        node
        for node in ast.walk(parse_file(path))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name
    ]


def function_literal(path: Path, function: str, key: str | None = None) -> Any:
    """The literal that function ``function`` of a foreign source file returns: under ``key`` in a dict
    literal (``return {"task_description": "..."}``, or a local name assigned a literal once), or, when
    ``key`` is None, the whole returned literal (``return {"TRAIN UNIT": {0: "TRAIN PROBE"}}``).

    A string, or a dict / list / tuple of strings and numbers (what :func:`ast.literal_eval` accepts,
    sets and bytes excepted); any other expression there (a call, a name, a comprehension) is refused
    with one line naming the file.  None when the file has no such return: the caller says in one line
    that it is missing."""
    for node in _functions(path, function):
        assigned: dict[str, list[ast.AST]] = {}
        for sub in ast.walk(node):
            if isinstance(sub, ast.Assign):
                for target in sub.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append(sub.value)
        for sub in ast.walk(node):
            if not isinstance(sub, ast.Return) or sub.value is None:
                continue
            if key is None:
                return _literal(sub.value, path)
            if not isinstance(sub.value, ast.Dict):
                continue
            for k, v in zip(sub.value.keys, sub.value.values, strict=True):
                if not (isinstance(k, ast.Constant) and k.value == key):
                    continue
                if isinstance(v, ast.Name) and len(assigned.get(v.id, [])) == 1:
                    v = assigned[v.id][0]
                return _literal(v, path)
    return None


def branch_literals(path: Path, function: str, key: str, on: str) -> dict[str, Any]:
    """The literal function ``function`` returns under ``key`` in each branch ``if <on> == "<value>":``
    (Orak's Stardew Valley env assigns one task description per task in an ``if``/``elif`` chain and
    returns the name), as ``{value: literal}``; empty when the file has no such branches.  Only the
    comparison's text is matched (``self.task``), nothing is evaluated; a branch assigning anything but a
    literal is refused with one line, as in :func:`function_literal`."""
    for node in _functions(path, function):
        returned = {
            v.id
            for sub in ast.walk(node)
            if isinstance(sub, ast.Return) and isinstance(sub.value, ast.Dict)
            for k, v in zip(sub.value.keys, sub.value.values, strict=True)
            if isinstance(k, ast.Constant) and k.value == key and isinstance(v, ast.Name)
        }
        found: dict[str, Any] = {}
        for sub in ast.walk(node):
            test = sub.test if isinstance(sub, ast.If) else None
            if not (
                isinstance(test, ast.Compare)
                and len(test.ops) == 1
                and isinstance(test.ops[0], ast.Eq)
                and ast.unparse(test.left) == on
                and isinstance(test.comparators[0], ast.Constant)
                and isinstance(test.comparators[0].value, str)
            ):
                continue
            for statement in sub.body:  # type: ignore[union-attr]
                if isinstance(statement, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id in returned for t in statement.targets
                ):
                    found[test.comparators[0].value] = _literal(statement.value, path)
        return found
    return {}


def _literal(node: ast.AST, path: Path) -> Any:
    """A string, number, or dict / list / tuple of them, from a foreign file's syntax tree; else refused."""
    for sub in ast.walk(node):
        allowed = (ast.Dict, ast.List, ast.Tuple, ast.Load, ast.UnaryOp, ast.USub)
        if isinstance(sub, ast.Constant):
            if isinstance(sub.value, (str, int, float)) or sub.value is None:
                continue
        elif isinstance(sub, allowed) and not (isinstance(sub, ast.Dict) and None in sub.keys):  # ``**x``: a name
            continue
        kind = type(sub).__name__
        raise OrakPromptError(f"{_where(path, sub)}: refused: {kind} where only a literal is allowed")
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError) as exc:
        raise OrakPromptError(f"{_where(path, node)}: refused: not a literal ({exc})") from None


def checkout_commit(root: Path) -> str:
    """The commit the checkout is at: from ``.git`` without running git, else ``git rev-parse HEAD``,
    else ``"unknown"`` (a copy without its history)."""
    commit = _commit_from_files(root)
    if commit:
        return commit
    git = shutil.which("git")
    if git and (root / ".git").exists():
        try:
            done = subprocess.run(
                [git, "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return "unknown"
        out = done.stdout.strip()
        if done.returncode == 0 and _HEX.match(out):
            return out
    return "unknown"


def _commit_from_files(root: Path) -> str | None:
    try:
        git_dir = root / ".git"
        if git_dir.is_file():  # a worktree or submodule: "gitdir: <path>"
            line = git_dir.read_text(encoding="utf-8").strip()
            if not line.startswith("gitdir:"):
                return None
            git_dir = (root / line.partition(":")[2].strip()).resolve()
        head = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
        if _HEX.match(head):
            return head
        if not head.startswith("ref:"):
            return None
        ref = head.partition(":")[2].strip()
        common = git_dir
        if (git_dir / "commondir").is_file():
            common = (git_dir / (git_dir / "commondir").read_text(encoding="utf-8").strip()).resolve()
        for base in (git_dir, common):
            loose = base / ref
            if loose.is_file():
                value = loose.read_text(encoding="utf-8").strip()
                return value if _HEX.match(value) else None
        packed = common / "packed-refs"
        if packed.is_file():
            for line in packed.read_text(encoding="utf-8").splitlines():
                sha, _, name = line.partition(" ")
                if name.strip() == ref and _HEX.match(sha):
                    return sha
    except (OSError, UnicodeDecodeError):
        return None
    return None
