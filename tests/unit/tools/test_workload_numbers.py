"""Every number of a workload refuses true/false (JSON callers would otherwise get 1 or 0)."""

import typing

import pytest
from pydantic import ValidationError

from advisor.tools.workload import Workload


def _numeric_fields() -> list[str]:
    out = []
    for name, info in Workload.model_fields.items():
        args = set(typing.get_args(info.annotation)) or {info.annotation}
        if args & {int, float} and bool not in args:
            out.append(name)
    return out


def test_the_numeric_fields_are_found() -> None:
    assert {"requests", "input_tokens", "monthly_budget_usd", "cached_input_share",
            "max_parameters_b"} <= set(_numeric_fields())


@pytest.mark.parametrize("field", _numeric_fields())
@pytest.mark.parametrize("flag", [True, False])
def test_a_boolean_is_not_a_number(field: str, flag: bool) -> None:
    with pytest.raises(ValidationError, match=f"expected a number, got {str(flag).lower()}"):
        Workload(**{field: flag})


@pytest.mark.parametrize(("field", "value"), [("requests", "5000"), ("input_tokens", 1200),
                                              ("monthly_budget_usd", 99.5),
                                              ("cached_input_share", 0)])
def test_numbers_and_numeric_strings_still_pass(field: str, value: object) -> None:
    assert getattr(Workload(**{field: value}), field) == float(value)  # type: ignore[arg-type]
