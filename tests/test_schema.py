"""The JSON Schema editors use: shipped with the package, and true to the validator."""

from __future__ import annotations

import json
import os

import jsonschema
import pytest
import yaml

from tests.support.cli import REPO, csreview

SHIPPED = REPO / "generator" / "review.schema.json"


@pytest.mark.slow
def test_shipped_schema_matches_the_content() -> None:
    """Update with: UPDATE_GOLDEN=1 ./scripts/test tests/test_schema.py"""
    result = csreview("schema")
    assert result.returncode == 0, result.stderr
    if os.environ.get("UPDATE_GOLDEN"):
        SHIPPED.write_text(result.stdout, encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(SHIPPED.read_text(encoding="utf-8"))


def leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The specific errors inside an anyOf (optional fields are `X or null`)."""
    if not error.context:
        return [error]
    return [leaf for sub in error.context for leaf in leaves(sub)]


def test_schema_accepts_the_example_and_rejects_what_check_rejects() -> None:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((REPO / "reviews" / "example").glob("20*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        # JSON has no dates: editors see YAML dates as strings.
        text = json.loads(json.dumps(data, default=str))
        assert list(validator.iter_errors(text)) == [], path.name
    bad = {"domains": {"target": {"level-1": {"referral": {"findings": [
        {"rating": "gren", "text": "x", "colour": "red"}]}}}}}
    messages = [leaf.message for e in validator.iter_errors(bad) for leaf in leaves(e)]
    assert any("'gren' is not one of" in m for m in messages)
    assert any("'colour' was unexpected" in m for m in messages)


UPDATES = REPO / "generator" / "update.schema.json"


@pytest.mark.slow
def test_shipped_update_schema_matches_the_content() -> None:
    """Update with: UPDATE_GOLDEN=1 ./scripts/test tests/test_schema.py"""
    result = csreview("schema", "--updates")
    assert result.returncode == 0, result.stderr
    if os.environ.get("UPDATE_GOLDEN"):
        UPDATES.write_text(result.stdout, encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(UPDATES.read_text(encoding="utf-8"))


def test_update_schema_accepts_the_examples_update_and_rejects_what_check_rejects() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(UPDATES.read_text("utf-8")))
    files = sorted((REPO / "reviews").glob("*/updates/*.yaml"))
    files += sorted((REPO / "tests" / "fixtures" / "updates").rglob("updates/*.yaml"))
    assert len(files) >= 4
    for path in files:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))
        assert list(validator.iter_errors(data)) == [], path
    bad = {"meting": "Board", "actions": {"Train Staff": {"status": "finished", "notes": "x"}}}
    messages = [leaf.message for e in validator.iter_errors(bad) for leaf in leaves(e)]
    assert any("'finished' is not one of" in m for m in messages)
    assert any("'notes' was unexpected" in m for m in messages)
    assert any("'meting' was unexpected" in m for m in messages)
    assert any("'Train Staff' does not match" in m for m in messages)
    assert list(validator.iter_errors({"actions": {}})), "an update names at least one action"


def test_review_schema_knows_targets() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(SHIPPED.read_text("utf-8")))
    point = {"target": "amber/red", "findings": [{"rating": "red", "text": "x"}]}
    assert list(validator.iter_errors({"domains": {"target": {"level-1": {
        "referral": point}}}})) == []
    point["target"] = "purple"
    assert list(validator.iter_errors({"domains": {"target": {"level-1": {
        "referral": point}}}}))
