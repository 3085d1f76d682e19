"""What learning does when lower apps announce something (connected in `LearningConfig.ready`)."""

from .services import update_course_completion


def attempt_finished(sender, *, attempt, **kwargs) -> None:
    """A passed quiz or exam may complete its course."""
    if attempt.passed:
        update_course_completion(user=attempt.user, page=attempt.assessment.page)
