"""Regenerate dictionaries/languages/*.tsv: the most frequent words of each language.

Dev-time only (needs ``pip install wordfreq``); the shipped files are plain data so textfix
itself does not depend on wordfreq. Run: ``python tools/build_language_profiles.py``.
"""

from __future__ import annotations

from pathlib import Path

import wordfreq

LANGUAGES = (
    "en",
    "de",
    "pl",
    "es",
    "fr",
    "pt",
    "it",
    "ru",
    "nl",
    "cs",
    "uk",
    "sv",
    "da",
    "tr",
    "hu",
    "fi",
    "ro",
)
WORDS_PER_LANGUAGE = 3000
OUT = Path(__file__).resolve().parent.parent / "dictionaries" / "languages"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        rows = []
        for word in wordfreq.top_n_list(lang, WORDS_PER_LANGUAGE):
            if not any(ch.isalpha() for ch in word):
                continue
            rows.append(f"{word}\t{wordfreq.zipf_frequency(word, lang):.2f}")
        header = (
            f"# {lang}: top words and Zipf frequency, from the wordfreq package (CC-BY-SA 4.0)\n"
        )
        (OUT / f"{lang}.tsv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
