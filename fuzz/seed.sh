#!/usr/bin/env bash
# Builds the seed corpora fuzz/corpus/{split,align,pipeline}/ from the test corpora in
# ../corpora (git-ignored output; run from anywhere). See docs/fuzzing.md.
#
# Inputs holding two documents are EN 0xFF DE [0xFF OPTIONS] (see src/lib.rs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../corpora"
out="$here/corpus"
mkdir -p "$out/split" "$out/align" "$out/pipeline"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# pair FILE_EN FILE_DE NAME [OPTIONS_HEX]: writes EN 0xFF DE [0xFF OPT] to align/ and pipeline/.
pair() {
    local en=$1 de=$2 name=$3 opt=${4:-}
    {
        cat "$en"
        printf '\xff'
        cat "$de"
        if [ -n "$opt" ]; then printf "\\xff\\x$opt"; fi
    } >"$tmp/p"
    [ -z "$opt" ] && cp "$tmp/p" "$out/align/$name"
    cp "$tmp/p" "$out/pipeline/$name${opt:+-o$opt}"
}

# Paragraph k of a file (blank-line separated), into $tmp/NAME.K.
paragraphs() {
    awk -v dir="$tmp" -v base="$2" 'BEGIN { RS = "" } { f = dir "/" base "." NR; print > f; close(f) }' "$1"
}

for name in flood breach match; do
    # Whole files and gold sentence lists for split.
    for f in "$src/$name".??.txt "$src/damaged/$name".de.txt "$src/gold/$name".??.sents \
        "$src/damaged/gold/$name".de.sents; do
        cp "$f" "$out/split/$(echo "${f#$src/}" | tr / _)"
    done
    # Every paragraph on its own (small seeds mutate faster).
    paragraphs "$src/$name.en.txt" "$name.en"
    paragraphs "$src/$name.de.txt" "$name.de"
    paragraphs "$src/damaged/$name.de.txt" "$name.dmg"
    cp "$tmp/$name".en.* "$tmp/$name".de.* "$out/split/"
    # Pairs: whole pages, damaged pages, gold sentence lists (read presplit with option 01).
    pair "$src/$name.en.txt" "$src/$name.de.txt" "$name-page"
    pair "$src/damaged/$name.en.txt" "$src/damaged/$name.de.txt" "$name-damaged"
    pair "$src/gold/$name.en.sents" "$src/gold/$name.de.sents" "$name-sents"
    pair "$src/gold/$name.en.sents" "$src/gold/$name.de.sents" "$name-sents" 01
    for opt in 02 08 0b 10 18 20 3b; do
        pair "$src/damaged/$name.en.txt" "$src/damaged/$name.de.txt" "$name-damaged" "$opt"
    done
    # Paragraph k of each side: small pairs.
    for k in 1 2 3 4 5 6 7 8 9 10 11 12; do
        if [ -f "$tmp/$name.en.$k" ] && [ -f "$tmp/$name.de.$k" ]; then
            pair "$tmp/$name.en.$k" "$tmp/$name.de.$k" "$name-para$k"
            cat "$tmp/$name.en.$k" "$tmp/$name.en.$((k + 1))" >"$tmp/e2" 2>/dev/null || true
            cat "$tmp/$name.dmg.$k" "$tmp/$name.de.$((k + 1))" >"$tmp/d2" 2>/dev/null || true
            pair "$tmp/e2" "$tmp/d2" "$name-paras$k"
        fi
    done
done

# A few hand-made texts that reach the rules a news article rarely does.
printf 'Dr. Meier kam am 3. Oktober. Er blieb bis z. B. Nr. 5.\n\nEnde' >"$out/split/hand-de"
printf '1.) The first item 2.) The second item\n\xe2\x80\xa2 a torch\n- a radio\nw) a x) b y) c' >"$out/split/hand-list"
printf '\xe2\x80\x9cWe are ready,\xe2\x80\x9d he said. \xe2\x80\x9eUnd ihr?\xe2\x80\x9c \xc2\xbbFaust\xc2\xab. . . . It was late.[17][18] Yes!?' >"$out/split/hand-quotes"
printf 'Old Mac\rline ends\r\nand CRLF.\r\n\r\n\xef\xbb\xbfBOM\xe2\x80\xa8sep\xc2\xa0nbsp.' >"$out/split/hand-breaks"
printf 'The U.S. paid $3.5 million on Oct. 3, 2024 at 9:30 a.m.; see www.example.com or jane@example.com.\xffDie USA zahlten am 3. Okt. 2024 um 9.30 Uhr 3,5 Mio. $; siehe www.example.com oder jane@example.com.' >"$tmp/h"
cp "$tmp/h" "$out/align/hand-anchors"
cp "$tmp/h" "$out/pipeline/hand-anchors"
echo "seeds: $(ls "$out/split" | wc -l) split, $(ls "$out/align" | wc -l) align, $(ls "$out/pipeline" | wc -l) pipeline"
