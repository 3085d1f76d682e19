from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLocalesSitemap(Sitemap):
    """Every live public page of the site in every language (Wagtail's own sitemap lists one locale)."""

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key, depth=root.depth).only("path")
        return (
            Page.objects.live()
            .public()
            .filter(reduce(or_, (Q(path__startswith=page.path) for page in roots)))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
