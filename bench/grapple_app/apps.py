from django.apps import AppConfig


class BenchGrappleConfig(AppConfig):
    """Gives the content page models grapple ``graphql_fields``.

    Listed before ``grapple`` in bench/settings.py: Django runs the ``ready()``
    methods in INSTALLED_APPS order, and grapple builds its types from
    ``graphql_fields`` in its own ``ready()``.
    """

    name = "bench.grapple_app"
    label = "bench_grapple"
    verbose_name = "Benchmark: wagtail-grapple"

    def ready(self):
        from .fields import expose_content_fields

        expose_content_fields()
