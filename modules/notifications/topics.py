"""Which topics devices of a municipality may follow.

The module's own channels (``news``, ``events``, ``traffic``, ``warnings``)
plus every topic an enabled module declares through
``ModuleConfig.push_topics`` / ``accepts_push_topic``. A module's keys start
with its identifier and a colon (``waste:district-12:paper``).
"""

from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

MODULE = "notifications"

CORE_TOPICS = (
    api.PushTopic("news", _("News"), _("News from the city hall.")),
    api.PushTopic("events", _("Events"), _("Events and their changes.")),
    api.PushTopic("traffic", _("Traffic"), _("Road works, closures and diversions.")),
    api.PushTopic(
        "warnings",
        _("Warnings"),
        _("Official warnings: weather, floods, civil protection."),
    ),
)
CORE_TOPIC_KEYS = frozenset(topic.key for topic in CORE_TOPICS)
MAX_TOPIC_LENGTH = 200


def _topic_modules(municipality):
    """Enabled modules of the municipality, except this one."""
    return [
        module
        for module in api.enabled_modules(municipality)
        if module.identifier != MODULE
    ]


def available_topics(municipality):
    """``[(module identifier or "", PushTopic)]``: what apps list to residents."""
    topics = [("", topic) for topic in CORE_TOPICS]
    for module in _topic_modules(municipality):
        topics.extend(
            (module.identifier, topic) for topic in module.push_topics(municipality)
        )
    return topics


class TopicChecker:
    """Decides many keys with one look-up of the enabled modules."""

    def __init__(self, municipality):
        self.municipality = municipality
        self.modules = {
            module.identifier: module for module in _topic_modules(municipality)
        }

    def accepts(self, key):
        if key in CORE_TOPIC_KEYS:
            return True
        if not key or len(key) > MAX_TOPIC_LENGTH or ":" not in key:
            return False
        module = self.modules.get(key.split(":", 1)[0])
        return module is not None and bool(
            module.accepts_push_topic(self.municipality, key)
        )


def origin_of(topic):
    """The module a topic belongs to (``""`` for the core channels)."""
    return "" if topic in CORE_TOPIC_KEYS else topic.split(":", 1)[0]
