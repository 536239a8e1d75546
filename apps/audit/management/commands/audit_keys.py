"""manage.py audit_keys: the checkpoint keys configured, and which checkpoints each signed
(docs/user/audit.md, "Rotating the checkpoint key")."""

from django.core.management.base import BaseCommand

from apps.audit.keys import key_ring, new_key
from apps.audit.selectors import checkpoints_by_key


class Command(BaseCommand):
    help = (
        "List the audit checkpoint keys by id (signing, retired, revoked) with the checkpoints "
        "and archives each signed, and any key id the configuration does not know. With "
        "--generate, print a new random key and its id (stored nowhere)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate", action="store_true", help="Print a new random key and its id."
        )

    def handle(self, *args, generate=False, **options):
        if generate:
            key, name = new_key()
            self.stdout.write(f"Key id: {name}\nKey:    {key}")
            self.stdout.write(
                "Keep the key outside the database, as the secret key is kept; it is not "
                "stored anywhere by this command."
            )
            return
        ring = key_ring()
        roles = {name: "retired (verifies, never signs)" for name in ring.retired}
        if ring.signing_id:
            roles[ring.signing_id] = "signing"
        for name in ring.revoked:
            roles[name] = "revoked (not trusted)"
        if ring.signing_problem:
            self.stderr.write(ring.signing_problem)
        for problem in ring.problems:
            self.stderr.write(problem)
        used = checkpoints_by_key()
        for name in sorted(set(roles) | set(used), key=lambda n: (n not in used, n)):
            signed = used.get(name)
            what = (
                f"{signed.checkpoints} checkpoints (sizes {signed.first_size} to "
                f"{signed.last_size}), {signed.archives} archives"
                if signed
                else "no checkpoints"
            )
            self.stdout.write(f"{name}  {roles.get(name, 'UNKNOWN (not configured)')}: {what}")
