"""The shared stable-retro backend, on the free Airstriker-Genesis ROM that stable-retro bundles.

Real emulator throughout: reset, frame-skipped steps, RAM, frames, save/load, determinism, a
second emulator in the same process (served by a child process), an async vector env, and the
error a missing ROM gives.
"""

from __future__ import annotations

import gc
from typing import ClassVar

import gymnasium as gym
import numpy as np
import pytest
from gymnasium import spaces

pytest.importorskip("stable_retro", reason="stable-retro is not installed: pip install 'orak-gym[retro]'")

from orak_gym.backends import retro as retro_backend
from orak_gym.backends.retro import RetroBackend
from orak_gym.backends.retro_integration import RetroIntegration, assemble
from orak_gym.core.assets import Asset
from orak_gym.core.errors import BackendError, MissingAssetError

AIRSTRIKER = RetroIntegration("Airstriker-Genesis-v0")
FRAME_SHAPE = (224, 320, 3)


@pytest.fixture
def backend():
    b = RetroBackend(AIRSTRIKER)
    yield b
    b.close()


def _play(b: RetroBackend, presses: list[tuple[str, ...]], frames: int = 4) -> list[np.ndarray]:
    rams = []
    for names in presses:
        rams.append(b.step(b.buttons_mask(*names), frames).ram.copy())
    return rams


SCRIPT = [("RIGHT",), ("RIGHT", "B"), ("B",), ("LEFT", "B"), ("UP",), ("B",)] * 10


def test_reset_step_ram_and_frame(backend):
    assert backend.in_process
    assert "B" in backend.buttons and "RIGHT" in backend.buttons
    first = backend.reset()
    assert first.ram.dtype == np.uint8 and first.ram.size == backend.ram_size == 65536
    assert set(first.info) >= {"lives", "score"}
    step = backend.step(backend.buttons_mask("B"), frames=4)
    assert step.frames == 4 and not step.done
    frame = backend.frame()
    assert frame.shape == FRAME_SHAPE == backend.frame_shape and frame.dtype == np.uint8
    assert frame.std() > 0, "headless rendering produced a blank frame"
    rams = _play(backend, SCRIPT)
    assert any(not np.array_equal(rams[0], r) for r in rams[1:]), "RAM never changed while playing"


def test_frame_skip_equals_single_frames(backend):
    backend.reset()
    mask = backend.buttons_mask("RIGHT", "B")
    skipped = backend.step(mask, frames=8).ram.copy()
    backend.reset()
    for _ in range(8):
        single = backend.step(mask, frames=1).ram
    assert np.array_equal(skipped, single)
    backend.reset()
    assert np.array_equal(backend.run(mask, 8), skipped)


def test_save_load_round_trip(backend):
    backend.reset()
    _play(backend, SCRIPT[:5])
    saved = backend.save_state()
    ram_then = backend.ram().copy()
    after = _play(backend, SCRIPT)
    assert not np.array_equal(after[-1], ram_then)
    assert np.array_equal(backend.load_state(saved), ram_then)
    again = _play(backend, SCRIPT)
    assert all(np.array_equal(a, b) for a, b in zip(after, again, strict=True))


def test_same_inputs_same_episode(backend):
    backend.reset()
    backend.noop(17)
    first = _play(backend, SCRIPT)
    frame_a = backend.frame()
    backend.reset()
    backend.noop(17)
    second = _play(backend, SCRIPT)
    assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))
    assert np.array_equal(frame_a, backend.frame())


def test_two_emulators_in_one_process(backend):
    other = RetroBackend(AIRSTRIKER)  # stable-retro forbids a second emulator here: a child runs it
    try:
        assert backend.in_process and not other.in_process
        backend.reset()
        other.reset()
        a = _play(backend, SCRIPT)
        b = _play(other, SCRIPT)
        assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
        assert np.array_equal(backend.frame(), other.frame())
        saved = other.save_state()
        after = other.step(other.buttons_mask("B"), 10).ram.copy()
        other.load_state(saved)
        assert np.array_equal(other.step(other.buttons_mask("B"), 10).ram, after)
    finally:
        other.close()


def test_closing_frees_the_process_slot():
    first = RetroBackend(AIRSTRIKER)
    assert first.in_process
    first.close()
    gc.collect()
    second = RetroBackend(AIRSTRIKER)
    try:
        assert second.in_process
    finally:
        second.close()


def test_child_process_errors_are_reported(backend):
    child = RetroBackend(AIRSTRIKER, subprocess=True)
    try:
        with pytest.raises(ValueError, match="not a button"):
            child.buttons_mask("TURBO")
        with pytest.raises(Exception, match="stable-retro child process"):
            child.load_state(b"not a state")
    finally:
        child.close()
    assert child._emu is None


def test_dead_child_process_gives_a_clear_error(backend):
    child = RetroBackend(AIRSTRIKER)
    child._emu.channel.kill()
    with pytest.raises(BackendError, match=r"stable-retro child process exited \(exit code -9\)"):
        child.step(child.buttons_mask("B"), 4)
    child.close()  # closing a dead child is quiet


class AirstrikerEnv(gym.Env):
    """A minimal Gymnasium env on the backend, to check vectorisation (the game envs do the same)."""

    metadata: ClassVar[dict] = {"render_modes": ["rgb_array"]}

    def __init__(self) -> None:
        self.backend = RetroBackend(AIRSTRIKER)
        self.observation_space = spaces.Box(0, 255, (64,), np.uint8)
        self.action_space = spaces.Discrete(3)
        self._masks = [self.backend.buttons_mask(*b) for b in [("B",), ("LEFT", "B"), ("RIGHT", "B")]]

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.backend.reset()
        self.backend.noop(int(self.np_random.integers(0, 10)))
        return self.backend.ram()[:64].copy(), {}

    def step(self, action):
        step = self.backend.step(self._masks[int(action)], 4)
        return step.ram[:64].copy(), step.reward, step.done, False, {"in_process": self.backend.in_process}

    def close(self):
        self.backend.close()


def test_async_vector_env():
    gym.register("orak_test/RetroAirstriker-v0", entry_point=AirstrikerEnv)
    try:
        envs = gym.make_vec("orak_test/RetroAirstriker-v0", num_envs=2, vectorization_mode="async")
        try:
            obs, _ = envs.reset(seed=[1, 1])
            assert obs.shape == (2, 64) and np.array_equal(obs[0], obs[1])
            for _ in range(20):
                obs, _, _, _, info = envs.step(np.array([2, 2]))
            assert np.array_equal(obs[0], obs[1]), "same seed and actions must give the same RAM"
            assert info["in_process"].all(), "each worker process should host its own emulator"
        finally:
            envs.close()
    finally:
        del gym.registry["orak_test/RetroAirstriker-v0"]
    assert not retro_backend._in_process_busy


def test_missing_rom_names_file_hash_and_place(tmp_path, monkeypatch):
    monkeypatch.setenv("ORAK_ASSETS", str(tmp_path))
    data_dir = tmp_path / "integration" / "Example-Nes-v0"
    data_dir.mkdir(parents=True)
    (data_dir / "rom.sha").write_text("0123456789abcdef0123456789abcdef01234567\n")
    rom = Asset("example", "example.nes", ("0123456789abcdef0123456789abcdef01234567",), "Dump it.", 16)
    integration = RetroIntegration("Example-Nes-v0", data_dir=data_dir, rom=rom)
    with pytest.raises(MissingAssetError) as err:
        RetroBackend(integration)
    message = str(err.value)
    assert "example.nes" in message and "0123456789abcdef0123456789abcdef01234567" in message
    assert str(tmp_path / "example" / "example.nes") in message
    assert integration.platform == "Nes" and integration.rom_extension == ".nes"
    assert integration.accepted_sha1s() == ("0123456789abcdef0123456789abcdef01234567",)


def test_assemble_links_rom_next_to_integration_files(tmp_path, monkeypatch):
    monkeypatch.setenv("ORAK_ASSETS", str(tmp_path))
    data_dir = tmp_path / "shipped" / "Game-Nes-v0"
    data_dir.mkdir(parents=True)
    (data_dir / "data.json").write_text("{}")
    body = bytes(range(256)) * 4
    import hashlib

    sha = hashlib.sha1(body).hexdigest()
    rom = Asset("game", "game.nes", (sha,), "", 16)
    rom.path.parent.mkdir(parents=True)
    rom.path.write_bytes(b"NES\x1a" + bytes(12) + body)
    root = assemble(RetroIntegration("Game-Nes-v0", data_dir=data_dir, rom=rom))
    assert root == tmp_path / ".retro"
    assert (root / "Game-Nes-v0" / "data.json").read_text() == "{}"
    assert (root / "Game-Nes-v0" / "rom.nes").read_bytes() == rom.path.read_bytes()
    (data_dir / "data.json").write_text('{"changed": 1}')  # shipped files are refreshed on the next run
    assemble(RetroIntegration("Game-Nes-v0", data_dir=data_dir, rom=rom))
    assert "changed" in (root / "Game-Nes-v0" / "data.json").read_text()
