"""Question kinds: one class per question type, registered by name (see `base.QuestionKind`).

To add a kind: write a module here with a `@register`ed `QuestionKind` subclass and import it below; add
its template fragment `assessments/templates/assessments/kinds/<name>.html`; translate its label in
site/locale; run `makemigrations` (the kind is a new choice of `QuestionVersion.kind` and a new block of
the question editor). The import order is the order of the model's choices and of the editor's menu.
"""

from . import registry
from .base import LEFT_OUT, QuestionKind
from .registry import get, register, unregister

# isort: off
# The built-in kinds: importing a module registers its kind, and this order is the model's choices' order.
from . import single, multiple, truefalse, short, numeric, ordering, matching, missing_word  # noqa: F401
# isort: on

__all__ = ["LEFT_OUT", "QuestionKind", "get", "register", "registry", "unregister"]
