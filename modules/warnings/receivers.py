"""A deleted notice must not leave its warning visible to residents."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from rathaus.site.module_platform import api

from .models import Alert, AlertState, LocalNotice


@receiver(post_delete, sender=LocalNotice)
def withdraw_warning_of_deleted_notice(sender, instance, **kwargs):
    if instance.alert_id is None:
        return
    changed = (
        Alert.objects.filter(pk=instance.alert_id)
        .exclude(state=AlertState.WITHDRAWN)
        .update(state=AlertState.WITHDRAWN, withdrawn_at=timezone.now())
    )
    # The municipality itself may be going (a cascade): then nothing to bump.
    municipality = api.Municipality.objects.filter(pk=instance.municipality_id).first()
    if changed and municipality is not None:
        api.content_changed(municipality, module="warnings")
