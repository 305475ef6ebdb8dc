"""Reference pre-processing of a CT scan for the liver model.

This is the contract the Java node implements from the manifest's "preprocessing" block and is tested
against (fixtures from training/make_fixtures.py, max abs diff 1e-5). Everything is computed in float64
and cast to float32 at the very end:

1. clip HU to huWindow [lo, hi];
2. resize each slice to the model input size with bilinear interpolation, half-pixel centres, exactly
   as PyTorch F.interpolate(mode='bilinear', align_corners=False) without antialiasing;
3. if percentiles [p_lo, p_hi] is set: v_lo, v_hi = those percentiles of ALL resized voxels of the scan
   (numpy's default linear interpolation), clip to [v_lo, v_hi], scale x = (x - v_lo) / (v_hi - v_lo);
   otherwise (or if v_hi == v_lo) scale the window: x = (x - lo) / (hi - lo);
4. if standardize: x = (x - mean) / std over the whole scan (population std); if std < 1e-6 only
   subtract the mean;
5. repeat the single channel over the model's input channels.
"""
from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np

STD_FLOOR = 1e-6


@dataclass(frozen=True)
class PreprocessingParams:
    """The manifest's "preprocessing" block plus the model input geometry."""
    hu_window: Tuple[float, float]
    percentiles: Optional[Tuple[float, float]]
    standardize: bool
    height: int = 224
    width: int = 224
    channels: int = 1

    @classmethod
    def from_manifest(cls, manifest: dict) -> "PreprocessingParams":
        block, model_input = manifest["preprocessing"], manifest["input"]
        percentiles = block.get("percentiles")
        return cls(hu_window=tuple(block["huWindow"]), percentiles=None if percentiles is None else tuple(percentiles),
                   standardize=bool(block["standardize"]), height=model_input["height"], width=model_input["width"],
                   channels=model_input["channels"])

    def manifest_block(self) -> dict:
        return {
            "huWindow": [float(v) for v in self.hu_window],
            "percentiles": None if self.percentiles is None else [float(v) for v in self.percentiles],
            "standardize": self.standardize,
        }


def bilinear_weights(in_size: int, out_size: int) -> np.ndarray:
    """Matrix [out_size, in_size] of PyTorch's bilinear weights along one axis (align_corners=False).

    src = (dst + 0.5) * in/out - 0.5, negative src clamped to 0; the upper neighbour is clamped to the
    last pixel, so at the border both weights fall on the same pixel.
    """
    scale = in_size / out_size
    src = np.maximum((np.arange(out_size, dtype=np.float64) + 0.5) * scale - 0.5, 0.0)
    lower = np.floor(src).astype(np.int64)
    upper = np.where(lower < in_size - 1, lower + 1, lower)
    upper_weight = src - lower
    weights = np.zeros((out_size, in_size), dtype=np.float64)
    rows = np.arange(out_size)
    np.add.at(weights, (rows, lower), 1.0 - upper_weight)
    np.add.at(weights, (rows, upper), upper_weight)
    return weights


def resize_bilinear(slices: np.ndarray, height: int, width: int) -> np.ndarray:
    """Resize [S, H, W] to [S, height, width] in float64, identical to PyTorch's bilinear resize."""
    rows = bilinear_weights(slices.shape[1], height)
    cols = bilinear_weights(slices.shape[2], width)
    return np.einsum("oh,shw,pw->sop", rows, slices.astype(np.float64), cols, optimize=True)


def preprocess_scan(hu: np.ndarray, params: PreprocessingParams) -> np.ndarray:
    """HU scan [S, H, W] (any numeric dtype) -> model input float32 [S, channels, height, width]."""
    if hu.ndim != 3:
        raise ValueError(f"expected a scan [slices, rows, columns], got shape {hu.shape}")
    lo, hi = (float(v) for v in params.hu_window)
    x = np.clip(hu.astype(np.float64), lo, hi)
    x = resize_bilinear(x, params.height, params.width)
    scaled = False
    if params.percentiles is not None:
        v_lo, v_hi = np.percentile(x, params.percentiles)
        if v_hi > v_lo:
            x = (np.clip(x, v_lo, v_hi) - v_lo) / (v_hi - v_lo)
            scaled = True
    if not scaled:
        x = (x - lo) / (hi - lo)
    if params.standardize:
        mean = x.mean()
        std = x.std()
        x = x - mean if std < STD_FLOOR else (x - mean) / std
    x = np.repeat(x[:, None, :, :], params.channels, axis=1)
    return x.astype(np.float32)
