"""The table of timer events: name -> handler(world, *args).

Timers are data (see clock.py); each module that schedules an event registers its handler here, so a
new behaviour adds a row instead of a branch in the world.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .world import World

Handler = Callable[..., None]
HANDLERS: dict[str, Handler] = {}


def on(event: str) -> Callable[[Handler], Handler]:
    """Register ``fn(world, *args)`` as the handler of timer event ``event``."""

    def deco(fn: Handler) -> Handler:
        HANDLERS[event] = fn
        return fn

    return deco


def dispatch(world: "World", event: str, args: tuple) -> None:
    handler = HANDLERS.get(event)
    if handler is not None:
        handler(world, *args)
