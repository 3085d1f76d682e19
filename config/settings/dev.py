"""The embedded default: SQLite under var/, emails printed to the console, tasks run by the database worker
(`make run` starts it with the scheduler; TASKS_BACKEND=immediate runs them inside the request instead)."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
# A fixed key for local use only; production refuses to start without its own.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105

VAR_DIR.mkdir(parents=True, exist_ok=True)
