"""Kiosk settings for the clinic's IT person: a YAML file, environment variables, then command-line flags.

Each later source overrides the earlier one field by field, and a bad value is reported
where it came from: `file:line:col` for the file, the variable's or flag's name otherwise.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import Problem, WizardError
from .pin import parse_hash

ENV_PREFIX = "WIZARD_KIOSK_"
CONFIG_ENV = "WIZARD_KIOSK_CONFIG"
_KEY = re.compile(r"^[a-z0-9_]+(\+[a-z0-9_]+)*$")


class KioskConfig(BaseModel):
    """Everything a kiosk can be told; the defaults suit a waiting room."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    idle_timeout: float = Field(90.0, gt=0, le=3600, description="seconds without input before the warning")
    idle_warning: float = Field(20.0, gt=0, le=600, description="seconds the warning counts down before the reset")
    lang: str | None = Field(None, description="language each visitor starts in (default: the flow's first)")
    theme: Literal["default", "high-contrast"] = "default"
    staff_pin_hash: str | None = Field(None, description="from `wizard kiosk-pin`; without it staff exit is off")
    staff_chord: str = Field("ctrl+k ctrl+k ctrl+k", description="keys, in order, that open the staff PIN prompt")
    staff_chord_seconds: float = Field(3.0, gt=0, le=30, description="the chord must be pressed within this time")
    qr_code: bool = Field(True, description="show a QR code of the take-home summary on the results screen")
    print_command: list[str] | None = Field(None, description="argv of a printer command fed the summary on stdin")
    log_file: str | None = Field(None, description="where incidents are appended (no patient data)")

    @field_validator("staff_pin_hash")
    @classmethod
    def _pin_hash(cls, value: str | None) -> str | None:
        if value is not None:
            parse_hash(value)
        return value

    @field_validator("staff_chord")
    @classmethod
    def _chord(cls, value: str) -> str:
        keys = value.split()
        if len(keys) < 2 or not all(_KEY.match(key) for key in keys):
            raise ValueError('two or more key names separated by spaces, for example "ctrl+k ctrl+k ctrl+k"')
        return " ".join(keys)

    @field_validator("print_command")
    @classmethod
    def _command(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and not value:
            raise ValueError("an empty command; leave print_command out to turn printing off")
        return value

    @property
    def chord(self) -> list[str]:
        return self.staff_chord.split()


FIELDS = frozenset(KioskConfig.model_fields)


def _from_env(env: Mapping[str, str]) -> dict[str, tuple[Any, str]]:
    """Field values from WIZARD_KIOSK_* variables, each with the variable's name."""
    values: dict[str, tuple[Any, str]] = {}
    for name in FIELDS:
        variable = ENV_PREFIX + name.upper()
        if variable in env:
            raw = env[variable]
            values[name] = (shlex.split(raw) if name == "print_command" else raw, variable)
    return values


def load_config(
    path: Path | None = None, env: Mapping[str, str] | None = None, flags: Mapping[str, tuple[Any, str]] | None = None
) -> KioskConfig:
    """Merge file, environment and flags (each `field: (value, flag name)`); raises WizardError."""
    from ..flow.located import Located
    from ..flow.schema_errors import pydantic_problems
    from ..flow.yamlsafe import read_yaml

    env = env if env is not None else {}
    if path is None and env.get(CONFIG_ENV):
        path = Path(env[CONFIG_ENV])
    located: Located | None = None
    data: dict[str, Any] = {}
    if path is not None:
        located = read_yaml(path, max_bytes=64_000)
        if not isinstance(located.data, dict):
            raise WizardError(
                [
                    located.problem(
                        (), "a kiosk config is a mapping of settings, for example idle_timeout: 90", rule="kiosk/shape"
                    )
                ]
            )
        data = dict(located.data)
    if located is not None:
        try:
            KioskConfig.model_validate(data)
        except ValidationError as exc:
            problems = pydantic_problems(exc, located, field_names=FIELDS)
            raise WizardError(sorted(problems, key=lambda p: (p.line, p.col))) from None
    origin: dict[str, str] = {}
    for source in (_from_env(env), dict(flags or {})):
        for name, (value, where) in source.items():
            data[name] = value
            origin[name] = where
    try:
        return KioskConfig.model_validate(data)
    except ValidationError as exc:
        raise WizardError(
            Problem(
                f"{origin.get(str(e['loc'][0]), 'kiosk config') if e['loc'] else 'kiosk config'}: "
                f"{e['msg'].removeprefix('Value error, ')}",
                rule="kiosk/invalid",
            )
            for e in exc.errors()
        ) from None
