"""Real replies for the benchmark, read from the corpus of real replies (never copied into the repository).

The corpus folder is given by `--corpora PATH` or `KLARSVAR_CORPORA`; by default it is `shared/corpora`
beside the repository. Without it the benchmark skips the real-reply rows and says so in the report.

Files: `en_replies.jsonl` (real company replies, mostly tweets, many with the customer's message),
`da_replies.jsonl` (Danish help-centre answers) and `da_prose.jsonl` (Danish sentences), one JSON object
per line with at least `text`, `language`, `channel` and `customer`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Reply:
    """One real reply: its text, language, API channel and the customer's message (or None)."""

    text: str
    language: str
    channel: str
    customer: str | None


def corpora_dir(given: str | Path | None = None) -> Path:
    """The corpus folder: the argument, else `KLARSVAR_CORPORA`, else `shared/corpora` beside the repository."""
    return Path(given or os.environ.get("KLARSVAR_CORPORA") or DEFAULT_CORPORA)


def _api_channel(channel: str) -> str:
    """The corpus's channel as the API's: tweets and chats are `chat`, help-centre answers and prose `email`."""
    return "chat" if channel in ("tweet", "chat") else "email"


def load(folder: Path, name: str) -> list[Reply]:
    """The replies of one corpus file, or [] when it is absent."""
    path = folder / name
    if not path.is_file():
        return []
    out = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                out.append(Reply(row["text"], row["language"], _api_channel(row.get("channel", "")),
                                 row.get("customer") or None))
    return out


@dataclass(frozen=True)
class Corpus:
    """The real replies the benchmark uses; `available` is False when the folder or its files are missing."""

    folder: Path
    en: list[Reply]
    da: list[Reply]
    da_prose: list[Reply]

    @property
    def available(self) -> bool:
        """Whether there are real English replies to measure on."""
        return bool(self.en)

    def assembled(self, language: str, words: int, count: int) -> list[str]:
        """`count` texts of about `words` words, each made of consecutive real replies (English) or
        help-centre answers and prose sentences (Danish) as paragraphs: real wording at a reply's length."""
        pool = [r.text for r in self.en] if language == "en" else [r.text for r in self.da + self.da_prose]
        if not any(_WORD.search(text) for text in pool):
            return []
        texts, i = [], 0
        while len(texts) < count:  # a small pool is used again from its start
            parts, total = [], 0
            while total < words:
                part = pool[i % len(pool)]
                parts.append(part)
                total += len(_WORD.findall(part))
                i += 1
            texts.append("\n\n".join(parts))
        return texts

    def long_text(self, language: str, chars: int, window: int | None = None) -> str:
        """One text of `chars` characters of real replies joined as paragraphs (the real-text long shape).

        With `window` (more than `chars`), the replies are drawn evenly from those of the `window`-character text
        rather than taken from its start, so a short text has the same mix of replies as the long one and a growth
        exponent fitted over sizes measures the size, not which replies happened to come first."""
        pool = [r.text for r in (self.en if language == "en" else self.da + self.da_prose)]
        out, total, i = [], 0, 0
        while pool and total < max(chars, window or 0):
            out.append(pool[i % len(pool)])
            total += len(out[-1]) + 2
            i += 1
        if window and window > chars and out:
            step = max(1.0, 0.95 * total / chars)  # a little more than needed, cut to `chars` below
            picked, position = [], 0.0
            while int(position) < len(out):
                picked.append(out[int(position)])
                position += step
            out = picked
        return "\n\n".join(out)[:chars]


def load_corpus(given: str | Path | None = None) -> Corpus:
    """Read the corpus folder (see `corpora_dir`); missing files give empty lists."""
    folder = corpora_dir(given)
    return Corpus(folder, load(folder, "en_replies.jsonl"), load(folder, "da_replies.jsonl"),
                  load(folder, "da_prose.jsonl"))
