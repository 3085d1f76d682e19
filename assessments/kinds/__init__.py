"""Question kinds: one class per question type, registered by name (see `base.QuestionKind`).

To add a kind, write a module here with a registered `QuestionKind` subclass, import it below, and give it
a template fragment `assessments/templates/assessments/kinds/<name>.html`. The import order is the order
of the model's choices and of the editor's menu.
"""

from . import registry
from .base import LEFT_OUT, QuestionKind
from .registry import get, register, unregister

from . import single, multiple, truefalse, short, numeric, ordering, matching, missing_word  # noqa: E402, F401, I001  isort: skip

__all__ = ["LEFT_OUT", "QuestionKind", "get", "register", "registry", "unregister"]
