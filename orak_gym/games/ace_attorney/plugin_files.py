"""The files Orak's BepInEx plugin exchanges with the env in the game's ``logs`` folder, by their names.

The plugin writes: ``conversation_log.txt`` (JSON records ``{timestamp, speaker, conversation}`` separated
by ``|``, appended; a record's text may hold raw newlines), ``active_keytype.txt`` (the keys the screen
accepts, comma-separated), ``multi_choice.json`` (``{question, option: [...]}``), ``record_evidence_log.txt``
and ``record_profile_log.txt`` (``{timestamp, data: [{id, name, desc}]}``), ``ARROW_FLAG.txt`` (exists while
the game waits for input), ``option_cursor.txt``, ``confirm_initial_cursor.txt`` and
``current_savepage_index.txt`` (menu cursors). The env writes ``auto_input.txt``: one line ``KEY:GetKeyDown``
(or ``KEY:GetKey`` for held arrows), and copies a task's prior dialogue to ``conversation_log_input.txt``.

Orak reads most of them once and deletes them (the plugin writes them again when they change); so does
:class:`PluginFiles`. Parsing is JSON only (never ``eval``), linear in the file's length; a record that is
not one is a one-line :class:`ModLinkError`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from orak_gym.backends.mod_link import ModLinkError

CONVERSATION = "conversation_log.txt"
KEYTYPE = "active_keytype.txt"
MULTI_CHOICE = "multi_choice.json"
EVIDENCE = "record_evidence_log.txt"
PROFILE = "record_profile_log.txt"
ARROW_FLAG = "ARROW_FLAG.txt"
XEXAM_FLAG = "XEXAM_FLAG.txt"
OPTION_CURSOR = "option_cursor.txt"
CONFIRM_CURSOR = "confirm_initial_cursor.txt"
SAVEPAGE_INDEX = "current_savepage_index.txt"
AUTO_INPUT = "auto_input.txt"
PRIOR_DIALOGUE = "conversation_log_input.txt"

#: The plugin's key types, and the names Orak shows the agent (``KEYTYPE_TO_KEYNAME``).
KEY_NAMES = {
    "R": "Tab",
    "A": "Ok",
    "B": "Back",
    "Start": "ESC",
    "Down": "Down",
    "Up": "Up",
    "Left": "Left",
    "Right": "Right",
    "X": "Present the selected evidence",
    "L": "Press at the moment of testimony",
}

_DECODER = json.JSONDecoder(strict=False)  # the plugin writes raw newlines inside strings


def parse_conversation(text: str, name: str = CONVERSATION) -> list[dict[str, str]]:
    """The records of a conversation log, in order (one left-to-right pass)."""
    records: list[dict[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in "| \t\r\n\ufeff":
            i += 1
        if i >= n:
            break
        try:
            value, i = _DECODER.raw_decode(text, i)
        except ValueError:
            raise ModLinkError(f"{name}: record {len(records) + 1} is not JSON: {text[i : i + 60]!r}") from None
        if not isinstance(value, dict):
            raise ModLinkError(f"{name}: record {len(records) + 1} is a JSON {type(value).__name__}, not an object")
        records.append({k: str(value.get(k, "")) for k in ("timestamp", "speaker", "conversation")})
    return records


def parse_record(text: str, name: str) -> tuple[dict[str, dict[str, str]], str]:
    """A court record log: ``({id: {name, desc}}, timestamp)``."""
    try:
        value = _DECODER.decode(text.strip())
    except ValueError:
        raise ModLinkError(f"{name} is not JSON: {text[:60]!r}") from None
    if not isinstance(value, dict) or not isinstance(value.get("data", []), list):
        raise ModLinkError(f"{name} is not a court record ({{timestamp, data: [...]}})")
    entries = {}
    for entry in value.get("data", []):
        if isinstance(entry, dict):
            entries[str(entry.get("id", ""))] = {"name": str(entry.get("name", "")), "desc": str(entry.get("desc", ""))}
    return entries, str(value.get("timestamp", ""))


class PluginFiles:
    """The plugin's folder: reads (and, as Orak does, consumes) its files; writes the env's input."""

    def __init__(self, logs: Path) -> None:
        self.logs = Path(logs)

    def path(self, name: str) -> Path:
        return self.logs / name

    def exists(self, name: str) -> bool:
        return self.path(name).exists()

    def remove(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def _read(self, name: str, consume: bool) -> str | None:
        try:
            text = self.path(name).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError:
            raise ModLinkError(f"{name} is not UTF-8 text") from None
        if consume:
            self.remove(name)
        return text

    def conversation(self) -> list[dict[str, str]]:
        text = self._read(CONVERSATION, consume=False)
        return [] if text is None else parse_conversation(text)

    def keytypes(self) -> list[str] | None:
        text = self._read(KEYTYPE, consume=True)
        return None if text is None else [s.strip() for s in text.strip().split(",") if s.strip()]

    def multi_choice(self) -> dict[str, Any]:
        text = self._read(MULTI_CHOICE, consume=True)
        if text is None:
            return {}
        try:
            value = _DECODER.decode(text.strip())
        except ValueError:
            raise ModLinkError(f"{MULTI_CHOICE} is not JSON: {text[:60]!r}") from None
        if not isinstance(value, dict) or not isinstance(value.get("option", []), list):
            raise ModLinkError(f"{MULTI_CHOICE} is not a question ({{question, option: [...]}})")
        return {"question": str(value.get("question", "")), "option": [str(o) for o in value.get("option", [])]}

    def record(self, name: str) -> tuple[dict[str, dict[str, str]], str]:
        text = self._read(name, consume=True)
        return ({}, "") if text is None else parse_record(text, name)

    def cursor(self, name: str) -> str | None:
        text = self._read(name, consume=True)
        return None if text is None else text.strip()

    def press(self, key: str, held: bool = False) -> None:
        """One ``auto_input.txt`` line, written whole (a temporary file renamed over it)."""
        tmp = self.path(AUTO_INPUT + ".tmp")
        tmp.write_text(f"{key}:{'GetKey' if held else 'GetKeyDown'}\n", encoding="utf-8")
        os.replace(tmp, self.path(AUTO_INPUT))
