"""manage.py talent_sync: bring the pool's experience up to date with every mission."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from envoy.talent.models import StaffProfile
from envoy.talent.services import sync_all_contributions, sync_all_missions


class Command(BaseCommand):
    help = (
        "Match every mission's travellers to the talent pool (a profile of the same name and "
        "bureau; an unsure match for an officer to settle; a new unconfirmed profile when "
        "there is none) and write each trip, presentation and meeting into their experience; "
        "a presentation or meeting of no mission goes to the one colleague of the name it "
        "gives. "
        "Safe to run again: it rewrites what changed. Saving a mission does this by itself; "
        "run it once after installing, or after restoring a backup."
    )

    def handle(self, *args, **options):
        missions = sync_all_missions()
        sync_all_contributions()
        self.stdout.write(
            _("已比對 %(missions)d 個任務；人才庫共 %(profiles)d 位。")
            % {"missions": missions, "profiles": StaffProfile.objects.count()}
        )
