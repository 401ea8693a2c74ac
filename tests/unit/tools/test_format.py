import pytest

from advisor.tools.format import tokens, usd


@pytest.mark.parametrize("value, text", [
    (None, "—"), (0, "$0"), (2400, "$2,400"), (33.6, "$33.60"), (3.2, "$3.20"), (0.4, "$0.40"),
    (0.115, "$0.115"), (0.0272, "$0.0272"), (0.0024, "$0.0024"), (3.36e-05, "$0.0000336"),
])
def test_usd_is_readable_and_never_scientific(value, text):
    assert usd(value) == text


@pytest.mark.parametrize("value, text", [
    (None, "—"), (500, "500"), (2000, "2k"), (262144, "262k"), (1_000_000, "1M"),
])
def test_tokens(value, text):
    assert tokens(value) == text
