#!/usr/bin/env bash
# run.sh TARGET [SECONDS] [extra libFuzzer flags]: one worker, seeds from seed.sh, log in logs/.
# Stable Rust: `-s none` (no sanitizer; -Zsanitizer needs nightly). See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")"
t=$1
secs=${2:-480}
shift $(($# < 2 ? $# : 2))
[ -d "corpus/$t" ] || ./seed.sh
mkdir -p logs
cargo fuzz run -s none "$t" "corpus/$t" -- \
    -jobs=1 -workers=1 -max_total_time="$secs" -max_len=65536 \
    -rss_limit_mb=4096 -timeout=10 -report_slow_units=1 -dict=ende.dict \
    -print_final_stats=1 "$@"
