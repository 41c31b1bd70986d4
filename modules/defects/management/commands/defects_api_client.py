"""Issue or revoke Open311 API keys: ``defects_api_client issue --municipality
stadt-a --name "Mark-a-Spot app"`` prints the key once (only its hash is
stored)."""

from django.core.management.base import BaseCommand, CommandError

from rathaus.modules.defects.models import ApiClient
from rathaus.site.module_platform import api


class Command(BaseCommand):
    help = "Issue, list or revoke Open311 API keys of a municipality."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["issue", "list", "revoke"])
        parser.add_argument("--municipality", required=True)
        parser.add_argument("--name", help="The client's name (issue).")
        parser.add_argument("--prefix", help="The key's first 8 characters (revoke).")

    def handle(self, *args, action, municipality, name=None, prefix=None, **options):
        found = api.Municipality.objects.filter(slug=municipality).first()
        if found is None:
            raise CommandError(f"There is no municipality {municipality!r}.")
        if action == "issue":
            if not name:
                raise CommandError("--name is required.")
            client, raw_key = ApiClient.issue(found, name)
            self.stdout.write(f"api_key for {client.name}: {raw_key}")
            self.stdout.write("It is shown only now; store it safely.")
        elif action == "list":
            for client in ApiClient.objects.filter(municipality=found):
                state = "active" if client.active else "revoked"
                self.stdout.write(f"{client.key_prefix}…  {client.name}  {state}")
        else:
            updated = ApiClient.objects.filter(
                municipality=found, key_prefix=prefix or ""
            ).update(active=False)
            if not updated:
                raise CommandError("No such key.")
            self.stdout.write(f"Revoked {updated} key(s).")
