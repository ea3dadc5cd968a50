"""Pydantic models of the review file format, built from the framework's identifiers.

The models are made at run time from ``content/framework.yaml`` so that identifiers live
in content, yet validation and the JSON Schema for editors come from one place.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, create_model

from ..source.validation import KEY_KIND
from .base import StrictModel
from .framework import SLUG, Framework


def _date_only(value: Any) -> Any:
    # Lax pydantic would read a number as seconds since 1970; a typed "20250630" is a mistake.
    if isinstance(value, bool | int | float):
        raise ValueError(f"found the number {value}; expected a date written like 2025-06-30")
    return value


def _edition_text(value: Any) -> Any:
    # `framework: 2024` without quotes is what people type; it means the edition "2024".
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Day = Annotated[date, BeforeValidator(_date_only)]
Text = Annotated[str, Field(min_length=1)]
# `accept:` lists phrases the author has checked and wants published as written, so the
# publishing checks (generator/publishing.py) stop flagging them here.
Accept = tuple[Text, ...]
_ACCEPT_HELP = ("Phrases the publishing checks flagged that the author has checked and "
                "wants published as written (matched ignoring case).")


def _literal(ids: list[str]) -> Any:
    return Literal[tuple(ids)]


def _any_case(ids: list[str]) -> Any:
    """One of ``ids``, in any letter case: the printed sheets show ratings and statuses
    capitalised ("Amber/Red", "In-progress"), and typed as printed they mean the same
    (review-format.md, "Ratings and statuses in any letter case"). A value that is none of
    them in any case is left as typed, so the message quotes what the author wrote."""
    known = frozenset(ids)

    def fold(value: Any) -> Any:
        if isinstance(value, str) and value.lower() in known:
            return value.lower()
        return value

    return Annotated[_literal(ids), BeforeValidator(fold)]




def _field_name(ident: str) -> str:
    return ident.replace("-", "_")


def _keyed_model(name: str, kind: str, fields: dict[str, Any], doc: str) -> type[BaseModel]:
    """A model whose keys are framework identifiers (hyphens kept through aliases)."""
    spec: dict[str, Any] = {
        _field_name(key): (annotation, Field(default=None, alias=key))
        for key, annotation in fields.items()
    }
    model = create_model(name, __base__=StrictModel, __doc__=doc, **spec)
    setattr(model, KEY_KIND, kind)
    return model


def _many(item: Any) -> Any:
    """``tuple[item, ...]`` for a type made at run time (static checkers cannot see it)."""
    return tuple[item, ...]


def _by_id(item: Any) -> Any:
    """``dict[str, item]``, likewise."""
    return dict[str, item]


class ReviewModels:
    """The input models for one framework. Attributes are models made at run time, so
    static type checkers see them as ``Any``."""

    Action: Any
    Finding: Any
    Point: Any
    Level: Any
    Values: Any
    Domain: Any
    Domains: Any
    Review: Any
    Area: Any
    ActionUpdate: Any
    Update: Any

    def __init__(self, fw: Framework) -> None:
        self.framework = fw
        status = _any_case(fw.ids("statuses"))
        methods = _many(_literal(fw.ids("evidence_methods")))
        audience: Any = _literal(fw.ids("audiences")) | None
        edition: Any = Annotated[_literal(fw.ids("editions")) | None,
                                 BeforeValidator(_edition_text)]
        self.Action = create_model(
            "Action", __base__=StrictModel,
            __doc__="One action agreed to move a rating on or to sustain it.",
            text=(Text, Field(description="What will be done (Markdown).")),
            id=(str | None, Field(default=None, pattern=SLUG,
                description="A lowercase-hyphen slug, unique within the area; keeps the "
                            "action's identity from one review to the next.")),
            lead=(str | None, Field(default=None, description="Person or role who leads.")),
            agency=(str | None, Field(default=None)),
            due=(Day | None, Field(default=None, description="Due date, YYYY-MM-DD.")),
            status=(status, Field(default=fw.default_status)),
            note=(str | None, Field(default=None, description="Progress update (Markdown).")),
            internal=(bool, Field(default=False,
                      description="true keeps this action out of public builds.")),
            accept=(Accept, Field(default=(), description=_ACCEPT_HELP)),
        )
        setattr(self.Action, KEY_KIND, "action key")
        self.Finding = create_model(
            "Finding", __base__=StrictModel, __doc__="One finding at a system point.",
            rating=(_any_case(fw.ids("ratings")), Field(description="The finding's rating.")),
            text=(Text, Field(description="What the group found (Markdown).")),
            evidence=(methods, Field(default=())),
            internal=(bool, Field(default=False)),
            actions=(_many(self.Action), Field(default=())),
            accept=(Accept, Field(default=(), description=_ACCEPT_HELP)),
        )
        setattr(self.Finding, KEY_KIND, "finding key")
        self.Point = create_model(
            "SystemPoint", __base__=StrictModel, __doc__="Findings at one system point.",
            overall=(_any_case(fw.overall_options()) | None, Field(default=None,
                     description="Overall rating; derived from the findings when missing.")),
            target=(_any_case(fw.overall_options()) | None, Field(default=None,
                    description="The overall rating aimed for by the next review.")),
            findings=(_many(self.Finding), Field(min_length=1)),
        )
        setattr(self.Point, KEY_KIND, "system point key")
        self.Level = _keyed_model(
            "Level", "system point", {p: self.Point | None for p in fw.ids("system_points")},
            "System points reviewed at this level; a missing one is not reviewed.",
        )
        self.Values = _keyed_model(
            "ValuesReflections", "value", {v: Text | None for v in fw.ids("values")},
            "Values Checker reflections for this domain, by value (Markdown).",
        )
        domain_fields: dict[str, Any] = {lv: self.Level | None for lv in fw.ids("levels")}
        domain_fields["values"] = self.Values | None
        self.Domain = _keyed_model(
            "Domain", "level", domain_fields,
            "Levels reviewed in this domain; a missing one is not reviewed.",
        )
        self.Domains = _keyed_model(
            "Domains", "domain", {d: self.Domain | None for d in fw.ids("domains")},
            "Domains reviewed; a missing one is not reviewed.",
        )
        self.Review = create_model(
            "Review", __base__=StrictModel, __doc__="One system review session.",
            framework=(edition, Field(default=None)),
            title=(str | None, Field(default=None)),
            audience=(audience, Field(default=None)),
            facilitators=(tuple[str, ...], Field(default=())),
            participants=(tuple[str, ...], Field(default=())),
            methods=(methods, Field(default=())),
            summary=(str | None, Field(default=None)),
            accept=(Accept, Field(default=(), description=_ACCEPT_HELP)),
            domains=(self.Domains, Field(default_factory=self.Domains)),
        )
        setattr(self.Review, KEY_KIND, "review key")
        self.Area = create_model(
            "Area", __base__=StrictModel, __doc__="An area's area.yaml.",
            name=(Text, Field(description="Display name of the area.")),
            partnership=(str | None, Field(default=None)),
            audience=(_literal(fw.ids("audiences")), Field(default=fw.default_audience)),
            publish_leads=(bool, Field(default=False)),
        )
        setattr(self.Area, KEY_KIND, "area key")
        self.ActionUpdate = create_model(
            "ActionUpdate", __base__=StrictModel,
            __doc__="What the meeting heard about one action of the review.",
            status=(status, Field(description="The action's status as reported.")),
            note=(str | None, Field(default=None, description="Progress (Markdown).")),
            due=(Day | None, Field(default=None,
                 description="A new due date, YYYY-MM-DD; the review keeps the old one.")),
            accept=(Accept, Field(default=(), description=_ACCEPT_HELP)),
        )
        setattr(self.ActionUpdate, KEY_KIND, "action update key")
        self.Update = create_model(
            "Update", __base__=StrictModel,
            __doc__="Progress on a review's actions reported at a meeting between reviews.",
            meeting=(str | None, Field(default=None,
                     description="Where the progress was reported.")),
            audience=(audience, Field(default=None)),
            accept=(Accept, Field(default=(), description=_ACCEPT_HELP)),
            actions=(_by_id(self.ActionUpdate), Field(
                description="By action id: actions of the latest review before this date.")),
        )
        setattr(self.Update, KEY_KIND, "update key")


@functools.lru_cache(maxsize=8)
def review_models(fw: Framework) -> ReviewModels:
    return ReviewModels(fw)


def json_schema(fw: Framework) -> dict[str, Any]:
    """A JSON Schema for review files (area.yaml is the second alternative)."""
    models = review_models(fw)
    schema: dict[str, Any] = models.Review.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Contextual Safeguarding system review file"
    return schema


def update_json_schema(fw: Framework) -> dict[str, Any]:
    """A JSON Schema for progress update files (``updates/<YYYY-MM-DD>.yaml``)."""
    schema: dict[str, Any] = review_models(fw).Update.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Contextual Safeguarding progress update file"
    # Keys are action ids: the same slugs as an action's `id`.
    schema["properties"]["actions"]["propertyNames"] = {"pattern": SLUG}
    schema["properties"]["actions"]["minProperties"] = 1
    return schema


def json_schema_text(fw: Framework, *, updates: bool = False) -> str:
    schema = update_json_schema(fw) if updates else json_schema(fw)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
