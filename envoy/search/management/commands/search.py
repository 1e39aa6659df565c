"""manage.py search "QUERY" [--json] [--user USERNAME]: the hits of a search."""

import html
import json
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from envoy.core.lib.numbers import thousands
from envoy.search.services import search

_TAGS = re.compile(r"</?mark>")


class _Administrator:
    """Who the command searches as when no --user is given: every record."""

    is_authenticated = True
    is_superuser = True
    effective_role = "admin"
    bureau_id = None


class Command(BaseCommand):
    help = (
        "Search as the search page does and print the hits: kind, id, title, snippet. "
        'Quote the query: manage.py search "東京 防災". Searches every record unless --user '
        "names a user, whose permissions then apply."
    )

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--json", action="store_true", help="print JSON, one object")
        parser.add_argument("--user", help="search as this user (username)")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--per-page", type=int, default=20)

    def handle(self, *args, **options):
        from django.contrib.auth import get_user_model

        user = _Administrator()
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(_("沒有使用者「%s」。") % options["user"]) from None
        results = search(
            user,
            options["query"],
            page=options["page"],
            per_page=options["per_page"],
            facets=options["json"],
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "query": results.query,
                        "total": results.total,
                        "page": results.page,
                        "hits": [
                            {
                                "kind": hit.kind,
                                "id": hit.object_id,
                                "title": hit.title,
                                "url": hit.url,
                                "snippet": html.unescape(_TAGS.sub("", hit.snippet_html)),
                                "snippet_html": hit.snippet_html,
                                "score": hit.score,
                            }
                            for hit in results.hits
                        ],
                        "facets": {
                            name: [
                                {"value": v.value, "label": v.label, "count": v.count}
                                for v in values
                            ]
                            for name, values in results.facets.items()
                        },
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.stdout.write(_("共 %(total)s 筆") % {"total": thousands(results.total)})
        for hit in results.hits:
            snippet = html.unescape(_TAGS.sub("", hit.snippet_html))
            self.stdout.write(f"{hit.kind}\t{hit.object_id}\t{hit.title}\n\t{snippet}")
