"""Apps that act on a viewer's measured share of a video register here, so media never imports them (the same
idea as media.audiences). Courses registers one listener: video lessons complete at their `video_share`.

A listener names the videos it cares about in one query (`interested(asset_ids) -> set of ids`), so a fold of
thousands of heartbeats costs nothing for videos no lesson uses, and `share_grown` is
called for each viewer whose share grew, with keywords `user`, `asset`, `watched_share` (0-100)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class WatchListener:
    interested: Callable[[set[int]], Iterable[int]]
    share_grown: Callable[..., None]


_listeners: dict[str, WatchListener] = {}


def register_watch_listener(name: str, *, interested: Callable[[set[int]], Iterable[int]],
                            share_grown: Callable[..., None]) -> None:
    """Register (or replace, by name: `ready()` may run twice in tests) a listener."""
    _listeners[name] = WatchListener(interested=interested, share_grown=share_grown)


def watch_listeners() -> list[WatchListener]:
    return list(_listeners.values())
