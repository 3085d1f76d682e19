"""A task for the RQ worker test (tests/scaleout/test_redis.py): no database, a visible return value."""

from django_tasks import task


@task()
def shout(word: str) -> str:
    return f"{word.upper()}!"
