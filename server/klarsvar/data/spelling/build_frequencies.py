"""Build `frequency_en.txt` and `frequency_da.txt`: how common each dictionary word is, for ranking suggestions.

Run (only when the tables are to be rebuilt; Klarsvar itself needs neither `wordfreq` nor this script):

    pip install wordfreq          # 3.1.1 was used; its data is CC BY-SA 4.0
    python server/klarsvar/data/spelling/build_frequencies.py

It keeps, from wordfreq's lists (English: `large`, down to Zipf 1; Danish: `small`, down to Zipf 3, the only
Danish list there is), the lower-case words the bundled Hunspell dictionaries know, rounded to a tenth of a
Zipf unit (Zipf = log10 of occurrences per billion words: 7 "the", 3 "once per million words"). One line a
value: `<Zipf × 10><TAB><words, space-separated>`. Loaded once per process with the dictionaries.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

LISTS = {"en": "large", "da": "small"}
HEADER = """\
# How common each word is: Zipf × 10 (log10 of occurrences per billion words, times ten), then the words.
# Built by build_frequencies.py from wordfreq {version} ({wordlist} list, "{language}"), by Robyn Speer and
# contributors, https://github.com/rspeer/wordfreq — its data is licensed under CC BY-SA 4.0
# (https://creativecommons.org/licenses/by-sa/4.0/), and so is this table, an extract of it: only lower-case
# words the bundled Hunspell dictionaries know, frequencies rounded to a tenth. wordfreq's sources include
# Wikipedia, OpenSubtitles, SUBTLEX, news and web text, Reddit and Twitter word counts, and (for some
# languages) the Leeds Internet Corpus; see wordfreq's README for the list and their terms.
"""


def build(language: str) -> Path:
    """Write frequency_<language>.txt and return its path."""
    from importlib.metadata import version

    import wordfreq

    from klarsvar.analysis.grammar.spelling import load_spellers

    spellers, problems = load_spellers()
    speller = spellers[language]
    by_value: dict[int, list[str]] = {}
    seen: set[str] = set()
    for centibels, bucket in enumerate(wordfreq.get_frequency_list(language, LISTS[language])):
        value = round(10 * (9 - centibels / 100))
        for word in bucket:
            if word in seen or not word.islower() or not word.replace("'", "").isalpha():
                continue
            if speller.is_known(word, compounds=False):
                seen.add(word)
                by_value.setdefault(value, []).append(word)
    path = HERE / f"frequency_{language}.txt"
    lines = [HEADER.format(version=version("wordfreq"), wordlist=LISTS[language], language=language)]
    lines += [f"{value}\t{' '.join(sorted(words))}\n" for value, words in sorted(by_value.items(), reverse=True)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


if __name__ == "__main__":
    for lang in LISTS:
        print(build(lang))
