#!/usr/bin/env python3
"""Builds ende's English-German translation lexicon from public dictionary data.

    python3 data/lexicon/build.py SOURCES_DIR [OUT_DIR]

SOURCES_DIR holds the source files named in data/lexicon/README.md (how to get each one is
written there); every file is checked against its SHA-256 before it is read. OUT_DIR defaults
to this script's folder. Writes, sorted and deduplicated, one `english<TAB>german<TAB>tags` line
per translation pair:

  wiktionary.tsv  from the English and the German Wiktionary (CC BY-SA 3.0, see LICENSE-wiktionary)
  cldr.tsv        from the Unicode CLDR (Unicode License v3, see LICENSE-cldr)

Standard library only; the same sources give the same bytes (tests: `.ci/lexicon`).
"""
import hashlib
import io
import json
import os
import re
import sys
import tarfile
import zipfile

SOURCES = {
    # English Wiktionary translation tables, Matthias Buchmeier's extract (version 20150102),
    # as kept in github.com/open-dsl-dict/wiktionary-dict @74c2c11 src/en-de-enwiktionary.txt
    "en-de-enwiktionary.txt": "c4d17b411a279ce91de5a0bbecd77969934db2bbaf3b0fce9d8f8c38c0b2082c",
    # German Wiktionary (dump of 2018-07-01), English translations of nouns and adjectives, as
    # kept in github.com/karoly-varasdi/de-wiktionary-parser @73075bb data/
    "de_noun_translations.zip": "c5218d7d7f35340235c6a72f6cf9b9f6b11cd50988502b7ba28b780bd798e961",
    "de_adj_translations.zip": "09cd27169494505abb1cc19952e1a4c9a374137122b8b327d1e717ac0702b5c1",
    # Unicode CLDR 48.2.0 as JSON, npm packages cldr-*-full (`npm pack cldr-dates-full@48.2.0`)
    "cldr-localenames-full-48.2.0.tgz": "7f2ac7fd3b5d90f56ad127f9ed5ae67b58b3e556818f55530b9f47bb81bcde57",
    "cldr-subdivisions-full-48.2.0.tgz": "558fef1e523e21c2bff7ebf4ff6c7686e4e8594df82ac2cd94a71935662596cd",
    "cldr-numbers-full-48.2.0.tgz": "2d17a1453c559a62112caeed52e0bcfe3cb8539c99d239ae7b7ed4d0827679d9",
    "cldr-dates-full-48.2.0.tgz": "0256f1cefeca14f7d515be4872dda48fcdd7e75381430f25aafd0143eae5b430",
    "cldr-units-full-48.2.0.tgz": "754d55f183570c53029a77493302f432fb3e905df35a715f9cb022e2ebcb093c",
    "cldr-annotations-full-48.2.0.tgz": "28576e51225deb51e3ddd734b0f824a0079682cb5d8c27faa9f68149317a14d1",
}

# An entry is a word or a short term: longer ones are definitions, usage notes or proverbs.
MAX_WORDS = 5
MAX_CHARS = 60
# Characters that mark a usage note or markup debris rather than a translation.
DEBRIS = re.compile(r"(^use |\buse a form\b|\[only|^-|-$|…|\.\.\.|=|\||<|>|#|\"|;|[(){}\[\]])", re.I)


def read(src, name):
    data = open(os.path.join(src, name), "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SOURCES[name]:
        sys.exit(f"{name}: SHA-256 {digest}, expected {SOURCES[name]} (another version?)")
    return data


def tidy(s):
    """Without parenthesised glosses and doubled spaces."""
    s = re.sub(r"\([^)]*\)", "", s)
    return re.sub(r"\s+", " ", s).strip(" ,;:")


def fits(en, de):
    if not en or not de or DEBRIS.search(en) or DEBRIS.search(de):
        return False
    return all(len(s.split()) <= MAX_WORDS and len(s) <= MAX_CHARS for s in (en, de))


def split_top(s):
    """Splits at commas outside brackets."""
    out, depth, cur = [], 0, []
    for ch in s:
        depth += ch in "([{"
        depth -= ch in ")]}" and depth > 0
        if ch == "," and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [x.strip() for x in out if x.strip()]


def english_wiktionary(src, add):
    """`head {pos} (gloss) :: German, German {m}, ...`; `SEE: other ::` borrows the other
    headword's translations of the same part of speech."""
    line_re = re.compile(r"^(?P<en>.+?) \{(?P<pos>[^}]+)\}(?: \((?P<gloss>.*?)\))?\s*"
                         r"(?:SEE: (?P<see>.*?))? ::\s*(?P<de>.*)$")
    direct, see = {}, []
    for line in read(src, "en-de-enwiktionary.txt").decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        m = line_re.match(line)
        if not m or m["pos"] == "proverb":
            continue
        en, pos = m["en"].strip(), m["pos"]
        if m["see"]:
            see.append((en, pos, m["see"].strip()))
            continue
        for part in split_top(m["de"]):
            de = tidy(re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", part))
            direct.setdefault((en, pos), []).append(de)
            add(en, de, pos)
    for en, pos, target in see:
        for de in direct.get((target, pos), []):
            add(en, de, pos)


def german_wiktionary(src, add):
    for name, pos in (("de_noun_translations.zip", "n"), ("de_adj_translations.zip", "adj")):
        with zipfile.ZipFile(io.BytesIO(read(src, name))) as z:
            table = json.loads(z.read(name.replace(".zip", ".json")).decode("utf-8"))
        for de, senses in table.items():
            for sense in senses.values():
                for ens in sense.get("translations", {}).get("en", {}).values():
                    for en in ens:
                        for e in en.split(";"):
                            add(tidy(e), de.strip(), pos)


def cldr(src, add):
    def load(pkg, *path):
        with tarfile.open(fileobj=io.BytesIO(read(src, f"{pkg}-48.2.0.tgz"))) as t:
            return json.load(t.extractfile("/".join(("package",) + path)))

    def both(pkg, fname, *keys):
        out = []
        for lang in ("en", "de"):
            d = load(pkg, "main", lang, fname)["main"][lang]
            for k in keys:
                d = d[k]
            out.append(d)
        return out

    for fname, key in (("territories.json", "territories"), ("languages.json", "languages"),
                       ("scripts.json", "scripts")):
        en, de = both("cldr-localenames-full", fname, "localeDisplayNames", key)
        for k, v in en.items():
            if k in de:
                add(v, de[k], key)
    en, de = (load("cldr-subdivisions-full", "subdivisions", lang, f"{lang}.json")
              ["subdivisions"]["localeDisplayNames"]["subdivisions"] for lang in ("en", "de"))
    for k, v in en.items():
        if k in de:
            add(v, de[k], "subdivisions")
    en, de = both("cldr-numbers-full", "currencies.json", "numbers", "currencies")
    for k, v in en.items():
        if "displayName" in v and "displayName" in de.get(k, {}):
            add(v["displayName"], de[k]["displayName"], "currencies")
    en, de = both("cldr-dates-full", "ca-gregorian.json", "dates", "calendars", "gregorian")
    for part in ("months", "days"):
        for k, v in en[part]["format"]["wide"].items():
            add(v, de[part]["format"]["wide"][k], part)
    en, de = both("cldr-dates-full", "timeZoneNames.json", "dates", "timeZoneNames", "zone")

    def cities(e, d, key):
        if isinstance(d, dict) and "exemplarCity" in d:
            name = e.get("exemplarCity") if isinstance(e, dict) else None
            add(name or key.replace("_", " "), d["exemplarCity"], "cities")
        elif isinstance(d, dict):
            for k, v in d.items():
                cities(e.get(k) if isinstance(e, dict) else None, v, k)

    cities(en, de, None)
    en, de = both("cldr-units-full", "units.json", "units", "long")
    for k, v in en.items():
        if isinstance(v, dict) and "displayName" in v and "displayName" in de.get(k, {}):
            add(v["displayName"], de[k]["displayName"], "units")
    en, de = (load("cldr-annotations-full", "annotations", lang, "annotations.json")
              ["annotations"]["annotations"] for lang in ("en", "de"))
    for k, v in en.items():
        if "tts" in v and "tts" in de.get(k, {}) and ":" not in v["tts"][0]:
            add(v["tts"][0], de[k]["tts"][0], "emoji")


def collect(build):
    pairs = {}

    def add(en, de, tag):
        en, de = en.strip(), de.strip()
        if fits(en, de):
            pairs.setdefault((en, de), set()).add(tag)

    build(add)
    return pairs


def write(path, pairs, header):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        for (en, de), tags in sorted(pairs.items()):
            f.write(f"{en}\t{de}\t{','.join(sorted(tags))}\n")
    return len(pairs)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    src = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) == 3 else os.path.dirname(os.path.abspath(__file__))
    wikt = collect(lambda add: (english_wiktionary(src, add), german_wiktionary(src, add)))
    n = write(os.path.join(out, "wiktionary.tsv"), wikt,
              "# English-German translations from the English and the German Wiktionary, CC BY-SA 3.0:\n"
              "# see LICENSE-wiktionary and README.md. Built by build.py; do not edit by hand.\n"
              "# english<TAB>german<TAB>parts of speech\n")
    m = write(os.path.join(out, "cldr.tsv"), collect(lambda add: cldr(src, add)),
              "# English-German names from the Unicode CLDR 48.2 (Unicode License v3): see LICENSE-cldr\n"
              "# and README.md. Built by build.py; do not edit by hand.\n"
              "# english<TAB>german<TAB>kind\n")
    print(f"wiktionary.tsv: {n} pairs; cldr.tsv: {m} pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
