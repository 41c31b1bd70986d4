"""Signals the module platform sends.

``module_activation_changed`` is sent after the transaction that enabled,
disabled or configured a module commits (``transaction.on_commit``), so a
receiver never sees, or caches, state that is rolled back. Arguments:

- ``sender``: the ``ModuleConfig`` of the module
- ``municipality``: the ``Municipality``
- ``activation``: the ``ModuleActivation`` after the change
- ``action``: ``"enable"``, ``"disable"`` or ``"configure"``
- ``user``: who did it, or ``None`` for scripts

The response cache connects to it to bump the municipality's generation.
"""

from django.dispatch import Signal

module_activation_changed = Signal()
