"""Every registered orak env, MiniGrid style: one loop over the registry, the contract kit's checks for all.

The checks are :mod:`orak_gym.testing.contract`'s (what users run with ``check_orak_env``); ids whose
game is not ready on this machine (missing ROM, missing extra, missing npm packages) are skipped
with the reason ``orak-gym list`` would give.
"""

from __future__ import annotations

import gymnasium as gym
import pytest

import orak_gym
from orak_gym.core.registry import GAMES, UnknownEnvError, spec_of
from orak_gym.testing import CHECKS, CheckSkipped, check_orak_env
from orak_gym.testing.contract import check_gymnasium
from orak_gym.wrappers.modality import MODALITIES

PRIMARY_IDS = [spec.variants[0].env_id for spec in GAMES.values() if spec.supported]
ALL_IDS = orak_gym.env_ids()


def _require_ready(env_id: str) -> None:
    spec = spec_of(env_id)
    status = spec.status()
    if not status.ready:
        pytest.skip(f"{spec.title} is not ready here: {status.readiness.value}: {status.detail}")


def test_twelve_games_are_listed():
    titles = {spec.title for spec, _ in orak_gym.games()}
    assert len(titles) >= 12
    assert {"2048", "SuperMario", "Minecraft", "BabaIsYou", "StreetFighter", "PokemonRed"} <= titles


def test_each_game_has_one_source_of_facts():
    """A game with a folder is described by its folder alone; only games without one are planned."""
    from orak_gym.games import ORAK_GAMES, PLANNED, _folders

    planned = {spec.name for spec in PLANNED}
    assert not planned & set(_folders()), "a game with a folder is still listed in PLANNED"
    assert set(ORAK_GAMES) <= planned | set(_folders()) and len(ORAK_GAMES) == 12
    assert [spec.name for spec, _ in orak_gym.games()][:12] == list(ORAK_GAMES)  # Orak's order


@pytest.mark.parametrize("env_id", ALL_IDS)
def test_every_registered_id_resolves_to_a_game(env_id):
    spec = spec_of(env_id)
    assert gym.spec(env_id).kwargs["game"] == spec.name and spec.supported
    assert spec_of(f"orak_gym:{env_id}") is spec


def test_unknown_ids_get_a_clear_error():
    with pytest.raises(UnknownEnvError, match=r"unknown env id 'orak/2049-v0'.*Did you mean 'orak/2048-v0'"):
        spec_of("orak/2049-v0")
    with pytest.raises(UnknownEnvError, match="expected an env id"):
        spec_of(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("modality", MODALITIES)
@pytest.mark.parametrize("env_id", PRIMARY_IDS)
def test_gymnasium_check_env(env_id, modality):
    """The kit's ``gymnasium`` check, one modality per test so that parallel workers share them out.

    ``env.unwrapped`` is checked in the native and text modalities only: the image modalities leave it
    configured exactly as text does (checked below), and each check of a Minecraft env restarts its
    server about eleven times."""
    _require_ready(env_id)
    check_gymnasium(env_id, modalities=[modality], check_unwrapped=modality in ("native", "text"))


@pytest.mark.parametrize("modality", ["image", "text_image"])
@pytest.mark.parametrize("env_id", PRIMARY_IDS)
def test_image_modalities_configure_the_unwrapped_env_as_text_does(env_id, modality):
    _require_ready(env_id)

    def flags(env):
        return (
            type(env.unwrapped),
            env.unwrapped.lean_info,
            env.unwrapped.native_observations,
            env.unwrapped.render_mode,
        )

    text = gym.make(env_id, modality="text", render_mode="rgb_array")
    image = gym.make(env_id, modality=modality, render_mode="rgb_array")
    try:
        assert flags(image) == flags(text) and flags(text)[1:] == (False, True, "rgb_array")
    finally:
        text.close()
        image.close()


@pytest.mark.slow
@pytest.mark.parametrize("modality", MODALITIES)
@pytest.mark.parametrize("env_id", [env_id for env_id in ALL_IDS if env_id not in PRIMARY_IDS])
def test_gymnasium_check_env_of_every_other_id(env_id, modality):
    """Every other registered id (levels, tasks) in every modality, ``env.unwrapped`` included: slow
    (each Minecraft task starts its server several times), so ``-m slow`` runs it."""
    _require_ready(env_id)
    check_gymnasium(env_id, modalities=[modality])


@pytest.mark.parametrize("check", [name for name in CHECKS if name != "gymnasium"])
@pytest.mark.parametrize("env_id", PRIMARY_IDS)
def test_contract(env_id, check):
    _require_ready(env_id)
    try:
        CHECKS[check](env_id)
    except CheckSkipped as skip:
        pytest.skip(str(skip))


def test_check_orak_env_reports_each_check():
    results = check_orak_env("orak/2048-v0", checks=["info_keys", "render", "no_process_left"])
    assert results == {"info_keys": "passed", "render": "passed", "no_process_left": "passed"}
    with pytest.raises(ValueError, match="unknown check"):
        check_orak_env("orak/2048-v0", checks=["nope"])


def test_reset_first_fails_an_env_that_runs_before_reset(monkeypatch):
    """The ``reset_first`` check can fail: orak ids are registered without ``OrderEnforcing``, so it is
    the only guard that an env refuses to run before ``reset``."""
    from orak_gym.testing import contract

    def already_reset(env_id, **kwargs):
        env = gym.make(env_id, **kwargs)
        env.reset(seed=0)  # a step now runs, which is what an env without its own guard would do
        return env

    monkeypatch.setattr(contract, "_make", already_reset)
    with pytest.raises(AssertionError, match=r"step\(\) before reset\(\) did not raise ResetNeeded"):
        contract.check_reset_first("orak/2048-v0")
    # an env that fails another way (bare CartPole asserts) is reported with what it raised
    cartpole = gym.make("CartPole-v1", render_mode="rgb_array").unwrapped
    monkeypatch.setattr(contract, "_make", lambda env_id, **kwargs: cartpole)
    with pytest.raises(AssertionError, match=r"raised AssertionError.*not ResetNeeded"):
        contract.check_reset_first("orak/2048-v0")


def test_orak_ids_come_without_gymnasiums_default_wrappers():
    env = gym.make("orak/BabaIsYou-v0", modality="native")
    assert env is env.unwrapped  # no OrderEnforcing, no PassiveEnvChecker: the env guards itself
    with pytest.raises(gym.error.ResetNeeded):
        env.step(0)
    checked = gym.make("orak/BabaIsYou-v0", modality="native", disable_env_checker=False)
    assert type(checked).__name__ == "PassiveEnvChecker"
