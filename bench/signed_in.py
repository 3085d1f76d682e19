#!/usr/bin/env python
"""CPU time per request of the pages a signed-in, enrolled trainee opens, measured in-process.

Run: .venv/bin/python bench/signed_in.py [--requests 300]
     .venv/bin/python bench/signed_in.py --tiny     (3 requests per page: the smoke test's size)

On a throwaway database (under var/bench/, or the one DATABASE_URL names) with the demo content, a trainee
enrolled in the demo course, with half its lessons confirmed, asks Django's test client (DEBUG off, the
file cache of the production settings under the bench folder) for the course page, a lesson and a module
page: two warm-up requests, then --requests timed ones. What is reported is the CPU time of this process per
request (`time.process_time`, so the load of a shared machine weighs less than in wall time) and the
queries per request. Run it on two checkouts to compare; the ratio is what to read, not the milliseconds.
"""

import argparse
import os
import secrets
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--tiny", action="store_true", help="3 requests per page")
    args = parser.parse_args()
    count = 3 if args.tiny else args.requests

    os.environ.setdefault("DEBUG", "false")
    bench_dir = os.environ.get("BENCH_DIR") or str(harness.ROOT / "var" / "bench")
    os.environ.setdefault("VAR_DIR", os.path.join(bench_dir, "signed-in-var"))  # its file cache
    harness.start("signed_in")

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    from courses.models import CoursePage, LessonPage
    from demo.loader import load_demo

    if not CoursePage.objects.filter(slug="vvedenie-v-car-t").exists():
        load_demo(curriculum=False)
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from learning.models import Enrolment
    from learning.services import complete_lesson, enrol, record_visit

    course = CoursePage.objects.get(locale__language_code="ru", slug="vvedenie-v-car-t")
    user, _created = get_user_model().objects.get_or_create(
        email="bench-signed-in@example.org", defaults={"full_name": "Бенч Тест"}
    )
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save()
    enrol(user=user, course=course)
    enrolment = Enrolment.objects.get(user=user, course_key=course.translation_key)
    lessons = list(LessonPage.objects.descendant_of(course).live().order_by("path"))
    for lesson in lessons[: len(lessons) // 2]:
        if not lesson.is_sop:
            record_visit(enrolment=enrolment, lesson=lesson)
            complete_lesson(user=user, lesson=lesson, secret=password)
    cache.clear()

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    pages = {
        "course": course.url,
        "lesson": lessons[len(lessons) // 2].url,
        "module": lessons[len(lessons) // 2].get_parent().url,
    }
    print(f"signed-in, enrolled trainee; {count} requests per page, CPU time of this process")
    for name, path in pages.items():
        for _ in range(2):
            assert client.get(path).status_code == 200, path
        queries: list[str] = []

        def counted(execute, sql, params, many, context, log=queries):
            log.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            client.get(path)
        started = time.process_time()
        for _ in range(count):
            response = client.get(path)
        spent = time.process_time() - started
        assert response.status_code == 200, path
        print(f"{name:7} {spent / count * 1000:7.2f} ms CPU/request  {len(queries):3d} queries  {path}")


if __name__ == "__main__":
    main()
