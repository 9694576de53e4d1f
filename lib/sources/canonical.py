"""Balise's own canonical CSV: a header of schema column names (day_from, day_to, dimensions,
metrics) for exactly one table. The bulk path for scripted exports and benchmarks."""
from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from lib.i18n.messages import Message
from lib.sources.base import Parsed, Refused, Sample
from lib.store.schema import DIMENSIONS, METRICS, columns

NAME = "canonical"
LABEL = "Balise canonical CSV"


def _header(sample: Sample) -> list[str]:
    return [c.strip() for c in sample.first_row]


def table_of(header: list[str]) -> str | None:
    """The one table whose columns hold every header name, or None."""
    if not {"day_from", "day_to"} <= set(header):
        return None
    rest = set(header) - {"day_from", "day_to"}
    fits = [t for t in DIMENSIONS if rest and rest <= set(columns(t))]
    # Prefer the table that explains the most names (site and ads share "campaign", "device"...).
    return max(fits, key=lambda t: len(rest & set(columns(t)))) if fits else None


def detect(sample: Sample) -> float:
    return 0.99 if table_of(_header(sample)) else 0.0


def parse(sample: Sample) -> list[Parsed]:
    """Read with pyarrow's multithreaded CSV parser: dimensions as text exactly as written
    ("" stays "", "(not set)" stays), metrics as numbers, periods as dates."""
    header = _header(sample)
    table = table_of(header)
    if not table:
        raise Refused(Message(f"{sample.name}: the header is not made of one table's canonical columns",
                              "msg_canonical_header", name=sample.name))
    metrics = [c for c in header if c in METRICS[table]]
    texts = [c for c in header if c not in metrics and c not in ("day_from", "day_to")]
    types = {**{c: pa.string() for c in texts}, **{c: pa.float64() for c in metrics},
             "day_from": pa.date32(), "day_to": pa.date32()}
    try:
        arrow = pacsv.read_csv(
            io.BytesIO(sample.data),
            convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False,
                                                 null_values=[""], quoted_strings_can_be_null=False))
    except pa.ArrowInvalid as exc:  # a metric cell that is not a number, a bad date...
        raise Refused(Message(f"{sample.name}: {exc}. Metric columns hold plain numbers, periods ISO dates.",
                              "msg_canonical_cells", name=sample.name, detail=str(exc))) from None
    frame = arrow.to_pandas(types_mapper=pd.ArrowDtype)
    dims = tuple(c for c in texts if c in DIMENSIONS[table])
    return [Parsed(table, frame, dims, NAME, notes={"source": "canonical"})]
