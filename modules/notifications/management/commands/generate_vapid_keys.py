"""Print a new VAPID key pair for Web Push and UnifiedPush."""

from django.core.management.base import BaseCommand

from ...vapid import generate_vapid_keys


class Command(BaseCommand):
    help = (
        "Generate a VAPID key pair. Put the private key in "
        "NOTIFICATIONS_VAPID_PRIVATE_KEY (a secret) and give the public key to "
        "web apps as applicationServerKey (NOTIFICATIONS_VAPID_PUBLIC_KEY)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--env",
            action="store_true",
            help="Print as environment variable assignments.",
        )

    def handle(self, *args, env=False, **options):
        private, public = generate_vapid_keys()
        if env:
            self.stdout.write(f"NOTIFICATIONS_VAPID_PRIVATE_KEY={private}")
            self.stdout.write(f"NOTIFICATIONS_VAPID_PUBLIC_KEY={public}")
            return
        self.stdout.write(f"Private key (keep secret): {private}")
        self.stdout.write(f"Public key (applicationServerKey): {public}")
