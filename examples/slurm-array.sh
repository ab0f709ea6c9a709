#!/usr/bin/env bash
# Repair a whole archive on shared storage as a Slurm job array: 16 tasks, each takes its
# slice of the sorted inputs (repair reads SLURM_ARRAY_TASK_ID/_COUNT/_MIN itself) and
# uses the cores Slurm gave it. Outputs are written atomically and a rerun skips finished
# files, so a failed or preempted task is simply resubmitted:  sbatch --array=3 slurm-array.sh
#
#SBATCH --job-name=repair
#SBATCH --array=0-15
#SBATCH --cpus-per-task=4
#SBATCH --mem=2G
#SBATCH --time=04:00:00
#SBATCH --output=logs/repair-%A_%a.log
set -euo pipefail

ARCHIVE=/shared/archive/scans        # input folder (images, multi-page TIFF, .txt)
OUTPUT=/shared/archive/clean         # mirrors the input tree as <relative path>.txt

# One Tesseract engine per worker; OpenMP is limited inside repair, so no OMP_* needed.
repair "$ARCHIVE" -o "$OUTPUT" --jobs "${SLURM_CPUS_PER_TASK:-1}" --progress
