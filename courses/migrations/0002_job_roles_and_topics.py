from django.db import migrations

from courses.roles import ensure_job_roles, ensure_topics


def forwards(apps, schema_editor):
    ensure_job_roles(apps.get_model("courses", "JobRole"))
    ensure_topics(apps.get_model("courses", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
