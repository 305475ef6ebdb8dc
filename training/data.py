"""Loading the shared liver CT data: LiTS slices for training, the 3D-IRCADb patient 1 series for testing.

The data live beside the project (../shared/data by default) and are never copied into the repository.
"""
import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np
from PIL import Image

from training.preprocess import PreprocessingParams, preprocess_scan, resize_bilinear

DEFAULT_DATA_ROOT = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
VALIDATION_PATIENTS = ("volume-0", "volume-22", "volume-48", "volume-50")


def data_root_or_exit(root: os.PathLike) -> Path:
    """The data folder, or exit with a message that says what is missing and where it was looked for."""
    path = Path(root)
    if not (path / "lits-slices" / "manifest.csv").is_file():
        raise SystemExit(
            f"error: liver CT data not found at {path.resolve()} (expected lits-slices/manifest.csv); "
            "pass --data <folder> pointing at the shared data (see ../shared/data/README.md)")
    return path


@dataclass
class PatientSlices:
    """The available axial slices of one LiTS patient, ascending z, already pre-processed."""
    patient: str
    z: np.ndarray          # slice indices in the source volume
    image: np.ndarray      # float32 [S, 1, 224, 224], the pre-processing contract applied to this patient
    mask: np.ndarray       # uint8 [S, 224, 224], 1 = liver (tumour included)
    native_mask: np.ndarray  # uint8 [S, 256, 256] as stored, for native-resolution Dice
    native_hu: np.ndarray    # float32 [S, 256, 256], HU decoded from the PNGs (clipped to the source window)
    floor_hu: float          # the source window's floor: air and fat were clipped to it


def read_lits_manifest(root: Path) -> Dict[str, List[dict]]:
    by_patient: Dict[str, List[dict]] = {}
    with open(root / "lits-slices" / "manifest.csv", newline="") as f:
        for row in csv.DictReader(f):
            by_patient.setdefault(row["patient"], []).append(row)
    for rows in by_patient.values():
        rows.sort(key=lambda r: int(r["slice"]))
    return by_patient


def load_lits_patient(root: Path, rows: Sequence[dict], params: PreprocessingParams) -> PatientSlices:
    """Decode one patient's PNGs back to HU and apply the pre-processing to them as one scan.

    The "scan" is the subset of slices the set keeps (all liver slices, their neighbours, every third
    slice elsewhere), which matters only for scan-level statistics (percentiles, standardisation).
    """
    base = root / "lits-slices"
    pixels = np.stack([np.asarray(Image.open(base / r["image"]).convert("L")) for r in rows])
    hu_lo, hu_hi = float(rows[0]["hu_lo"]), float(rows[0]["hu_hi"])
    hu = hu_lo + pixels.astype(np.float64) / 255.0 * (hu_hi - hu_lo)
    native_mask = np.stack([(np.asarray(Image.open(base / r["mask"])) > 0) for r in rows]).astype(np.uint8)
    # Masks follow the image through the same bilinear resize, then threshold at half.
    mask = (resize_bilinear(native_mask, params.height, params.width) >= 0.5).astype(np.uint8)
    return PatientSlices(
        patient=rows[0]["patient"],
        z=np.array([int(r["slice"]) for r in rows]),
        image=preprocess_scan(hu, params),
        mask=mask,
        native_mask=native_mask,
        native_hu=hu.astype(np.float32),
        floor_hu=hu_lo,
    )


def load_lits(root: Path, params: PreprocessingParams, patients: Sequence[str] = None) -> List[PatientSlices]:
    manifest = read_lits_manifest(root)
    names = sorted(manifest, key=lambda p: int(p.split("-")[1])) if patients is None else list(patients)
    missing = [p for p in names if p not in manifest]
    if missing:
        raise SystemExit(f"error: patients not in the LiTS manifest: {', '.join(missing)}")
    return [load_lits_patient(root, manifest[p], params) for p in names]
