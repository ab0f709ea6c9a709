"""Writes dictionaries/words.tsv and dictionaries/bigrams.tsv from named sources.

words.tsv   word<TAB>count<TAB>sources   (sources: s symspellpy, w wordfreq, a wamerican-large, d domain corpus)
bigrams.tsv word1 word2<TAB>count

Counts are on the scale of symspellpy's Google Books counts; a word only another source
knows gets a count from its wordfreq frequency, or a floor. The word's spelling keeps the
case its source gives it (Canada, ICANN); lookups fold case. Deterministic output, sorted.
Usage: python dictionaries.py OUT_DIR CORPUS_DIR
"""
import collections
import importlib.resources
import os
import re
import sys

import wordfreq

OUT, CORPUS = sys.argv[1], sys.argv[2]
WORD = re.compile(r"^[A-Za-z][A-Za-z'\-]*[A-Za-z]$|^[A-Za-z]$")


def symspell_file(name):
    return importlib.resources.files("symspellpy").joinpath(name).read_text(encoding="utf-8")


# 1. symspellpy: 82,765 words with Google Books counts (SCOWL-filtered by its author).
counts = {}
sources = collections.defaultdict(set)
for line in symspell_file("frequency_dictionary_en_82_765.txt").splitlines():
    word, count = line.split()
    if WORD.match(word):
        counts[word] = int(count)
        sources[word].add("s")
total = sum(counts.values())

# 1b. Words Google Books splits or drops: it counts "cannot" as "can not" (88,737 against
#     "can"'s 1.2 G) and contractions at a placeholder 300,000. Where wordfreq's frequency,
#     on the same scale, is over 30 times symspellpy's count (57 words: cannot, the
#     contractions, a few recent names), the word takes wordfreq's.
UNDERCOUNT = 30
for word, count in list(counts.items()):
    scaled = int(wordfreq.word_frequency(word, "en") * total)
    if scaled > UNDERCOUNT * count:
        counts[word] = scaled
        sources[word].add("w")

# 2. wamerican-large (SCOWL): the validity list, with case (proper nouns capitalised).
scowl = {}
with open("/usr/share/dict/american-english-large", encoding="utf-8") as f:
    for line in f:
        w = line.strip()
        if w.endswith("'s") or not WORD.match(w) or not w.isascii():
            continue
        scowl.setdefault(w.lower(), set()).add(w)

# 3. wordfreq: frequencies for SCOWL words symspellpy lacks (only words SCOWL knows:
#    wordfreq's web text holds misspellings we must not treat as words).
FLOOR = 20_000  # below the rarest symspellpy count (~30k)
for folded, forms in scowl.items():
    freq = wordfreq.word_frequency(folded, "en")
    lower_known = folded in counts
    for form in forms:
        key = folded if form == folded else form
        if key in counts or (form != folded and lower_known):
            sources[key if key in counts else folded].add("a")
            continue
        counts[key] = max(FLOOR, int(freq * total)) if freq > 0 else FLOOR
        sources[key].update({"a", "w"} if freq > 0 else {"a"})

# 4. Domain words from the corpus: acronyms, names and terms of internet governance texts.
#    Unigrams only: the corpus also makes the golden fixtures, and its bigrams would let the
#    language model learn the fixture text itself.
domain = collections.Counter()
for name in sorted(os.listdir(CORPUS)):
    with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
        text = f.read().replace("\u2019", "'")
    for token in re.findall(r"[A-Za-z][A-Za-z'\-]*[A-Za-z0-9+]*", text):
        token = token.strip("'-")
        if token.endswith("'s"):
            token = token[:-2]
        if len(token) >= 2:
            domain[token] += 1
known = {w.lower() for w in counts}
for token, n in domain.items():
    folded = token.lower()
    if folded in known:
        match = token if token in counts else (folded if folded in counts else None)
        if match:
            sources[match].add("d")
        continue
    # New to every general list: an acronym (ICANN, LGBTQI), a name, or a domain term.
    counts[token] = max(FLOOR * 10, n * 1_000_000)
    sources[token].add("d")
    known.add(folded)

with open(os.path.join(OUT, "words.tsv"), "w", encoding="utf-8") as f:
    for word in sorted(counts, key=lambda w: (-counts[w], w)):
        f.write(f"{word}\t{counts[word]}\t{''.join(sorted(sources[word]))}\n")

# Bigrams: symspellpy's 242,342 Google Books bigrams.
with open(os.path.join(OUT, "bigrams.tsv"), "w", encoding="utf-8") as f:
    rows = []
    for line in symspell_file("frequency_bigramdictionary_en_243_342.txt").splitlines():
        a, b, c = line.split()
        if WORD.match(a) and WORD.match(b):
            rows.append((a, b, int(c)))
    for a, b, c in sorted(rows, key=lambda r: (-r[2], r[0], r[1])):
        f.write(f"{a} {b}\t{c}\n")

print(f"words.tsv: {len(counts)} words; bigrams.tsv: {len(rows)} bigrams; domain-only words: "
      f"{sum(1 for w in counts if sources[w] == {'d'})}")
