"""`leadsift bots score`: a profiles file in, the same rows out with bot_probability and
bot_reasons, streamed in chunks so a million profiles fit in little memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from leadsift.authenticity.bot_model import BotClassifier
from leadsift.authenticity.profile_features import profile_features
from leadsift.authenticity.training_data import TWITTER_COLUMNS
from leadsift.domain.errors import LeadsiftError
from leadsift.ingest.sniff import FileInfo, sniff

CHUNK_ROWS = 100_000


@dataclass
class ScoreResult:
    rows: int = 0
    oddities: list[str] = field(default_factory=list)


def _chunks(info: FileInfo) -> Iterator[pd.DataFrame]:
    if info.format == "parquet":
        for batch in pq.ParquetFile(info.path).iter_batches(batch_size=CHUNK_ROWS):
            yield batch.to_pandas()
    elif info.format == "jsonl":
        yield from pd.read_json(info.path, lines=True, chunksize=CHUNK_ROWS, dtype=False,
                                encoding=info.encoding)  # fmt: skip
    elif info.format == "json":
        yield pd.read_json(info.path, dtype=False, encoding=info.encoding)
    else:
        yield from pd.read_csv(
            info.path, sep=info.delimiter, dtype=str, keep_default_na=False,
            encoding=info.encoding, chunksize=CHUNK_ROWS,
        )  # fmt: skip


def score_profiles_file(
    source: Path,
    output: Path,
    model: BotClassifier,
    progress: Callable[[int], None] | None = None,
) -> ScoreResult:
    info = sniff(source)
    result = ScoreResult(oddities=list(info.warnings))
    header = True
    try:
        with output.open("w", encoding="utf-8", newline="") as stream:
            for chunk in _chunks(info):
                features = profile_features(chunk.rename(columns=TWITTER_COLUMNS))
                result.oddities.extend(features.oddities)
                out = chunk.copy()
                out["bot_probability"] = model.predict_proba(features.values).round(4)
                out["bot_reasons"] = model.reasons(features.values)
                out.to_csv(stream, index=False, header=header)
                header = False
                result.rows += len(chunk)
                if progress is not None:
                    progress(result.rows)
    except (ValueError, UnicodeDecodeError) as exc:
        output.unlink(missing_ok=True)
        raise LeadsiftError(f"{source}: cannot read profiles: {exc}") from None
    except OSError as exc:
        raise LeadsiftError(f"cannot write {output}: {exc.strerror}") from None
    return result
