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
# Events whose handlers mark what they change themselves (World.touch): the world does not have to
# assume that an event without a partition in its arguments changed every partition (persist.py).
SELF_MARKING: set[str] = set()


def on(event: str, marks_changes: bool = False) -> Callable[[Handler], Handler]:
    """Register ``fn(world, *args)`` as the handler of timer event ``event``; ``marks_changes`` when
    it calls ``world.touch(part)`` for every partition it changes."""

    def deco(fn: Handler) -> Handler:
        HANDLERS[event] = fn
        if marks_changes:
            SELF_MARKING.add(event)
        return fn

    return deco


def dispatch(world: "World", event: str, args: tuple) -> None:
    handler = HANDLERS.get(event)
    if handler is not None:
        handler(world, *args)
