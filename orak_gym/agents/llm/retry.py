"""Retry timing: exponential backoff with jitter, overridden by the server's ``Retry-After``."""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before re-sending a failed request.

    Attempt ``n`` (1 = first retry) waits ``min(max_delay_s, base_delay_s * 2**(n-1))`` scaled by a
    random factor in ``[1 - jitter, 1]`` so that many concurrent episodes do not retry in lock-step.
    A ``Retry-After`` (or ``retry-after-ms``) header from the server wins over the backoff, capped
    at ``max_retry_after_s`` (plus up to 10 % jitter).
    """

    max_retries: int = 4
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0
    jitter: float = 0.5
    max_retry_after_s: float = 60.0

    def delay(self, attempt: int, retry_after: float | None = None, rng: random.Random | None = None) -> float:
        rng = rng or random
        if retry_after is not None and retry_after >= 0:
            wait = min(retry_after, self.max_retry_after_s)
            return wait * (1.0 + 0.1 * rng.random())
        backoff = min(self.max_delay_s, self.base_delay_s * (2 ** max(0, attempt - 1)))
        return backoff * (1.0 - self.jitter * rng.random())


def parse_retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` / ``Retry-After`` (seconds or an HTTP date), or None."""
    if not headers:
        return None
    lowered = {str(k).lower(): str(v) for k, v in headers.items()}
    if "retry-after-ms" in lowered:
        try:
            return max(0.0, float(lowered["retry-after-ms"]) / 1000.0)
        except ValueError:
            pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
