"""Quickstart: make an orak env, reset with a seed, step with text, read the info keys.

Run: python examples/quickstart.py
"""

import gymnasium as gym

import orak_gym  # noqa: F401  (registers the orak/ ids)

env = gym.make("orak/2048-v0")  # modality="text" by default: observations and actions are strings
observation, info = env.reset(seed=42)
print(observation)

for reply in ["### Reasoning\nKeep the corner.\n### Actions\nleft", "up", "I am not sure..."]:
    observation, reward, terminated, truncated, info = env.step(reply)
    print(f"\n> {reply!r}")
    print(f"valid={info['action_valid']}  feedback={info['action_feedback']!r}  reward={reward}")
    print(f"score={info['score']:.2f}/100  raw={info['raw_score']}")
    print(observation)

print("\nprompt context keys:", sorted(info["prompt_context"]))
env.close()
