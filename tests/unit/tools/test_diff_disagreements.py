"""The capability diff marks values the listings dispute and says whose word is used."""

from advisor.tools.capabilities import diff_capabilities


def test_diff_marks_only_values_the_listings_dispute(installed):
    diff = diff_capabilities(["gpt-5", "claude-sonnet-4-5"])
    rows = {r.attribute: r for r in diff.rows}
    assert rows["context_window"].values == {"GPT-5": "400k ⚠", "Claude Sonnet 4.5": "200k ⚠"}
    assert rows["vision"].values["Claude Sonnet 4.5"] == "Yes"  # every listing reads images
    assert rows["pdf_input"].values["GPT-5"] == "No ⚠"  # some resellers say PDF
    assert any(d.startswith("Claude Sonnet 4.5 — Context window: the maker's own route")
               for d in diff.disagreements)
    assert "**Listings disagree** (⚠)" in diff.to_markdown()
