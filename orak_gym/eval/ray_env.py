"""Env handles on a Ray cluster: ``orak-gym eval --executor ray``.

Why env handles and not whole episodes as Ray tasks: the LLM is the bottleneck and its calls are
cheap to overlap on the driver's event loop, while the env is what needs cores (emulators, a
Minecraft server per episode).  So the driver keeps the policies, the budgets, the progress
display and the run directory, exactly as with the local executor, and only the env moves: each
episode's env lives in a Ray actor placed anywhere on the cluster, answering the same calls as
:class:`~orak_gym.eval.envs.LocalEnv` (reset, step, save_frame, close).  Results come back to the
driver, which alone writes files, so crash safety and ``--resume`` are those of a local run.

A Ray actor is a process of its own, so games that need process isolation get it for free; what
an actor needs from a node (CPUs, custom resources such as ``{"minecraft_server": 1}``) comes from
the game's spec, see :func:`actor_options_for`.  An actor that dies (its worker or its node lost)
raises :class:`RayEnvError`, an :class:`~orak_gym.eval.envs.EnvLostError`: the runner replays the
episode on a fresh actor, and never records it as a score.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from orak_gym.core.errors import MissingDependencyError
from orak_gym.core.registry import plays_elsewhere, spec_of
from orak_gym.eval.envs import EnvLostError, LocalEnv, StepResult
from orak_gym.eval.ray_probe import LOOPBACK_ONLY_VARIABLE

#: How long pre-flight waits to join a cluster (Ray alone retries for minutes, then may hang).
JOIN_TIMEOUT_S = 60.0
_TOKEN_HOWTO = (
    "give this driver the token every node was started with: RAY_AUTH_MODE=token and the token in "
    "~/.ray/auth_token, in a file named by RAY_AUTH_TOKEN_PATH, or in RAY_AUTH_TOKEN"
)


class RayEnvError(EnvLostError):
    """The env's Ray actor died or its cluster went away: the env is lost, the episode is replayed."""


def _ray() -> Any:
    if importlib.util.find_spec("ray") is None:
        raise MissingDependencyError("ray", "ray", "the ray executor")
    import ray

    return ray


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def connect(address: str | None = None) -> dict[str, float]:
    """Joins the cluster at ``address`` (``auto``, ``HOST:PORT`` or ``ray://HOST:PORT``; ``None``
    starts a local one on 127.0.0.1), once per process; returns the cluster's resources.

    Raises :class:`RayEnvError` with one line when the cluster cannot be reached.
    """
    ray = _ray()
    if not ray.is_initialized():
        _check_listening(address)
        if address is not None:
            _probe_join(address)
        local = {"_node_ip_address": "127.0.0.1"} if address is None else {}  # a new cluster: loopback only
        try:
            ray.init(
                address=address,
                ignore_reinit_error=True,
                log_to_driver=False,
                include_dashboard=False,
                configure_logging=False,
                **local,
            )
        except (ConnectionError, RuntimeError, ValueError, ray.exceptions.RayError) as exc:
            where = address or "a new local cluster"
            raise RayEnvError(f"cannot reach the Ray cluster at {where}: {_first_line(exc)}") from None
    return dict(ray.cluster_resources())


def _check_listening(address: str | None, timeout_s: float = 5.0) -> None:
    """A ``HOST:PORT`` nobody listens on fails at once (Ray itself would retry for minutes)."""
    if not address or address == "auto":
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise RayEnvError(f"bad Ray address {address!r}: use auto, HOST:PORT or ray://HOST:PORT")
    try:
        socket.create_connection((host, int(port)), timeout=timeout_s).close()
    except OSError as exc:
        raise RayEnvError(f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}") from None


def _probe_join(address: str, timeout_s: float | None = None) -> None:
    """Joins ``address`` once in a child process (see :mod:`orak_gym.eval.ray_probe`), within a
    bounded time, and turns each way of failing into one line that says what to do."""
    timeout_s = JOIN_TIMEOUT_S if timeout_s is None else timeout_s
    command = [sys.executable, "-m", "orak_gym.eval.ray_probe", address]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise RayEnvError(
            f"could not join the Ray cluster at {address} within {timeout_s:g} s: this driver needs the "
            f"cluster's settings (the same RAY_AUTH_MODE and token; {LOOPBACK_ONLY_VARIABLE}=0 if the cluster "
            "was started with it) and a route to every node's address"
        ) from None
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        last = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        raise RayEnvError(f"cannot join the Ray cluster at {address}: {last}")
    result = json.loads(lines[-1])
    if result["ok"]:
        return
    cause, detail = result["cause"], result["detail"]
    if cause == "rewritten":
        raise RayEnvError(
            f"cannot join the Ray cluster at {address}: Ray dials {detail} instead (it rewrites a loopback "
            f"address unless {LOOPBACK_ONLY_VARIABLE}=0) and nothing listens there; a cluster started with "
            f"{LOOPBACK_ONLY_VARIABLE}=0 needs it in this shell too: export {LOOPBACK_ONLY_VARIABLE}=0"
        )
    if cause == "no_token":
        first = detail.split(". ")[0].rstrip(".")
        raise RayEnvError(f"cannot join the Ray cluster at {address}: {first}; {_TOKEN_HOWTO}")
    if "InvalidAuthToken" in done.stderr or "Unauthenticated" in done.stderr:
        refused = f"the Ray cluster at {address} refused this driver's token (missing or wrong)"
        raise RayEnvError(f"{refused}: {_TOKEN_HOWTO}")
    raise RayEnvError(f"cannot join the Ray cluster at {address}: {detail}")


def actor_options(resources: dict[str, float] | None = None, num_cpus: float = 1.0) -> dict[str, Any]:
    """Ray actor options for one env: its CPUs and any custom resources.

    A custom resource caps how many instances of a game a node runs at once: a node started with
    ``ray start --resources='{"minecraft_server": 2}'`` hosts at most two envs that ask for one.
    """
    options: dict[str, Any] = {"num_cpus": num_cpus, "max_restarts": 0, "max_task_retries": 0}
    if resources:
        options["resources"] = dict(resources)
    return options


def actor_options_for(env_id: str) -> dict[str, Any]:
    """The actor options of ``env_id``'s game, from its spec: ``cluster_resources`` when it says, else
    a whole CPU for a game whose instances need a process each (emulators) and a quarter otherwise.
    An env whose game runs on a server (``plays_elsewhere``) only holds a connection: a quarter CPU."""
    if plays_elsewhere(env_id):
        return actor_options({}, num_cpus=0.25)
    spec = spec_of(env_id)
    wanted = dict(spec.cluster_resources) if spec.cluster_resources is not None else {}
    cpus = wanted.pop("CPU", 1.0 if spec.process_isolated else 0.25)
    return actor_options(wanted, num_cpus=cpus)


def check_placeable(options: dict[str, Any], cluster: dict[str, float], env_id: str) -> None:
    """Fails fast, before anything is written, when no node could ever host the env's actor
    (an actor asking for a resource nobody has would otherwise wait forever)."""
    wanted = {"CPU": options.get("num_cpus", 0.0), **options.get("resources", {})}
    for name, amount in wanted.items():
        have = cluster.get(name, 0.0)
        if amount and have < amount:
            hint = (
                f"; start a node with ray start --address ... --resources='{{\"{name}\": N}}'" if name != "CPU" else ""
            )
            raise RayEnvError(f"{env_id} needs {amount:g} {name} per env but the Ray cluster has {have:g}{hint}")


def check_cluster(address: str | None, env_ids: list[str]) -> None:
    """Pre-flight for ``executor="ray"``: the cluster answers and can place every env's actor."""
    cluster = connect(address)
    for env_id in env_ids:
        check_placeable(actor_options_for(env_id), cluster, env_id)


class _EnvActor:
    """Runs in the Ray worker: a LocalEnv, and the frame as an array (the driver writes files)."""

    env: LocalEnv

    def start(self, env_id: str, modality: str, frames: bool, kwargs: dict[str, Any]) -> int:
        """Builds the env in a method, not ``__init__``, so its errors reach the driver as themselves."""
        self.env = LocalEnv(env_id, modality=modality, frames=frames, **kwargs)
        return os.getpid()

    def reset(self, seed: int) -> tuple[Any, dict[str, Any], str]:
        return self.env.reset(seed)

    def step(self, action: Any) -> StepResult:
        return self.env.step(action)

    def frame(self) -> Any:
        return self.env.env.render()

    def pid(self) -> int:
        return os.getpid()

    def close(self) -> None:
        self.env.close()


class RayEnv:
    """An env in a Ray actor; the same calls as :class:`LocalEnv`, made from a runner thread."""

    def __init__(
        self,
        env_id: str,
        modality: str = "text",
        frames: bool = False,
        *,
        options: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        ray = _ray()
        self._ray = ray
        self.env_id = env_id
        remote = ray.remote(_EnvActor).options(**(options or actor_options()))
        self._actor = remote.remote()
        self._closed = False
        try:
            self._get(self._actor.start.remote(env_id, modality, frames, kwargs))
        except BaseException:
            self._ray.kill(self._actor, no_restart=True)
            raise

    def _get(self, ref: Any) -> Any:
        ray = self._ray
        try:
            return ray.get(ref)
        except ray.exceptions.RayTaskError as exc:
            cause = getattr(exc, "cause", None)
            if isinstance(cause, Exception):
                raise cause from None  # the env's own exception, as if it ran here
            raise exc.as_instanceof_cause() from None
        except (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError, ray.exceptions.NodeDiedError) as exc:
            raise RayEnvError(f"the Ray actor of {self.env_id} died: {_first_line(exc)}") from None

    def pid(self) -> int:
        """The actor's process id (to find it on its node)."""
        return self._get(self._actor.pid.remote())

    def reset(self, seed: int) -> tuple[Any, dict[str, Any], str]:
        return self._get(self._actor.reset.remote(seed))

    def step(self, action: Any) -> StepResult:
        return self._get(self._actor.step.remote(action))

    def save_frame(self, path: Path) -> None:
        import numpy as np
        from PIL import Image

        frame = self._get(self._actor.frame.remote())
        if isinstance(frame, np.ndarray):
            path.parent.mkdir(parents=True, exist_ok=True)
            Image.fromarray(frame).save(path)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._get(self._actor.close.remote())
        except Exception:
            pass
        finally:
            self._ray.kill(self._actor, no_restart=True)
