"""What every env that owns an emulator does the same way: pickling and closing."""

from __future__ import annotations

from typing import Any


class EmulatorEnvMixin:
    """For an env holding its emulator in ``self.backend`` and its constructor arguments in
    ``self._init_kwargs``: an emulator cannot be pickled, so a pickled env (a vector worker's copy,
    a clone) comes back as a fresh env built with the same arguments; closing stops the emulator."""

    backend: Any
    _init_kwargs: dict[str, Any]

    def __getstate__(self) -> dict[str, Any]:
        return dict(self._init_kwargs)

    def __setstate__(self, kwargs: dict[str, Any]) -> None:
        self.__init__(**kwargs)  # type: ignore[misc]

    def _close(self) -> None:
        backend = getattr(self, "backend", None)  # None when the constructor failed before it
        if backend is not None:
            backend.close()
