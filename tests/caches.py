"""Emptying every cache a test can leave answers in."""


def forget_everything_cached():
    """The shared caches (Redis in CI keeps data between runs) and every layer
    a worker process keeps: response bodies, request plans, tree indexes, the
    pages' kept answers and the generation memo."""
    from django.core.cache import caches

    from rathaus.graphql import response_cache
    from rathaus.graphql.content.fragments import page_fragments
    from rathaus.graphql.content.index import built_indexes
    from rathaus.site.core.generation import recent_reads

    for cache in caches.all():
        cache.clear()
    response_cache.local.clear()
    response_cache.plans.clear()
    built_indexes.clear()
    page_fragments.clear()
    recent_reads.clear()
