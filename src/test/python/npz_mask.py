"""Exports the IRCADb liver mask for the Java tests, which cannot read .npz.

Usage: npz_mask.py LIVER_MASK_NPZ OUT_DIR

Writes OUT_DIR/mask.u8 (mask [slices, rows, columns], one byte per pixel) and OUT_DIR/mask.json (shape and
the SOP Instance UID of each slice, in the mask's order).
"""
import json
import sys
from pathlib import Path

import numpy as np


def main(npz_file, out_dir):
    data = np.load(npz_file)
    mask = data["mask"].astype("uint8")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    mask.tofile(out / "mask.u8")
    (out / "mask.json").write_text(json.dumps({
        "shape": list(mask.shape),
        "sopInstanceUids": [str(uid) for uid in data["sop_instance_uid"]],
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
