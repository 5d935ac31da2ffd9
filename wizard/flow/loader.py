"""Load a flow file: hardened YAML, pydantic validation, then the cross-checks (`compiler.py`).

The result, `LoadedFlow`, holds the validated model plus every condition parsed and linked.
Every problem is reported as `path:line:col`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import ValidationError

from ..errors import WizardError
from .compiler import Compiler
from .files import read_bytes
from .loaded import LoadedFlow
from .located import Located, located_from_json, located_to_json
from .model import Flow
from .schema_errors import pydantic_problems
from .yamlsafe import parse_yaml


def load_flow_data(located: Located) -> LoadedFlow:
    """Validate already-parsed flow data; raises WizardError with every problem found."""
    if not isinstance(located.data, dict):
        raise WizardError(
            [
                located.problem(
                    (),
                    "a flow file must be a mapping with flow, texts, triage, sections ... at the top",
                    rule="schema/top-level",
                )
            ]
        )
    try:
        model = Flow.model_validate(located.data)
    except ValidationError as exc:
        raise WizardError(pydantic_problems(exc, located)) from None
    compiler = Compiler(model, located)
    flow = compiler.run()
    if compiler.problems:
        raise WizardError(sorted(compiler.problems, key=lambda p: (p.line, p.col)))
    from .translations import missing_translations

    flow.warnings = missing_translations(model, located)
    flow.located = located
    return flow


def _load_file(path: Path) -> LoadedFlow:
    """Parse (or take the parse from the disk cache when this file was read before), then validate."""
    from pydantic import VERSION

    from ..cache import stored

    raw = read_bytes(path)
    located = stored(
        "flow", raw, str(path), lambda: parse_yaml(raw, str(path)), located_to_json, located_from_json, VERSION
    )
    return load_flow_data(located)


@cache
def _load_cached(path: str, mtime_ns: int, size: int) -> LoadedFlow:
    return _load_file(Path(path))


def load_flow(path: Path | str) -> LoadedFlow:
    """Load a flow file once per process (reloaded when the file changes; see wizard/cache.py across runs)."""
    p = Path(path)
    try:
        stat = p.stat()
    except OSError:
        return _load_file(p)
    return _load_cached(str(p), stat.st_mtime_ns, stat.st_size)
