"""The node's pipeline in Python: DICOM CT series -> liver mask at native resolution.

Mirrors what the Java node does from the manifest, so there is an accuracy number before the node exists
and a reference to compare its output with: pre-process per the contract, infer, resize the
probabilities back to the native grid (bilinear, half-pixel centres), threshold, keep the largest 3D
connected component, fill holes slice by slice.
"""
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List

import numpy as np
import pydicom
from scipy import ndimage

from training.preprocess import PreprocessingParams, preprocess_scan, resize_bilinear

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
ORIENTATION_TOLERANCE = 1e-3


@dataclass
class CtSeries:
    hu: np.ndarray              # float64 [S, rows, columns], ascending position along the slice normal
    sop_instance_uids: List[str]
    pixel_spacing: tuple        # (row spacing, column spacing) in mm
    slice_positions: np.ndarray  # mm along the slice normal
    orientation: np.ndarray     # ImageOrientationPatient, 6 values

    @property
    def spacing_zyx(self) -> tuple:
        gaps = np.diff(self.slice_positions)
        return (float(np.median(gaps)) if len(gaps) else 1.0,) + tuple(float(v) for v in self.pixel_spacing)


def read_ct_series(folder: Path) -> CtSeries:
    """Read every CT image file of one series in a folder, sorted along the slice normal."""
    datasets = []
    for path in sorted(p for p in Path(folder).iterdir() if p.is_file()):
        ds = pydicom.dcmread(path)
        if ds.get("SOPClassUID") == CT_IMAGE_STORAGE:
            datasets.append(ds)
    if not datasets:
        raise SystemExit(f"error: no CT image files in {folder}")
    orientation = np.array(datasets[0].ImageOrientationPatient, dtype=np.float64)
    normal = np.cross(orientation[:3], orientation[3:])
    positions = [float(np.dot(normal, np.array(ds.ImagePositionPatient, dtype=np.float64))) for ds in datasets]
    order = np.argsort(positions)
    datasets = [datasets[i] for i in order]
    hu = np.stack([ds.pixel_array * float(ds.get("RescaleSlope", 1)) + float(ds.get("RescaleIntercept", 0))
                   for ds in datasets])
    return CtSeries(hu=hu, sop_instance_uids=[ds.SOPInstanceUID for ds in datasets],
                    pixel_spacing=tuple(float(v) for v in datasets[0].PixelSpacing),
                    slice_positions=np.array(positions)[order], orientation=orientation)


def require_training_orientation(series: CtSeries, row_direction, column_direction) -> None:
    expected = np.concatenate([row_direction, column_direction]).astype(np.float64)
    if np.abs(series.orientation - expected).max() > ORIENTATION_TOLERANCE:
        raise SystemExit(f"error: series orientation {series.orientation.tolist()} differs from the model's "
                         f"{expected.tolist()}; this script does not reorient")


def largest_component(mask: np.ndarray) -> np.ndarray:
    """The largest 6-connected component of a 3D mask (empty stays empty)."""
    labels, count = ndimage.label(mask)
    if count <= 1:
        return mask.astype(bool)
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    return labels == sizes.argmax()


def fill_holes_per_slice(mask: np.ndarray) -> np.ndarray:
    return np.stack([ndimage.binary_fill_holes(s) for s in mask])


def segment(hu: np.ndarray, params: PreprocessingParams, predict: Callable[[np.ndarray], np.ndarray],
            threshold: float = 0.5, batch_size: int = 16) -> np.ndarray:
    """HU scan [S, rows, columns] -> bool mask of the same shape. predict: float32 [B,C,H,W] -> [B,1,H,W]."""
    image = preprocess_scan(hu, params)
    probability = np.concatenate([predict(image[i:i + batch_size])[:, 0] for i in range(0, len(image), batch_size)])
    native = resize_bilinear(probability, hu.shape[1], hu.shape[2])
    return fill_holes_per_slice(largest_component(native >= threshold))
