"""Stable-Baselines3 PPO on 2048's native modality (exponent board, Discrete(4)).

Needs the optional `rl` extra (PyTorch is large, so `make test` does not install it):
    pip install 'orak-gym[rl]'
    python examples/rl_ppo_2048.py --steps 5000
"""

from __future__ import annotations

import argparse

import gymnasium as gym
import numpy as np

import orak_gym  # noqa: F401


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--envs", type=int, default=4)
    args = parser.parse_args()
    try:
        from stable_baselines3 import PPO
        from stable_baselines3.common.env_util import make_vec_env
    except ImportError as exc:
        raise SystemExit("this example needs: pip install 'orak-gym[rl]'") from exc

    def make() -> gym.Env:
        env = gym.make("orak/2048-v0", modality="native", max_episode_steps=2000)
        return gym.wrappers.TransformObservation(
            env, lambda board: board.astype(np.float32) / 17.0, gym.spaces.Box(0, 1, (4, 4), np.float32)
        )

    vec = make_vec_env(make, n_envs=args.envs, seed=0)
    model = PPO("MlpPolicy", vec, n_steps=256, batch_size=256, verbose=1, seed=0)
    model.learn(total_timesteps=args.steps)

    env = make()
    obs, info = env.reset(seed=123)
    while True:
        action, _ = model.predict(obs, deterministic=False)
        obs, _, terminated, truncated, info = env.step(int(action))
        if terminated or truncated:
            break
    print(f"PPO after {args.steps} steps: score {info['score']:.1f}/100, max tile {info['state']['max_tile']}")


if __name__ == "__main__":
    main()
