"""``drafter schema``: the JSON Schema of each JSON output, which real output validates against."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from drafter.cli import SCHEMAS, app

from .conftest import EXAMPLES

runner = CliRunner()


def _schema(what: str) -> dict[str, object]:
    result = runner.invoke(app, ["schema", what])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("what", sorted(SCHEMAS))
def test_every_schema_is_a_valid_json_schema(what: str) -> None:
    schema = _schema(what)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object" and schema["properties"]


def test_a_real_draft_and_parse_validate_against_their_schemas(writable_store: Path) -> None:
    drafted = runner.invoke(app, ["draft", str(EXAMPLES / "zh_talent_yi.txt"), "--store",
                                  str(writable_store), "--json"])
    assert drafted.exit_code == 0, drafted.output
    draft = json.loads(drafted.output)
    jsonschema.validate(draft, _schema("draft"))
    jsonschema.validate(draft["proposal"], _schema("parse"))
    broken = dict(draft, sections="not a list")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, _schema("draft"))


def test_the_default_is_the_draft_and_an_unknown_name_is_bad_input() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0 and json.loads(result.output)["title"] == "DraftReply"
    unknown = runner.invoke(app, ["schema", "nope"])
    assert unknown.exit_code == 2 and "no schema 'nope'" in unknown.output
