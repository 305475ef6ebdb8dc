#!/usr/bin/env bash
# Retrain the liver model from scratch (or resume the run in the same folder). Extra arguments go to
# training.train, e.g. --data /path/to/shared/data --epochs 30. The allocator settings make CPU training
# several times faster (no mmap churn for the large activation buffers).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=10000000000
exec /usr/bin/python3 -m training.train "$@"
