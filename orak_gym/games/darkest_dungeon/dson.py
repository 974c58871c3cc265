"""Darkest Dungeon's binary save format (DSON): our own decoder and encoder.

Written from the format's public description (robojumper's ``docs/dson.md``): a 64-byte little-endian
header, a table of objects (meta1, 16 bytes each), a table of fields (meta2, 12 bytes each: name hash,
offset into the data block, field info) and a data block holding each field's NUL-terminated name and
value. Objects nest through child counts (no end token); a string field may hold a whole embedded file.

The format does not say a field's type: it is inferred from the value's size, as the format's
documentation suggests, and from field names known to hold floats, string vectors, float arrays,
int vectors that may be empty, two-ints or two-bools (:class:`Hints`). The decoder returns plain
JSON-like values: ``dict`` objects (an embedded file is an :class:`Embedded` dict), ``bool``, ``int``,
``float``, ``str`` (a :class:`Char` for one-byte characters), ``list`` (int or string vectors,
:class:`FloatArray`), ``tuple`` (two-int, two-bool).

Every malformed input raises :class:`DsonError` with one line: never an ``IndexError`` or
``struct.error`` (the env reads files the game may be writing at that moment).
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from orak_gym.core.errors import BackendError

MAGIC = b"\x01\xb1\x00\x00"
HEADER_SIZE = 64
META1_SIZE = 16
META2_SIZE = 12
#: The build number the encoder writes into the header (any value decodes; the game writes its own).
DEFAULT_REVISION = 24149
MAX_DEPTH = 8  # embedded files inside embedded files: the game nests two or three deep


class DsonError(BackendError):
    """A save file that is not (or not yet, or no longer) a whole DSON file."""


class Embedded(dict):
    """An embedded save file (a string field holding a DSON file), decoded to its root fields."""


class Char(str):
    """A one-byte character field (``Char`` in the format)."""


class FloatArray(list):
    """A field holding only 4-byte floats, no count (``FloatArray`` in the format)."""


def name_hash(name: str) -> int:
    """The game's string hash (``h = h * 53 + byte``, 32-bit two's complement), used for field names."""
    value = 0
    for byte in name.encode("utf-8"):
        value = (value * 53 + byte) & 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


@dataclass(frozen=True)
class Hints:
    """Fields whose type the size alone cannot tell (the format's editor hard-codes such names too).

    An entry is a field name, or a dotted path ending in one (``actor.buff_group.*.amount``; ``*`` is
    any one name): it matches a field whose path (the object names from the file's root) ends so.
    """

    floats: frozenset[str] = frozenset()
    float_arrays: frozenset[str] = frozenset()
    string_vectors: frozenset[str] = frozenset()
    int_vectors: frozenset[str] = frozenset()  # only needed where a vector may be empty (4 bytes: an int)
    two_ints: frozenset[str] = frozenset()
    two_bools: frozenset[str] = frozenset()

    def merged(self, other: Hints) -> Hints:
        return Hints(*(getattr(self, f) | getattr(other, f) for f in self.__dataclass_fields__))

    @classmethod
    def of(cls, **names: Iterable[str]) -> Hints:
        return cls(**{key: frozenset(value) for key, value in names.items()})

    @staticmethod
    def match(entries: frozenset[str], path: tuple[str, ...]) -> bool:
        """Whether a field at ``path`` (its name last) is one of ``entries``."""
        for entry in entries:
            parts = entry.split(".")
            if len(parts) <= len(path) and all(p in ("*", q) for p, q in zip(parts, path[-len(parts) :], strict=True)):
                return True
        return False


# ----------------------------------------------------------------------------------------------- decoding
@dataclass
class _Field:
    name_hash: int
    offset: int
    is_object: bool
    name_length: int
    meta1: int
    name: str = ""
    raw: bytes = b""
    children: int = 0
    values: dict[str, Any] = field(default_factory=dict)


def _ints(data: bytes, at: int, count: int, what: str) -> tuple[int, ...]:
    if at < 0 or at + 4 * count > len(data):
        raise DsonError(f"DSON file ends inside its {what} ({len(data)} bytes)")
    return struct.unpack_from(f"<{count}i", data, at)


def decode(data: bytes, hints: Hints = Hints(), *, _depth: int = 0) -> dict[str, Any]:
    """The root fields of one DSON file (usually ``{"base_root": {...}}``); DsonError if malformed."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise DsonError(f"DSON data must be bytes, not {type(data).__name__}")
    data = bytes(data)
    if len(data) < HEADER_SIZE:
        raise DsonError(f"DSON file too short for its header ({len(data)} of {HEADER_SIZE} bytes)")
    if data[:4] != MAGIC:
        raise DsonError(f"not a DSON file (magic {data[:4].hex()}, expected {MAGIC.hex()})")
    header_length, _, meta1_size, meta1_count, meta1_offset = _ints(data, 8, 5, "header")
    meta2_count, meta2_offset, _, data_length, data_offset = _ints(data, 44, 5, "header")
    if header_length != HEADER_SIZE or meta1_size != meta1_count * META1_SIZE:
        raise DsonError(f"DSON header is inconsistent (header length {header_length}, meta1 size {meta1_size})")
    for what, offset, size in (
        ("meta1 table", meta1_offset, meta1_count * META1_SIZE),
        ("meta2 table", meta2_offset, meta2_count * META2_SIZE),
        ("data block", data_offset, data_length),
    ):
        if offset < 0 or size < 0 or offset + size > len(data):
            raise DsonError(f"DSON {what} lies outside the file (offset {offset}, {size} bytes, file {len(data)})")
    if meta2_count == 0:
        return {}
    block = data[data_offset : data_offset + data_length]
    objects = [_ints(data, meta1_offset + META1_SIZE * i, 4, "meta1 table") for i in range(meta1_count)]
    fields: list[_Field] = []
    for i in range(meta2_count):
        hashed, offset, info = _ints(data, meta2_offset + META2_SIZE * i, 3, "meta2 table")
        fields.append(_Field(hashed, offset, bool(info & 1), (info >> 2) & 0x1FF, (info >> 11) & 0xFFFFF))
    ends = sorted({f.offset for f in fields} | {data_length})
    next_offset = {start: end for start, end in itertools.pairwise(ends)}
    for f in fields:
        _read_name_and_raw(f, block, next_offset.get(f.offset, data_length))
        if f.is_object:
            if f.meta1 >= len(objects):
                raise DsonError(f"DSON object {f.name!r} points at meta1 entry {f.meta1} of {len(objects)}")
            f.children = objects[f.meta1][2]
            if f.children < 0:
                raise DsonError(f"DSON object {f.name!r} has a negative child count")
    return _assemble(fields, hints, _depth)


def _read_name_and_raw(f: _Field, block: bytes, end: int) -> None:
    start = f.offset
    if start < 0 or f.name_length < 1 or start + f.name_length > len(block) or end > len(block):
        raise DsonError(f"DSON field at data offset {start} lies outside the data block ({len(block)} bytes)")
    name = block[start : start + f.name_length]
    if name[-1:] != b"\x00":
        raise DsonError(f"DSON field name at data offset {start} is not NUL-terminated")
    try:
        f.name = name[:-1].decode("utf-8")
    except UnicodeDecodeError:
        raise DsonError(f"DSON field name at data offset {start} is not UTF-8") from None
    if name_hash(f.name) != f.name_hash:
        raise DsonError(f"DSON field {f.name[:40]!r}: its name does not match its hash")
    value_start = start + f.name_length
    if end < value_start:
        raise DsonError(f"DSON field {f.name[:40]!r} overlaps the next field")
    f.raw = block[value_start:end]
    f.offset = value_start  # from here on: where the value starts (alignment is counted from the block)


def _assemble(fields: list[_Field], hints: Hints, depth: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    stack: list[list[Any]] = []  # [object, direct children still to come, its name]: the open objects
    for f in fields:
        target = stack[-1][0] if stack else root
        path = (*(name for _, _, name in stack), f.name)
        value: Any = {} if f.is_object else _value(f, hints, depth, path)
        if f.name not in target:  # duplicate fields: the first one counts (as the format's editor does)
            target[f.name] = value
        if stack:
            stack[-1][1] -= 1
        if f.is_object and f.children > 0:
            stack.append([value, f.children, f.name])
        while stack and stack[-1][1] == 0:  # objects whose every field (and theirs) has come
            stack.pop()
    if stack:
        raise DsonError("DSON file ends before an object has all its fields (truncated meta2 table?)")
    return root


def _value(f: _Field, hints: Hints, depth: int, path: tuple[str, ...]) -> Any:
    raw, name = f.raw, f.name
    match = Hints.match
    if len(raw) == 1:
        return Char(chr(raw[0])) if raw[0] > 1 else bool(raw[0])
    pad = (-f.offset) % 4
    if len(raw) < pad + 4 or raw[:pad].strip(b"\x00"):
        raise DsonError(f"DSON field {name[:40]!r} has {len(raw)} bytes: no type fits")
    body = raw[pad:]
    size = len(body)
    try:
        if match(hints.floats, path) and size == 4:
            return struct.unpack("<f", body)[0]
        if match(hints.float_arrays, path) and size % 4 == 0:
            return FloatArray(struct.unpack(f"<{size // 4}f", body))
        if match(hints.two_bools, path) and size == 8:
            a, b = struct.unpack("<2i", body)
            return (bool(a), bool(b))
        if match(hints.two_ints, path) and size == 8:
            return struct.unpack("<2i", body)
        if match(hints.string_vectors, path):
            return _string_vector(body, name)
        count = struct.unpack_from("<i", body)[0]
        if match(hints.int_vectors, path) and count >= 0 and size == 4 + 4 * count:
            return list(struct.unpack_from(f"<{count}i", body, 4))
        text = _string(body)
        if text is not None:
            if text.startswith(MAGIC.decode("latin-1")) and depth < MAX_DEPTH:
                nested = body[4:-1]
                return Embedded(decode(nested, hints, _depth=depth + 1))
            return text
        if size == 4:
            return struct.unpack("<i", body)[0]
        if count >= 0 and size == 4 + 4 * count:
            return list(struct.unpack_from(f"<{count}i", body, 4))
        if size == 8:
            return struct.unpack("<2i", body)
    except struct.error:
        pass
    raise DsonError(f"DSON field {name[:40]!r} holds {size} bytes that are no known type")


def _string(body: bytes) -> str | None:
    length = struct.unpack_from("<i", body)[0]
    if length < 1 or len(body) != 4 + length or body[-1] != 0:
        return None
    try:
        return body[4:-1].decode("utf-8") if not body.startswith(MAGIC, 4) else body[4:-1].decode("latin-1")
    except UnicodeDecodeError:
        return None


def _string_vector(body: bytes, name: str) -> list[str]:
    count = struct.unpack_from("<i", body)[0]
    at, out = 4, []
    for _ in range(max(count, 0)):
        at += (-at) % 4
        if at + 4 > len(body):
            raise DsonError(f"DSON string vector {name[:40]!r} ends early")
        length = struct.unpack_from("<i", body, at)[0]
        text = _string(body[at : at + 4 + max(length, 0)])
        if text is None:
            raise DsonError(f"DSON string vector {name[:40]!r} holds a string that is not one")
        out.append(text)
        at += 4 + length
    if count < 0 or at != len(body):
        raise DsonError(f"DSON string vector {name[:40]!r} does not fill its field")
    return out


# ----------------------------------------------------------------------------------------------- encoding
class _Writer:
    def __init__(self, hints: Hints, revision: int) -> None:
        self.hints, self.revision = hints, revision
        self.meta1: list[list[int]] = []  # parent, meta2 index, direct children, all children
        self.meta2: list[tuple[int, int, int]] = []
        self.block = bytearray()

    def field(self, name: str, value: Any, parent: int, path: tuple[str, ...] = ()) -> None:
        path = (*path, name)
        encoded = name.encode("utf-8") + b"\x00"
        if len(encoded) > 0x1FF:
            raise DsonError(f"DSON field name too long: {name[:40]!r}")
        offset = len(self.block)
        self.block += encoded
        if isinstance(value, Mapping) and not isinstance(value, Embedded):
            index = len(self.meta1)
            self.meta1.append([parent, len(self.meta2), len(value), 0])
            self.meta2.append((name_hash(name), offset, 1 | (len(encoded) << 2) | (index << 11)))
            first = len(self.meta2)
            for key, child in value.items():
                self.field(str(key), child, index, path)
            self.meta1[index][3] = len(self.meta2) - first
            return
        self.meta2.append((name_hash(name), offset, len(encoded) << 2))
        payload = self.payload(path, value)
        if len(payload) > 1:
            self.block += b"\x00" * ((-len(self.block)) % 4)
        self.block += payload

    def payload(self, path: tuple[str, ...], value: Any) -> bytes:
        name = path[-1]
        if isinstance(value, bool):
            return b"\x01" if value else b"\x00"
        if isinstance(value, Char):
            return value.encode("latin-1")[:1]
        if isinstance(value, Embedded):
            return _string_bytes(encode(dict(value), self.hints, revision=self.revision))
        if isinstance(value, str):
            return _string_bytes(value.encode("utf-8"))
        if isinstance(value, int):
            return struct.pack("<i", value)
        if isinstance(value, float):
            return struct.pack("<f", value)
        if isinstance(value, FloatArray):
            return struct.pack(f"<{len(value)}f", *value)
        if isinstance(value, tuple) and len(value) == 2:
            return struct.pack("<2i", int(value[0]), int(value[1]))
        if (
            isinstance(value, list)
            and all(isinstance(v, str) for v in value)
            and Hints.match(self.hints.string_vectors, path)
        ):
            out = bytearray(struct.pack("<i", len(value)))
            for text in value:
                out += b"\x00" * ((-len(out)) % 4)
                out += _string_bytes(text.encode("utf-8"))
            return bytes(out)
        if isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            return struct.pack(f"<i{len(value)}i", len(value), *value)
        raise DsonError(f"cannot encode field {name[:40]!r} of type {type(value).__name__}")

    def file(self) -> bytes:
        meta1 = b"".join(struct.pack("<4i", *entry) for entry in self.meta1)
        meta2 = b"".join(struct.pack("<3i", *entry) for entry in self.meta2)
        meta2_offset = HEADER_SIZE + len(meta1)
        data_offset = meta2_offset + len(meta2)
        header = MAGIC + b"\x00\x00" + struct.pack("<H", self.revision & 0xFFFF)  # low 16 bits of the build
        header += struct.pack("<5i", HEADER_SIZE, 0, len(meta1), len(self.meta1), HEADER_SIZE)
        header += struct.pack("<2q", 0, 0)
        header += struct.pack("<5i", len(self.meta2), meta2_offset, 0, len(self.block), data_offset)
        return header + meta1 + meta2 + bytes(self.block)


def _string_bytes(text: bytes) -> bytes:
    return struct.pack("<i", len(text) + 1) + text + b"\x00"


def encode(root: Mapping[str, Any], hints: Hints = Hints(), *, revision: int = DEFAULT_REVISION) -> bytes:
    """One DSON file holding ``root``'s fields (usually ``{"base_root": {...}}``): what the game writes."""
    writer = _Writer(hints, revision)
    for name, value in root.items():
        writer.field(str(name), value, -1)
    return writer.file()
