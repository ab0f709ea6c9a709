#!/usr/bin/env bash
# Repair a whole archive on shared storage as a Slurm job array: each task takes its slice
# of the sorted inputs (repair reads SLURM_ARRAY_TASK_ID/_COUNT/_MIN itself) and uses the
# cores Slurm gave it. Outputs are written atomically and a rerun skips finished files, so a
# failed, cancelled or preempted task is simply resubmitted:  sbatch --array=3 slurm-array.sh
#
# Settings: REPAIR_ARCHIVE (input folder), REPAIR_OUTPUT (output folder), the array size
# (--array on the sbatch line overrides the one below); `repair` must be on PATH. Submit from
# a folder with a logs/ subfolder:
#   mkdir -p logs && REPAIR_ARCHIVE=/shared/scans REPAIR_OUTPUT=/shared/clean sbatch --array=0-15 slurm-array.sh
# scripts/test-slurm runs exactly this on a one-node cluster.
#
#SBATCH --job-name=repair
#SBATCH --array=0-15
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=04:00:00
#SBATCH --output=logs/repair-%A_%a.log
set -euo pipefail

ARCHIVE="${REPAIR_ARCHIVE:-/shared/archive/scans}"   # input folder (images, multi-page TIFF, .txt)
OUTPUT="${REPAIR_OUTPUT:-/shared/archive/clean}"     # mirrors the input tree as <relative path>.txt

# One Tesseract engine per worker; OpenMP is limited inside repair, so no OMP_* needed.
# Exit 130 after a cancel (SIGTERM): the files in hand were finished, the rest is left for a rerun.
repair "$ARCHIVE" -o "$OUTPUT" --jobs "${SLURM_CPUS_PER_TASK:-1}" --progress
