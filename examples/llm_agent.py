"""Play 2048 (or any orak-gym game) with an LLM agent on any OpenAI-compatible endpoint.

    python examples/llm_agent.py --model openai:gpt-4o-mini
    python examples/llm_agent.py --model Qwen/Qwen2.5-7B-Instruct --base-url http://localhost:8000/v1
    python examples/llm_agent.py --model ollama:llama3.2 --agent reflection --steps 50
    python examples/llm_agent.py --demo          # no model: a local scripted server answers

``--model`` takes a spec (``provider:model[@url]``) or a bare model name used with ``--base-url``.
The API key comes from ``--api-key-env`` (default OPENAI_API_KEY; local servers need none).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator

import gymnasium as gym

import orak_gym  # noqa: F401  (registers the envs)
from orak_gym.agents import AGENT_TYPES, LLMPolicy, make_client
from orak_gym.agents.llm import LLMError, parse_spec


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="openai:gpt-4o-mini", help="model spec or name")
    parser.add_argument("--base-url", default=None, help="OpenAI-compatible endpoint, e.g. http://localhost:8000/v1")
    parser.add_argument("--api-key-env", default="OPENAI_API_KEY", help="environment variable holding the key")
    parser.add_argument("--agent", default="zeroshot", choices=sorted(AGENT_TYPES))
    parser.add_argument("--env", default="orak/2048-v0", help="env id")
    parser.add_argument("--modality", default="text", choices=["text", "text_image", "image"])
    parser.add_argument("--steps", type=int, default=30, help="maximum decisions")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--temperature", type=float, default=0.0)
    parser.add_argument("--cache", default=None, help="directory caching temperature-0 answers")
    parser.add_argument("--log", default=None, help="write every step record as JSON lines here")
    parser.add_argument("--demo", action="store_true", help="answer with a local scripted server (no model)")
    return parser.parse_args(argv)


@contextlib.contextmanager
def endpoint(args: argparse.Namespace) -> Iterator[tuple[str, str | None]]:
    """(model spec, API key); with --demo, a scripted OpenAI-compatible server on 127.0.0.1."""
    if args.demo:
        from orak_gym.testing import ModuleResponder, ScriptedOpenAIServer

        with ScriptedOpenAIServer(responder=ModuleResponder()) as server:
            yield f"compat:scripted@{server.base_url}", "demo"
        return
    spec = args.model
    if args.base_url:
        try:
            _, model, _ = parse_spec(spec)
        except LLMError:
            model = spec  # a bare model name such as "llama3.2:3b"
        spec = f"compat:{model}@{args.base_url}"
    yield spec, os.environ.get(args.api_key_env)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with endpoint(args) as (spec, api_key):
        try:
            overrides = {"temperature": args.temperature, "cache": args.cache}
            if api_key:
                overrides["api_key"] = api_key
            client = make_client(spec, **overrides)
        except LLMError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        log = open(args.log, "w", encoding="utf-8") if args.log else None  # noqa: SIM115
        policy = LLMPolicy(client, agent=args.agent, game=args.env, modality=args.modality)
        env = gym.make(args.env, modality=args.modality, max_episode_steps=args.steps)
        observation, info = env.reset(seed=args.seed)
        cost = 0.0
        try:
            for step in range(args.steps):
                action = policy(observation, info)
                record = policy.last_step
                observation, reward, terminated, truncated, info = env.step(action)
                cost += record.cost_usd
                note = f" (fallback: {record.error})" if record.fallback else ""
                print(
                    f"step {step:3d}  action {action!r:10}  reward {reward:6.1f}  score {info['score']:6.2f}"
                    f"  tokens {record.prompt_tokens}+{record.completion_tokens}{note}"
                )
                if log:
                    log.write(json.dumps({"step": step, "reward": reward, **record.to_dict()}) + "\n")
                if terminated or truncated:
                    break
        finally:
            env.close()
            if log:
                log.close()
        print(f"final score {info['score']:.2f} / 100 (raw {info['raw_score']:.0f}), cost ${cost:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
