"""Load the sandbox's demo data: one course, ``staff_1`` and ``learner_1``..``learner_8``."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from sandbox.models import LearnerProfile

# Learners spread over the pilot's time zones and the suite's languages.
DEMO_USERS = [
    ("staff_1", "instructor", "en", "Europe/Paris", "Asaf", "Instructor"),
    ("learner_1", "student", "en", "Europe/Berlin", "Lena", "Berger"),
    ("learner_2", "student", "es", "America/New_York", "Mateo", "García"),
    ("learner_3", "student", "hi", "Asia/Kolkata", "Priya", "Sharma"),
    ("learner_4", "student", "fr", "Africa/Lagos", "Ngozi", "Okafor"),
    ("learner_5", "student", "pt-br", "America/Sao_Paulo", "Ana", "Souza"),
    ("learner_6", "student", "id", "Asia/Jakarta", "Budi", "Santoso"),
    ("learner_7", "student", "ar", "Africa/Cairo", "Omar", "Haddad"),
    ("learner_8", "student", "en", "Australia/Sydney", "Kate", "Nguyen"),
]


class Command(BaseCommand):
    """Create or update the demo users; running it again changes nothing."""

    help = "Create the demo course's users (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        user_model = get_user_model()
        created = 0
        for username, role, language, zone, first, last in DEMO_USERS:
            user, was_created = user_model.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@example.org", "first_name": first, "last_name": last,
                          "is_staff": role != "student"},
            )
            if was_created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                created += 1
            LearnerProfile.objects.update_or_create(
                user=user, defaults={"role": role, "language": language, "time_zone": zone, "enrolled": True},
            )
        self.stdout.write(f"Demo data ready: {len(DEMO_USERS)} users ({created} new).")
