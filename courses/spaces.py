"""Publisher spaces: each university or training centre edits only its own part of the catalog.

`ensure_publisher_space(organization)` creates, once and idempotently:

* a `ProviderPage` under the catalog in every locale that has one (the translations share a key);
* two Wagtail groups, "<name>: editors" and "<name>: reviewers", with page permissions on those pages
  only (editors add and edit; reviewers also publish), access to the admin, the assessment models and
  the organisation's own image and document collection;
* a workflow on the space in which the reviewers group must approve before anything is published, named
  in the default language (`review_names`).

`sync_member_groups(user)` puts a person in the groups their memberships call for (and takes them out of
the groups of spaces they no longer edit or review); it runs whenever a membership changes.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from people.api import Membership

from .models import CourseIndexPage, ProviderPage, PublisherSpace

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", ("add_image", "change_image", "choose_image")),
    ("wagtaildocs", ("add_document", "change_document", "choose_document")),
)
# Model permissions both groups need to maintain their banks and quizzes; which rows they see is limited
# to their organisation's (see assessments.wagtail_hooks).
MODEL_PERMISSIONS = (
    ("wagtailadmin", ("access_admin",)),
    ("assessments", ("add_questionbank", "change_questionbank", "view_questionbank")),
    ("assessments", ("add_question", "change_question", "view_question")),
    ("assessments", ("add_assessment", "change_assessment", "view_assessment")),
)
# Only reviewers publish: an editor's change to a live quiz is a draft until a reviewer approves it.
REVIEWER_MODEL_PERMISSIONS = (("assessments", ("publish_assessment", "publish_question")),)
SPACE_ROLES = {"editor": "editors", "reviewer": "reviewers"}


def _permissions(app_label: str, codenames) -> list[Permission]:
    return list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def _space_pages(organization) -> list[ProviderPage]:
    """The space's page in every locale with a catalog, created when missing (ru first, then translations)."""
    catalogs = {catalog.locale_id: catalog for catalog in CourseIndexPage.objects.all().order_by("path")}
    pages = {page.locale_id: page for page in ProviderPage.objects.filter(organization=organization)}
    default = Locale.get_default()
    ordered = sorted(catalogs.values(), key=lambda catalog: catalog.locale_id != default.pk)
    source = None
    for catalog in ordered:
        page = pages.get(catalog.locale_id)
        if page is None:
            language = catalog.locale.language_code
            title = organization.name_en if language == "en" else organization.name_ru
            fields = {
                "title": title,
                "slug": organization.slug,
                "organization": organization,
                "locale": catalog.locale,
            }
            if source is not None:
                fields["translation_key"] = source.translation_key
            page = ProviderPage(**fields)
            slug = organization.slug
            taken = set(Page.objects.child_of(catalog).values_list("slug", flat=True))
            suffix = 2
            while page.slug in taken:
                page.slug = f"{slug}-{suffix}"
                suffix += 1
            catalog.add_child(instance=page)
            page.save_revision().publish()
            pages[catalog.locale_id] = page
        source = source or page
    return list(pages.values())


def _group(organization, label: str, role: str, existing: Group | None) -> Group:
    """The space's group for `role`; its name carries the organisation's slug, so it is never shared."""
    if existing is not None:
        return existing
    suffix = f" ({organization.slug}): {role}"
    group, _created = Group.objects.get_or_create(name=label[: 150 - len(suffix)] + suffix)
    return group


def review_names(organization) -> tuple[str, str]:
    """The names of a space's review workflow and its approval task. They are data, kept as created, so
    they are written in the project's default language (Russian), with the organisation's name in it."""
    label = organization.name_ru or organization.name_en
    with translation.override(settings.LANGUAGE_CODE):
        workflow = gettext("%(organisation)s: review before publishing") % {"organisation": label}
        task = gettext("%(organisation)s: reviewer approval") % {"organisation": label}
    return workflow[:255], task[:255]


@transaction.atomic
def ensure_publisher_space(organization) -> PublisherSpace | None:
    """Create what a publisher needs to edit its own courses; return None for non-publishers."""
    if not organization.is_publisher:
        return None
    space = PublisherSpace.objects.filter(organization=organization).first()
    label = organization.name_en or organization.name_ru
    editors = _group(organization, label, "editors", space.editors if space else None)
    reviewers = _group(organization, label, "reviewers", space.reviewers if space else None)
    if space:
        collection = space.collection
    else:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        collection = root.add_child(name=f"{label} ({slugify(organization.slug)})")
    if space:
        workflow = space.workflow
    else:
        workflow_name, task_name = review_names(organization)
        workflow = Workflow.objects.create(name=workflow_name)
        task = GroupApprovalTask.objects.create(name=task_name)
        task.groups.set([reviewers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if space is None:
        space = PublisherSpace.objects.create(
            organization=organization,
            editors=editors,
            reviewers=reviewers,
            collection=collection,
            workflow=workflow,
        )

    pages = _space_pages(organization)
    for group, codenames in ((editors, EDITOR_PAGE_PERMISSIONS), (reviewers, REVIEWER_PAGE_PERMISSIONS)):
        for app_label, model_codenames in MODEL_PERMISSIONS + (
            REVIEWER_MODEL_PERMISSIONS if group == reviewers else ()
        ):
            group.permissions.add(*_permissions(app_label, model_codenames))
        for permission in _permissions("wagtailcore", codenames):
            for page in pages:
                GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
        for app_label, collection_codenames in COLLECTION_PERMISSIONS:
            for permission in _permissions(app_label, collection_codenames):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return space


def sync_member_groups(user) -> None:
    """Match a person's space groups to their editor and reviewer memberships."""
    wanted: set[int] = set()
    for membership in Membership.objects.filter(user=user, role__in=SPACE_ROLES).select_related(
        "organization__publisher_space"
    ):
        space = getattr(membership.organization, "publisher_space", None)
        if space is not None:
            wanted.add(getattr(space, f"{SPACE_ROLES[membership.role]}_id"))
    managed = set(PublisherSpace.objects.values_list("editors_id", flat=True)) | set(
        PublisherSpace.objects.values_list("reviewers_id", flat=True)
    )
    current = set(user.groups.filter(pk__in=managed).values_list("pk", flat=True))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))


def space_page_for(organization, locale) -> ProviderPage | None:
    return ProviderPage.objects.filter(organization=organization, locale=locale).first()


def organization_id_of(page) -> int | None:
    """The organisation whose space holds `page` (None outside every space). One query."""
    return (
        ProviderPage.objects.ancestor_of(page, inclusive=True)
        .values_list("organization_id", flat=True)
        .first()
    )
