"""manage.py talent_search "QUERY" [--json] [--user USERNAME]: the people of the pool who match."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from envoy.core.lib.numbers import thousands
from envoy.talent.enums import Cefr, LanguageCode
from envoy.talent.pool import LIMIT, search_pool


class _Administrator:
    """Who the command searches as when no --user is given: every profile."""

    pk = None
    is_authenticated = True
    is_superuser = True
    effective_role = "admin"
    bureau_id = None


class Command(BaseCommand):
    help = (
        "Search the talent pool as its page does and print who matches and why. Quote the "
        'query: manage.py talent_search "日語 防災", "English C1 + net zero + has presented". '
        "Searches every profile unless --user names a user, whose permissions then apply."
    )

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="")
        parser.add_argument("--json", action="store_true", help="print JSON, one object")
        parser.add_argument("--user", help="search as this user (username)")
        parser.add_argument("--bureau", type=int, help="only this bureau (its id)")
        parser.add_argument("--language", choices=LanguageCode.values, default="")
        parser.add_argument("--level", choices=Cefr.values, default="", help="at least (CEFR)")
        parser.add_argument("--country", default="", help="experience in (ISO code, e.g. JP)")
        parser.add_argument("--limit", type=int, default=LIMIT)

    def handle(self, *args, **options):
        user = _Administrator()
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(_("沒有使用者「%s」。") % options["user"]) from None
        result = search_pool(
            user,
            options["query"],
            bureau=options["bureau"],
            language=options["language"],
            level=options["level"],
            country=options["country"].upper(),
            limit=options["limit"],
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(_as_json(options["query"], result), ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(_("共 %(total)s 位") % {"total": thousands(result.total)})
        for hit in result.hits:
            profile = hit.profile
            languages = "、".join(skill.summary for skill in hit.languages)
            self.stdout.write(f"{profile.pk}\t{profile.name}\t{profile.organisation}\t{languages}")
            for reason in hit.reasons:
                self.stdout.write(f"\t{reason.text}")


def _as_json(query: str, result) -> dict:
    return {
        "query": query,
        "total": result.total,
        "people": [
            {
                "id": hit.profile.pk,
                "name": hit.profile.name,
                "name_en": hit.profile.name_en,
                "bureau": hit.profile.organisation,
                "title": hit.profile.title,
                "confirmed": hit.profile.confirmed,
                "languages": [
                    {
                        "language": skill.language,
                        "cefr": skill.cefr,
                        "level": skill.level_label,
                        "test": skill.test,
                        "score": skill.score,
                        "tested_on": skill.tested_on.isoformat() if skill.tested_on else None,
                        "summary": skill.summary,
                    }
                    for skill in hit.languages
                ],
                "reasons": [reason.text for reason in hit.reasons],
                "missions": [
                    {
                        "mission_id": experience.mission_id,
                        "kind": experience.kind,
                        "title": experience.title,
                        "date": experience.date.isoformat() if experience.date else None,
                        "countries": experience.country_codes,
                        "city": experience.city,
                        "network": experience.network,
                    }
                    for experience in hit.experiences
                ],
                "countries": hit.countries,
            }
            for hit in result.hits
        ],
    }
