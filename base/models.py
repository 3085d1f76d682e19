"""Site-wide pages (home, standard pages) and site settings."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import AudienceBlock, BodyBlock
from .pagecache import cached_for_generation


class HomePage(Page):
    """The front page: what the platform does for trainees, universities and employers."""

    hero_heading = models.CharField(_("headline"), max_length=200)
    hero_text = models.TextField(_("introduction"), blank=True)
    audiences = StreamField(
        [("audience", AudienceBlock())],
        verbose_name=_("audiences"),
        blank=True,
        block_counts={"audience": {"max_num": 6}},
    )
    mission_heading = models.CharField(_("mission heading"), max_length=200, blank=True)
    mission_text = RichTextField(_("mission text"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("audiences"),
        FieldPanel("mission_heading"),
        FieldPanel("mission_text"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("hero_text"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["base.StandardPage", "courses.CourseIndexPage", "courses.GlossaryPage"]
    max_count_per_parent = 2  # one per locale under the root

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Wagtail's walk down the tree (two queries a level), done once per publish generation for each
        address (ADR 0018). An address with no live page behind it is not stored: it raises Http404 again."""
        if not path_components:
            return super().route(request, path_components)
        address = "/".join(path_components).encode()
        key = ("route", self.pk, hashlib.sha256(address).hexdigest())
        return cached_for_generation(key, lambda: super(HomePage, self).route(request, path_components))


class StandardPage(Page):
    """An ordinary content page such as About or Privacy."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["base.HomePage", "base.StandardPage"]
    subpage_types = ["base.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    """Contact details and the privacy notice linked from every footer."""

    contact_email = models.EmailField(_("contact email"), blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("contact_email"), FieldPanel("privacy_page")]

    class Meta:
        verbose_name = _("site settings")


def privacy_page_url() -> str:
    """The address of the privacy notice in the active language, or "" when the site settings name none."""
    page = SiteSettings.load().privacy_page
    if page is None:
        return ""
    return page.localized.get_url() or ""
