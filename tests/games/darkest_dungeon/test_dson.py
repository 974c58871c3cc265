"""Our DSON decoder against files from our own encoder: layout facts, round trips, and malformed input."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orak_gym.games.darkest_dungeon import dson

HINTS = dson.Hints.of(
    floats=["f_light"], float_arrays=["fa_pos"], string_vectors=["sv_tags"], int_vectors=["iv_ids"],
    two_ints=["ti_span"], two_bools=["tb_flags"],
)  # fmt: skip

SAMPLE = {
    "base_root": {
        "inraid": True,
        "gold": -1234,
        "f_light": 0.5,
        "grade": dson.Char("q"),
        "title": "A lamp in the fen",
        "party": {"iv_ids": [3, 1, 2], "empty": {}},
        "iv_ids": [],
        "ti_span": (1, 9),
        "tb_flags": (True, False),
        "sv_tags": ["mud", "", "réel"],
        "fa_pos": dson.FloatArray([1.5, -2.0]),
        "nested": dson.Embedded({"base_root": {"inner": dson.Embedded({"base_root": {"deep": 7}}), "name": "x"}}),
    }
}


def test_the_header_and_tables_follow_the_documented_layout():
    data = dson.encode(SAMPLE, HINTS, revision=24149)
    assert data[:4] == b"\x01\xb1\x00\x00" and data[4:8] == b"\x00\x00\x55\x5e"  # build 24149, as the format documents
    header_length, _, meta1_size, meta1_count, meta1_offset = struct.unpack_from("<5i", data, 8)
    meta2_count, meta2_offset, _, data_length, data_offset = struct.unpack_from("<5i", data, 44)
    assert header_length == 64 == meta1_offset and meta1_size == 16 * meta1_count
    assert meta1_count == 3  # base_root, party, party.empty (an embedded file has its own tables)
    assert meta2_offset == 64 + meta1_size and data_offset == meta2_offset + 12 * meta2_count
    assert data_offset + data_length == len(data)
    parent, meta2_index, direct, every = struct.unpack_from("<4i", data, 64)
    assert (parent, meta2_index, direct) == (-1, 0, len(SAMPLE["base_root"]))
    name_hash, offset, info = struct.unpack_from("<3i", data, meta2_offset)
    assert name_hash == dson.name_hash("base_root") and offset == 0
    assert info & 1 and (info >> 2) & 0x1FF == len("base_root") + 1 and info >> 11 == 0
    assert data[data_offset : data_offset + 10] == b"base_root\x00"
    assert every == meta2_count - 1


def test_the_name_hash_is_the_games_53_multiplier_in_32_bits():
    assert dson.name_hash("") == 0
    assert dson.name_hash("ab") == 97 * 53 + 98
    value = 0
    for byte in b"base_root":
        value = (value * 53 + byte) % 2**32
    assert dson.name_hash("base_root") == (value - 2**32 if value >= 2**31 else value)


def test_a_sample_file_decodes_to_what_was_encoded_with_its_types():
    decoded = dson.decode(dson.encode(SAMPLE, HINTS), HINTS)
    assert decoded == SAMPLE
    root = decoded["base_root"]
    assert isinstance(root["nested"], dson.Embedded) and isinstance(root["nested"]["base_root"]["inner"], dson.Embedded)
    assert type(root["inraid"]) is bool and isinstance(root["grade"], dson.Char) and root["ti_span"] == (1, 9)


def test_values_are_four_byte_aligned_from_the_data_block_except_one_byte_ones():
    data = dson.encode({"base_root": {"a": True, "bb": 5, "c": dson.Char("z"), "ddd": "hi"}})
    block = data[struct.unpack_from("<i", data, 60)[0] :]
    after_bb, after_ddd = block.index(b"bb\x00") + 3, block.index(b"ddd\x00") + 4
    assert after_bb % 4 == 0 and block[after_bb : after_bb + 4] == struct.pack("<i", 5)  # already aligned
    assert after_ddd % 4 == 3 and block[after_ddd] == 0  # one pad byte, then the string
    assert block[after_ddd + 1 : after_ddd + 8] == struct.pack("<i", 3) + b"hi\x00"
    assert block[block.index(b"a\x00") + 2] == 1 and block[block.index(b"c\x00") + 2] == ord("z")


def test_without_a_hint_an_empty_int_vector_reads_as_the_int_zero():
    """The format's ambiguity, kept visible: a 4-byte count of 0 is an int unless the name says otherwise."""
    data = dson.encode({"base_root": {"iv_ids": [], "other": []}}, HINTS)
    assert dson.decode(data, HINTS)["base_root"] == {"iv_ids": [], "other": 0}


def test_hints_by_path_tell_a_float_from_an_int_of_the_same_name():
    root = {"base_root": {"actor": {"buff_group": {"7": {"amount": 1.5}}}, "items": {"0": {"amount": 3}}}}
    hints = dson.Hints.of(floats=["actor.buff_group.*.amount"])
    assert dson.decode(dson.encode(root), hints) == root
    assert dson.decode(dson.encode(root))["base_root"]["actor"]["buff_group"]["7"]["amount"] == 1069547520  # its bits


def test_duplicate_fields_keep_the_first_value():
    data = bytearray(dson.encode({"base_root": {"aa": 1, "ab": 2}}))
    at = data.index(b"ab\x00")
    data[at : at + 2] = b"aa"
    meta2_offset = struct.unpack_from("<i", data, 48)[0]
    struct.pack_into("<i", data, meta2_offset + 24, dson.name_hash("aa"))  # third field's hash
    assert dson.decode(bytes(data)) == {"base_root": {"aa": 1}}


# ------------------------------------------------------------------------------------ round trips
names = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=12)
scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**31), 2**31 - 1),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20),
    st.lists(st.integers(-(2**31), 2**31 - 1), min_size=1, max_size=5),
    st.characters(min_codepoint=2, max_codepoint=126).map(dson.Char),
)


def _objects(children):
    return st.dictionaries(
        names.filter(lambda n: not n.startswith(("f_", "fa_", "sv_", "iv_", "ti_", "tb_"))), children, max_size=5
    )


trees = st.recursive(
    scalars, lambda children: _objects(children) | _objects(children).map(dson.Embedded), max_leaves=25
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(names, trees, min_size=1, max_size=3).filter(lambda r: all(isinstance(v, dict) for v in r.values()))
)
def test_any_tree_survives_encode_then_decode(root):
    assert dson.decode(dson.encode(root)) == root


@settings(max_examples=60, deadline=None)
@given(
    st.floats(width=32, allow_nan=False),
    st.lists(st.floats(width=32, allow_nan=False), min_size=1, max_size=4),
    st.lists(st.text(max_size=6).filter(lambda t: "\x00" not in t), max_size=4),
    st.tuples(st.integers(-5, 5), st.integers(-5, 5)),
)
def test_hinted_types_survive_encode_then_decode(light, pos, tags, span):
    root = {"base_root": {"f_light": light, "fa_pos": dson.FloatArray(pos), "sv_tags": tags, "ti_span": span}}
    assert dson.decode(dson.encode(root, HINTS), HINTS) == root


# ------------------------------------------------------------------------------------ malformed input
def _only_dson_errors(data: bytes) -> None:
    try:
        dson.decode(data, HINTS)
    except dson.DsonError as exc:
        assert "\n" not in str(exc) and str(exc)


def test_every_truncation_is_one_dson_error():
    data = dson.encode(SAMPLE, HINTS)
    for end in range(len(data)):
        with pytest.raises(dson.DsonError):
            dson.decode(data[:end], HINTS)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_corrupted_bytes_give_a_dson_error_or_a_value_never_a_crash(data):
    encoded = bytearray(dson.encode(SAMPLE, HINTS))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(encoded) - 1))
        encoded[at] = data.draw(st.integers(0, 255))
    _only_dson_errors(bytes(encoded))


@pytest.mark.parametrize("field_at", [8, 16, 20, 24, 44, 48, 56, 60])
@pytest.mark.parametrize("value", [-1, 0, 3, 2**31 - 1, -(2**31)])
def test_bad_offsets_and_counts_in_the_header_are_one_dson_error(field_at, value):
    encoded = bytearray(dson.encode(SAMPLE, HINTS))
    struct.pack_into("<i", encoded, field_at, value)
    _only_dson_errors(bytes(encoded))


def test_bad_offsets_in_the_field_table_are_one_dson_error():
    encoded = dson.encode(SAMPLE, HINTS)
    meta2_count, meta2_offset = struct.unpack_from("<2i", encoded, 44)
    for index in range(meta2_count):
        for delta in (-(2**31), -1, 1, 3, 10_000):
            corrupted = bytearray(encoded)
            at = meta2_offset + 12 * index + 4
            struct.pack_into("<i", corrupted, at, (struct.unpack_from("<i", encoded, at)[0] + delta) % 2**31)
            _only_dson_errors(bytes(corrupted))
        corrupted = bytearray(encoded)
        struct.pack_into("<i", corrupted, meta2_offset + 12 * index + 8, 0x7FFFFFFF)  # every field-info bit
        _only_dson_errors(bytes(corrupted))


@pytest.mark.parametrize("data", [b"", b"\x01\xb1\x00\x00", b"PK\x03\x04" + bytes(60), b"{}", bytes(64)])
def test_files_that_are_not_dson_are_one_dson_error(data):
    with pytest.raises(dson.DsonError) as caught:
        dson.decode(data)
    assert "\n" not in str(caught.value)


def test_values_the_encoder_cannot_write_are_a_dson_error():
    with pytest.raises(dson.DsonError, match="cannot encode"):
        dson.encode({"base_root": {"x": object()}})
