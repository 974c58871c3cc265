"""What every env that owns an emulator or a game process does the same way: pickling and closing."""

from __future__ import annotations

from typing import Any


class RebuiltOnCopyMixin:
    """For an env whose game lives outside Python (an emulator, a game process and its window), which
    cannot be pickled: a pickled env (a vector worker's copy, a clone) comes back as a fresh env built
    with the same constructor arguments, and connects anew at its first reset.  The arguments are
    recorded as the env is made, so no env lists them again."""

    _init_args: tuple[tuple[Any, ...], dict[str, Any]]

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        env = super().__new__(cls)
        env._init_args = (args, dict(kwargs))
        return env

    def __getstate__(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return self._init_args

    def __setstate__(self, state: tuple[tuple[Any, ...], dict[str, Any]]) -> None:
        args, kwargs = state
        self._init_args = (args, dict(kwargs))  # unpickling made this object without its arguments
        self.__init__(*args, **kwargs)  # type: ignore[misc]


class EmulatorEnvMixin(RebuiltOnCopyMixin):
    """For an env holding its emulator in ``self.backend``: rebuilt on copy, and closing stops the emulator."""

    backend: Any

    def _close(self) -> None:
        backend = getattr(self, "backend", None)  # None when the constructor failed before it
        if backend is not None:
            backend.close()
