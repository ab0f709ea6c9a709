"""symspellpy word-wise correction of a text file, timed: the peer `repair-bench speed --peer symspellpy` runs.

Loads symspellpy's English dictionary (the same counts repair's lexicon starts from),
corrects every word token with lookup(max_edit_distance=2, Verbosity.TOP), and prints
JSON: load_ms, seconds (correction only), tokens, rss_mb.
"""
import json
import re
import resource
import sys
import time

from symspellpy import SymSpell, Verbosity
import importlib.resources

path = sys.argv[1]
text = open(path, encoding="utf-8").read()
t0 = time.perf_counter()
sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
sym.load_dictionary(str(importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"), 0, 1)
load = time.perf_counter() - t0
tokens = re.findall(r"[A-Za-z]+(?:['\-][A-Za-z]+)*", text)
t1 = time.perf_counter()
out = []
for tok in tokens:
    s = sym.lookup(tok, Verbosity.TOP, max_edit_distance=2, include_unknown=True, transfer_casing=True)
    out.append(s[0].term if s else tok)
seconds = time.perf_counter() - t1
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load_ms": load * 1000, "seconds": seconds, "tokens": len(tokens), "rss_mb": rss}))
