"""What every env that owns an emulator or a game process does the same way: pickling and closing."""

from __future__ import annotations

from typing import Any


class RebuiltOnCopyMixin:
    """For an env whose game lives outside Python (an emulator, a game process and its window) and whose
    constructor arguments are in ``self._init_kwargs``: that cannot be pickled, so a pickled env (a
    vector worker's copy, a clone) comes back as a fresh env built with the same arguments, and connects
    anew at its first reset."""

    _init_kwargs: dict[str, Any]

    def __getstate__(self) -> dict[str, Any]:
        return dict(self._init_kwargs)

    def __setstate__(self, kwargs: dict[str, Any]) -> None:
        self.__init__(**kwargs)  # type: ignore[misc]


class EmulatorEnvMixin(RebuiltOnCopyMixin):
    """For an env holding its emulator in ``self.backend``: rebuilt on copy, and closing stops the emulator."""

    backend: Any

    def _close(self) -> None:
        backend = getattr(self, "backend", None)  # None when the constructor failed before it
        if backend is not None:
            backend.close()
