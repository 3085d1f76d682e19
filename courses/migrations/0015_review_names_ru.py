"""Review workflows and tasks named in Russian, the default language (issue 15).

Workflow and task names are data: this renames only the rows that still carry an old English default
name, and leaves every name someone has chosen as it is:

- Wagtail's default workflow and task "Moderators approval" (created by Wagtail's own migration) →
  «Одобрение модераторами»;
- a publisher space's "<English or Russian organisation name>: review before publishing" workflow and its
  "<…>: reviewer approval" task → «<Russian organisation name>: проверка перед публикацией» and
  «<…>: одобрение рецензентом», the names `courses.spaces.review_names` now gives new spaces.

The Russian text is written out here (a migration must not depend on the translation catalogue).
"""

from django.db import migrations

MODERATORS_EN = "Moderators approval"
MODERATORS_RU = "Одобрение модераторами"


def rename(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    PublisherSpace = apps.get_model("courses", "PublisherSpace")

    Workflow.objects.filter(name=MODERATORS_EN).update(name=MODERATORS_RU)
    Task.objects.filter(name=MODERATORS_EN).update(name=MODERATORS_RU)

    for space in PublisherSpace.objects.select_related("organization", "workflow"):
        organization = space.organization
        old = organization.name_en or organization.name_ru
        new = organization.name_ru or organization.name_en
        if space.workflow.name == f"{old}: review before publishing"[:255]:
            space.workflow.name = f"{new}: проверка перед публикацией"[:255]
            space.workflow.save(update_fields=["name"])
        task_ids = WorkflowTask.objects.filter(workflow=space.workflow).values("task_id")
        Task.objects.filter(pk__in=task_ids, name=f"{old}: reviewer approval"[:255]).update(
            name=f"{new}: одобрение рецензентом"[:255]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0014_verbose_names_ru"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
