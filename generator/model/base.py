"""The one base of every model read from a file: strict and frozen.

``extra="forbid"`` makes an unknown key an error (with a "did you mean"), never a value
quietly dropped; ``frozen`` because nothing read from a file is changed afterwards.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["StrictModel"]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
