"""What other apps may use of courses: the page models, a course's structure, publisher spaces, one hook.

Page context hook: `PAGE_CONTEXT_HOOK` ("courses_page_context"). A higher app that shows something of its
own on course pages (learning: progress, enrolment, the trainee's place) registers a function with
`wagtail.hooks.register(PAGE_CONTEXT_HOOK)`; it is called as `fn(page=, request=, context=)` by every
course page's `get_context` (catalog, course, module, lesson, learning path) and returns a dict merged into
the context. Courses never imports the apps that add to it.

Course packages: the reading and import of package quizzes is the assessments app's, through the hooks
documented in `courses/packages/__init__.py`; the package types it needs are exported here.
"""

from .models import (
    CourseIndexPage,
    CoursePage,
    CourseVersion,
    GlossaryPage,
    JobRole,
    LearningPathCourse,
    LearningPathPage,
    LessonPage,
    ModulePage,
    ProviderPage,
    PublisherSpace,
    Topic,
)
from .packages import CITATION, LANGUAGES, CourseSpec, ImportSummary, ModuleSpec, Problem, QuizSpec
from .pagecontext import PAGE_CONTEXT_HOOK
from .services import (
    CourseOutline,
    LessonItem,
    ModuleItem,
    SourceFinder,
    SourceLink,
    SourceSection,
    course_of,
    course_structure,
    localized_courses,
    major_versions,
    percent,
    retraining_due,
    sections_citing,
    source_links,
)
from .spaces import organization_id_of, space_page_for

__all__ = [
    "CITATION",
    "LANGUAGES",
    "PAGE_CONTEXT_HOOK",
    "CourseSpec",
    "ImportSummary",
    "ModuleSpec",
    "Problem",
    "QuizSpec",
    "CourseIndexPage",
    "CourseOutline",
    "CoursePage",
    "GlossaryPage",
    "JobRole",
    "LearningPathCourse",
    "LearningPathPage",
    "LessonItem",
    "LessonPage",
    "ModuleItem",
    "ModulePage",
    "ProviderPage",
    "PublisherSpace",
    "Topic",
    "course_of",
    "course_structure",
    "localized_courses",
    "major_versions",
    "retraining_due",
    "SourceFinder",
    "sections_citing",
    "source_links",
    "SourceLink",
    "SourceSection",
    "CourseVersion",
    "organization_id_of",
    "percent",
    "space_page_for",
]
