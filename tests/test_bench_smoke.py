"""Every script in bench/ still runs, at a tiny size, so that none rots between the times someone measures.

No timing is asserted here (figures are for the scripts' own output); what is checked is that each script
finishes and prints its figures, and the facts the scripts check themselves (every hostile upload refused
with nothing written). The scripts run as a person runs them, in a subprocess with the development settings,
on a copy of one SQLite file migrated and loaded with the demo once per run.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import database_template

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

#: Each script with the arguments of its tiny run, and a line its output must contain.
TINY_RUNS = {
    "audit_journey.py": ([], "audit entries for one trainee journey"),
    "bulk_verify.py": (["--certificates", "30"], "over the limit, refused): 0 rows answered"),
    "certificates.py": (["--count", "2"], "PDF (ReportLab, A4, QR): median"),
    "credentials.py": (["--rounds", "2", "--certificates", "300"], "status list regeneration at"),
    # The burst on the production layout, tiny: 3 trainees, SQLite, one in-process server, immediate tasks.
    "exam_burst.py": (["--tiny"], "counts as expected (3 attempts and grades, 3 passes = certificates): yes"),
    "curriculum_stats.py": (["site/demo/introduction-to-car-t"], "h computed ("),
    "hostile_uploads.py": (["--flood", "2100"], "GIFT, 2100 questions, check only"),
    "issuance.py": (["--database", "sqlite", "--count", "2"], "2 workers / 1 worker:"),
    "item_analysis.py": (["--responses", "30", "--questions", "3"], "item analysis: best"),
    "pages.py": (["--tiny"], "references skipped: tiny mode"),
    "password_hashing.py": (["--rounds", "1"], "PBKDF2 / default:"),
    "signed_pdf.py": (["--count", "2"], "embed + PAdES B-B sign (ECDSA P-256): median"),
    "verify_scale.py": (["--requests", "20"], "ratio 500/50 rows, cold: median"),
    "signed_in.py": (["--tiny"], "ms CPU/request"),
}


def bench_env(folder: Path, database: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    return {
        **env,
        "BENCH_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{database}",
        "CERTIFICATE_SIGNING_KEY_FILE": str(folder.parent / "signing.pem"),
    }


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own scripts, with the interpreter running the tests
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def prepared_database(django_db_setup, tmp_path_factory) -> Path:
    """One SQLite file, migrated and holding the demo without the curriculum, for the scripts to copy.

    Prepared once per run (every xdist worker that runs a script here copies the same file). It starts
    from the run's migrated test database when there is one (tests/database_template.py: the same
    migrations, whichever settings ran them), so `migrate` here only checks; the demo is loaded under the
    scripts' own development settings.
    """
    shared = database_template.shared_folder(tmp_path_factory)
    folder = shared / "bench"
    database = folder / "prepared.sqlite3"
    with database_template.locked(shared):
        if not database.exists():
            folder.mkdir(exist_ok=True)
            partial = folder / "prepared.partial"
            migrated = database_template.snapshot(database_template.MIGRATED)
            if migrated is not None:
                shutil.copyfile(migrated, partial)
            code = (
                "import sys; sys.path.insert(0, 'bench'); import harness; harness.start('prepared');"
                "from django.core.management import call_command; call_command('migrate', verbosity=0);"
                "from demo.loader import load_demo; load_demo(curriculum=False)"
            )
            done = run(["-c", code], bench_env(folder / "prepared", partial))
            assert done.returncode == 0, done.stderr[-3000:]
            partial.rename(database)
    return database


def test_every_bench_script_has_a_tiny_run_here():
    scripts = {path.name for path in BENCH.glob("*.py") if path.name != "harness.py"}
    assert scripts == set(TINY_RUNS), "add the new bench script to TINY_RUNS with a tiny size"


@pytest.mark.parametrize("script", sorted(TINY_RUNS))
def test_bench_script_runs_at_a_tiny_size(script, prepared_database, tmp_path):
    arguments, expected = TINY_RUNS[script]
    database = tmp_path / "bench.sqlite3"
    shutil.copyfile(prepared_database, database)
    env = bench_env(tmp_path / "files", database)
    env["CERTIFICATE_SIGNING_KEY_FILE"] = str(prepared_database.parent / "signing.pem")  # the demo's key

    done = run([str(BENCH / script), *arguments], env)

    assert done.returncode == 0, f"{script} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    assert expected in done.stdout, done.stdout[-2000:]
    if script == "hostile_uploads.py":
        refusals = [line for line in done.stdout.splitlines() if line.startswith(("package, ", "GIFT, "))]
        refused = [line for line in refusals if "reference" not in line]
        assert len(refused) == 8
        assert all(line.split()[-2:] == ["yes", "yes"] for line in refused), "\n".join(refused)
