"""A custom import-linter contract: across apps, import only the other app's `api` module.

Used by `[tool.importlinter]` in pyproject.toml (run by `make test` and tests/test_architecture.py).
"""

from __future__ import annotations

from importlinter import Contract, ContractCheck, fields, output


class PublicApiContract(Contract):
    """Each app is imported by other apps only through `<app>.api` (plus the listed shared modules).

    Options: `apps` (the project's apps), `shared_modules` (modules any app may import, such as the shared
    block library), `exempt_importers` (apps allowed to import anything: the demo loader and the wiring).
    Migrations are not checked: Django writes them, and they name the block classes they store.
    """

    type_name = "public_api"

    apps = fields.ListField(subfield=fields.StringField())
    shared_modules = fields.ListField(subfield=fields.StringField(), required=False)
    exempt_importers = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph, verbose: bool) -> ContractCheck:
        apps = set(self.apps)  # type: ignore[arg-type]
        shared = set(self.shared_modules or [])  # type: ignore[arg-type]
        exempt = set(self.exempt_importers or [])  # type: ignore[arg-type]
        violations = []
        for importer in sorted(graph.modules):
            app = importer.split(".")[0]
            if app not in apps or app in exempt or ".migrations" in importer:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                other = imported.split(".")[0]
                if other not in apps or other == app or imported in shared:
                    continue
                if imported == f"{other}.api" or imported.startswith(f"{other}.api."):
                    continue
                line = graph.get_import_details(importer=importer, imported=imported)
                violations.append((importer, imported, line[0]["line_number"] if line else 0))
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, line in check.metadata["violations"]:
            output.print_error(f"{importer}:{line} imports {imported} (import {imported.split('.')[0]}.api)")
            output.new_line()
