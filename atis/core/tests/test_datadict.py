from atis.core.datadict import render
from scripts.messages import ROOT


def test_data_dictionary_in_docs_matches_the_models():
    committed = (ROOT / "docs" / "data-dictionary.md").read_text()
    assert committed == render(), "run `atis data-dictionary` and commit docs/data-dictionary.md"


def test_encrypted_columns_are_marked_as_such():
    text = render()
    assert "| `given_name` | text | encrypted |" in text
    assert "| `date_of_birth` | date | encrypted |" in text
    assert "| `digest` | char | index |" in text
