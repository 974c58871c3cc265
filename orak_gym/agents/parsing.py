"""Reading Orak's section-header answers (``### Reasoning`` / ``### Actions`` ...), tolerantly.

LLMs, small ones especially, drift from the requested format: other header levels, bold headers,
``Actions:`` lines, code fences, a JSON object instead of headers, chatter before the first header.
``parse_sections`` accepts all of these and reports which requested sections it could not find,
instead of failing or silently returning "None" as Orak does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_FENCE = re.compile(r"^\s*```[\w-]*\s*$")
#: Any header line, requested or not: ``## Name``, or a line that is only ``**Name**`` / ``**Name:**``.
_ANY_HEADER = re.compile(r"^\s*(?:#{1,6}\s+\S.*|(?:\*\*|__)[^*_\n]{1,80}(?:\*\*|__)\s*:?\s*)$")
_JSON_BLOCK = re.compile(r"\{.*\}", re.DOTALL)


def normalise_key(name: str) -> str:
    """``"Self reflection summary"`` / ``"self-reflection_summary"`` -> ``"self_reflection_summary"``."""
    return re.sub(r"[\s\-]+", "_", name.strip().strip("*_:# ").strip()).lower()


@dataclass
class ParseResult:
    """Sections found in an answer."""

    fields: dict[str, str] = field(default_factory=dict)
    #: Requested sections that were not found.
    missing: list[str] = field(default_factory=list)
    #: Text before the first recognised header.
    preamble: str = ""
    #: "headers", "json" or "none": how the answer was read.
    format: str = "none"

    @property
    def complete(self) -> bool:
        return not self.missing


def _header_pattern(keys: list[str]) -> re.Pattern[str]:
    alternatives = []
    for key in sorted(keys, key=len, reverse=True):  # longest first: "subtask_reasoning" before "subtask"
        words = [re.escape(w) for w in key.removesuffix("s").split("_") if w]
        alternatives.append(r"[\s_\-]*".join(words) + "s?")  # "Action" and "Actions" alike
    names = "|".join(alternatives)
    # "### Name", "**Name:**", "Name:", "## 2. Name" at the start of a line; the rest of the line is kept.
    return re.compile(
        rf"^\s*(?:#{{1,6}}\s*)?(?:\d+[.)]\s*)?(?:\*\*|__)?\s*(?P<name>{names})\s*(?:\*\*|__)?\s*"
        rf"(?::|(?:\*\*|__)\s*:|$|(?=\s*(?:\*\*|__)\s*$))\s*(?:\*\*|__)?(?P<rest>.*)$",
        re.IGNORECASE,
    )


def _strip_fences(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not _FENCE.match(line))


def _from_json(text: str, keys: list[str]) -> dict[str, str] | None:
    match = _JSON_BLOCK.search(text)
    if match is None:
        return None
    try:
        data = json.loads(match.group(0))
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    normalised = {normalise_key(str(k)).removesuffix("s"): v for k, v in data.items()}
    found = {}
    for key in keys:
        if key.removesuffix("s") in normalised:
            value = normalised[key.removesuffix("s")]
            found[key] = value if isinstance(value, str) else json.dumps(value)
    return found or None


def parse_sections(text: str | None, keys: list[str] | tuple[str, ...]) -> ParseResult:
    """Splits ``text`` into the requested sections (keys in ``snake_case``); never raises.

    A header line opens a section (content after ``Name:`` on the same line is kept); the section
    runs to the next header of any kind (``### Subtask`` ends ``### Self reflection summary`` even
    when only the latter was asked for), so unrelated text never leaks into a section.  Header-like
    lines inside code fences are content. When a key appears twice the last occurrence wins (models
    often restate a draft first). A JSON object with the keys (structured output) is also accepted.
    """
    wanted = [normalise_key(k) for k in keys]
    if not isinstance(text, str) or not text.strip():
        return ParseResult(missing=list(wanted))
    structured = _from_json(text, wanted) if text.lstrip().startswith(("{", "```")) else None
    if structured:
        return ParseResult(fields=structured, missing=[k for k in wanted if k not in structured], format="json")
    pattern = _header_pattern(wanted)
    canonical = {k.removesuffix("s"): k for k in wanted}
    fields: dict[str, list[str]] = {}
    preamble: list[str] = []
    current: list[str] | None = None
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        match = pattern.match(line)
        if match is None and not in_fence and current is not None and _ANY_HEADER.match(line):
            current = []  # an unrequested section: its text belongs to no field
            continue
        if match:
            key = canonical.get(normalise_key(match.group("name")).removesuffix("s"), "")
            current = fields[key] = []
            rest = match.group("rest").strip().strip("*").strip()
            if rest:
                current.append(rest)
            continue
        (preamble if current is None else current).append(line)
    cleaned = {k: "\n".join(v).strip() for k, v in fields.items()}
    return ParseResult(
        fields=cleaned,
        missing=[k for k in wanted if not cleaned.get(k)],
        preamble="\n".join(preamble).strip(),
        format="headers" if fields else "none",
    )


def last_line(text: str | None) -> str:
    """The last non-empty line (fence markers ignored): the fallback action when ``Actions`` is missing."""
    if not isinstance(text, str):
        return ""
    lines = [line.strip() for line in _strip_fences(text).splitlines() if line.strip()]
    return lines[-1] if lines else ""
