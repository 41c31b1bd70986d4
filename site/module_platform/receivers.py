"""Receivers that run only where their module is enabled (after pretix).

::

    @module_receiver(post_save, module="example", sender=Greeting)
    def notify(sender, instance, **kwargs): ...

The municipality comes from ``municipality_getter(sender, **kwargs)``; by
default from ``instance.municipality`` (or ``kwargs["municipality"]``). A
receiver without a municipality does not run.
"""

import functools

from . import services


def default_municipality_getter(sender, **kwargs):
    if "municipality" in kwargs:
        return kwargs["municipality"]
    instance = kwargs.get("instance")
    return getattr(instance, "municipality", None)


def module_receiver(signal, *, module, municipality_getter=None, **connect_kwargs):
    """Connect a receiver that is skipped where ``module`` is disabled."""
    getter = municipality_getter or default_municipality_getter

    def decorator(receiver):
        @functools.wraps(receiver)
        def wrapper(sender, **kwargs):
            municipality = getter(sender, **kwargs)
            if municipality is None or not services.is_enabled(municipality, module):
                return None
            return receiver(sender, **kwargs)

        connect_kwargs.setdefault(
            "dispatch_uid", f"{receiver.__module__}.{receiver.__qualname__}"
        )
        # The wrapper is referenced nowhere else: a weak reference would let
        # it be garbage-collected and silently disconnected.
        signal.connect(wrapper, weak=False, **connect_kwargs)
        wrapper.rathaus_module = module
        return receiver

    return decorator
