"""The shared block library: every StreamField on the site is built from these blocks.

Calls to action can name a site route instead of a page. A route whose app is not installed yet (for
example the catalog before the courses app defines `courses:catalog`) renders no button rather than a
broken link, so editors can place it ahead of time.
"""

import os
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

VIDEO_EXTENSIONS = {".mp4": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg"}

# Route keys editors may pick, and the URL names they resolve to.
SITE_ROUTES = {
    "signup": ("account_signup", _("Sign-up page")),
    "login": ("account_login", _("Sign-in page")),
    "profile": ("people:profile", _("My profile")),
    "catalog": ("courses:catalog", _("Course catalog")),
    "dashboard": ("learning:dashboard", _("My learning dashboard")),
    "verify": ("certificates:verify", _("Certificate verification")),
}


def resolve_route(key: str) -> str | None:
    """The URL of a site route in the active language, or None while its app does not provide it."""
    if key not in SITE_ROUTES:
        return None
    try:
        return reverse(SITE_ROUTES[key][0])
    except NoReverseMatch:
        return None


class HeadingBlock(blocks.StructBlock):
    """A section heading at level 2 or 3, for the page outline and screen readers."""

    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"), choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        preview_value = {"text": "Chain of identity", "level": "h2"}

    def get_searchable_content(self, value):
        return [value["text"]]  # not the level's label ("Section")


class ParagraphBlock(blocks.RichTextBlock):
    """Running text with the inline formatting the site allows."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "blocks/paragraph_block.html"
        preview_value = "<p>Each bag of cells is traced from apheresis to infusion.</p>"


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alternative text (required unless decorative) and an optional caption."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/captioned_image_block.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a note, a warning, or a GMP requirement the reader must not miss."""

    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("note", _("Note")), ("warning", _("Warning")), ("gmp", _("GMP requirement"))],
        default="note",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "blocks/callout_block.html"
        preview_value = {
            "kind": "gmp",
            "title": "Training records",
            "text": "<p>Every operator's training is documented before they work in the clean room.</p>",
        }

    def get_searchable_content(self, value):
        return [value["title"], *self.child_blocks["text"].get_searchable_content(value["text"])]


class CallToActionBlock(blocks.StructBlock):
    """A button that leads to a page or to a site route such as sign-up or the catalog."""

    label = blocks.CharBlock(label=_("Button text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    route = blocks.ChoiceBlock(
        label=_("Or a site route"),
        choices=[(key, title) for key, (_name, title) in SITE_ROUTES.items()],
        required=False,
    )
    primary = blocks.BooleanBlock(label=_("Primary button"), required=False, default=False)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"
        preview_value = {"label": "Create an account", "route": "signup", "primary": True}

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("route")):
            raise blocks.StructBlockValidationError(
                block_errors={"route": blocks.BlockValidationError(_("Choose either a page or a route."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = value.get("page")
        if page is not None:
            page = page.specific_deferred.localized
            context["href"] = page.url if page.live else None
        else:
            context["href"] = resolve_route(value.get("route") or "")
        return context


class AudienceBlock(blocks.StructBlock):
    """What the platform does for one of its users (trainee, university or employer)."""

    audience = blocks.ChoiceBlock(
        label=_("Audience"),
        choices=[("trainee", _("Trainees")), ("university", _("Universities")), ("employer", _("Employers"))],
    )
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"))
    points = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("Key points"), required=False)
    actions = blocks.ListBlock(CallToActionBlock(), label=_("Calls to action"), required=False)

    class Meta:
        icon = "group"
        label = _("Audience")
        template = "blocks/audience_block.html"
        preview_value = {
            "audience": "trainee",
            "heading": "Learn and certify",
            "text": "Courses on CAR-T manufacturing, GMP and regulation; certificates anyone can check.",
            "points": ["Modules written from cited sources", "Quizzes graded on the server"],
            "actions": [{"label": "Create an account", "route": "signup", "primary": True}],
        }


class VideoBlock(blocks.StructBlock):
    """A video: an uploaded file played from this site, or a link out to a video hosted elsewhere.

    A link out is shown as a button, never as an embedded player, so no page makes a request to another
    host when it loads.
    """

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    file = DocumentChooserBlock(
        label=_("Video file"), required=False, help_text=_("An MP4 or WebM file from the documents library.")
    )
    captions = DocumentChooserBlock(label=_("Captions (WebVTT)"), required=False)
    external_url = blocks.URLBlock(label=_("Or a link to the video elsewhere"), required=False)
    transcript = blocks.RichTextBlock(
        label=_("Transcript"), required=False, features=["bold", "italic", "ul"]
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"

    def clean(self, value):
        value = super().clean(value)
        video, url = value.get("file"), value.get("external_url")
        if bool(video) == bool(url):
            raise blocks.StructBlockValidationError(
                block_errors={"file": ValidationError(_("Choose a video file or give a link, not both."))}
            )
        if video and os.path.splitext(video.file.name)[1].lower() not in VIDEO_EXTENSIONS:
            raise blocks.StructBlockValidationError(
                block_errors={"file": ValidationError(_("The video must be an MP4, WebM or OGV file."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        video = value.get("file")
        if video:
            context["mime_type"] = VIDEO_EXTENSIONS.get(
                os.path.splitext(video.file.name)[1].lower(), "video/mp4"
            )
        if value.get("external_url"):
            context["external_host"] = urlparse(value["external_url"]).netloc
        return context


class DocumentBlock(blocks.StructBlock):
    """A document or SOP to download, with what it is for."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document or SOP")
        template = "blocks/document_block.html"


class KeyFactsBlock(blocks.StructBlock):
    """A short list of facts the reader should remember."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    facts = blocks.ListBlock(blocks.CharBlock(max_length=400), label=_("Facts"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Key facts")
        template = "blocks/key_facts_block.html"
        preview_value = {
            "title": "Key facts",
            "facts": ["CAR-T products are autologous gene therapies", "Each batch is one patient's cells"],
        }


class GlossaryTermBlock(blocks.StructBlock):
    """A term of the field with its definition and its name in the other language."""

    term = blocks.CharBlock(label=_("Term"), max_length=120)
    other_language = blocks.CharBlock(label=_("Term in the other language"), required=False, max_length=120)
    definition = blocks.TextBlock(label=_("Definition"))
    anchor = blocks.CharBlock(
        label=_("Glossary entry"),
        required=False,
        max_length=60,
        help_text=_("The term's id in the glossary, to link to its entry (e.g. chain-of-identity)."),
    )

    class Meta:
        icon = "help"
        label = _("Glossary term")
        template = "blocks/glossary_term_block.html"
        preview_value = {
            "term": "Chain of identity",
            "other_language": "Цепочка идентичности",
            "definition": "The unbroken link between a patient and their cells at every step.",
        }


class TableBlock(WagtailTableBlock):
    """A table with an optional header row and caption."""

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"


class ReferenceBlock(blocks.StructBlock):
    """One cited source."""

    source_id = blocks.CharBlock(label=_("Source id"), required=False, max_length=20)
    title = blocks.CharBlock(label=_("Title"), max_length=400)
    issuer = blocks.CharBlock(label=_("Issuer"), required=False, max_length=200)
    date = blocks.CharBlock(label=_("Date"), required=False, max_length=40)
    url = blocks.URLBlock(label=_("URL"), required=False)
    citation = blocks.CharBlock(
        label=_("Formatted reference"),
        required=False,
        max_length=1000,
        help_text=_(
            "Written by the course package import from sources.yaml; leave empty to use the fields above."
        ),
    )
    citation_after = blocks.CharBlock(label=_("Text after the address"), required=False, max_length=400)

    class Meta:
        icon = "link-external"
        label = _("Reference")


class ReferencesBlock(blocks.StructBlock):
    """The numbered list of sources a lesson relies on."""

    items = blocks.ListBlock(ReferenceBlock(), label=_("Sources"), min_num=1)

    class Meta:
        icon = "openquote"
        label = _("References")
        template = "blocks/references_block.html"


class LessonBodyBlock(blocks.StreamBlock):
    """The blocks a lesson is written with."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    key_facts = KeyFactsBlock()
    glossary = GlossaryTermBlock()
    table = TableBlock()
    references = ReferencesBlock()


class BodyBlock(blocks.StreamBlock):
    """The blocks allowed in the body of an ordinary page."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    callout = CalloutBlock()

    class Meta:
        block_counts = {}
