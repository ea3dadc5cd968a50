"""The date a build happens 'on', honouring SOURCE_DATE_EPOCH for reproducible builds."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def build_date() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()
