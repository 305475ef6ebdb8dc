"""Training slices with the conditions of an ablation scan, made once before training (they take
projection-domain simulation, far too slow for every batch) and cached in the run folder.

Each bank slice is a training slice in HU with one or more of: needles with metal streaks, an old
ablation zone, a late arterial phase, low-dose noise, a cut field of view (training.ablation). The
random spatial and intensity augmentation of training.augment is applied on top, batch by batch, as to
the plain slices. The liver mask never changes.
"""
import logging
import multiprocessing
from pathlib import Path
from typing import List, Tuple

import numpy as np

from training import ablation
from training.preprocess import PreprocessingParams, preprocess_scan

log = logging.getLogger("train")

LITS_PIXEL_MM = 1.5        # LiTS slices are 512-pixel CT (0.6-1.0 mm) halved to 256: about 1.5 mm per pixel
NEEDLE_P, ZONE_P, ARTERIAL_P, LOW_DOSE_P, CUT_P = 0.5, 0.3, 0.35, 0.35, 0.2
NEEDLES = (1, 3)
NEEDLE_IN_SLICE_MM = (0.0, 25.0)   # a needle tilted out of the axial plane shows as a short segment
ZONE_DIAMETER_MM = (20.0, 40.0)
ARTERIAL_DROP_HU = (25.0, 55.0)
ARTERY_GAIN_HU = (50.0, 150.0)
LOW_DOSE_SIGMA_HU = (30.0, 65.0)
CUT_BODY_FRACTION = (0.1, 0.35)


def _needles_2d(full: np.ndarray, liver: np.ndarray, rng: np.random.Generator) -> Tuple[np.ndarray, float]:
    """Metal coverage of 1-3 needle cross-sections on the way from the skin to a point in the liver."""
    body = ablation.body_mask(full)
    targets = np.argwhere(liver > 0) if liver.any() else np.argwhere(body)
    metal = np.zeros(full.shape)
    for _ in range(rng.integers(NEEDLES[0], NEEDLES[1] + 1)):
        tip = targets[rng.integers(len(targets))].astype(np.float64)
        angle = rng.uniform(np.pi * 0.55, np.pi * 1.45)
        direction = np.array([np.sin(angle), np.cos(angle)])
        distance_mm = ablation.distance_to_outside(body, tip, direction, np.array([LITS_PIXEL_MM] * 2))
        if distance_mm is None:
            continue
        along = rng.uniform(0.0, 1.0) * distance_mm / LITS_PIXEL_MM
        length = rng.uniform(*NEEDLE_IN_SLICE_MM) / LITS_PIXEL_MM
        start = tip + direction * along
        end = start + direction * length
        width = rng.uniform(*ablation.NEEDLE_WIDTH_MM) / LITS_PIXEL_MM
        metal = np.maximum(metal, ablation.segment_coverage(full.shape, start, end, width))
    return metal, rng.uniform(*ablation.STEEL_MU_PER_MM)


def simulate_slice(hu: np.ndarray, liver: np.ndarray, floor_hu: float, rng: np.random.Generator) -> np.ndarray:
    """One window-clipped HU slice -> the same slice under a random mix of ablation-scan conditions."""
    chosen = {}
    while not chosen:
        chosen = {name for name, p in (("needles", NEEDLE_P), ("zone", ZONE_P), ("arterial", ARTERIAL_P),
                                       ("low_dose", LOW_DOSE_P), ("cut", CUT_P)) if rng.random() < p}
    full = ablation.full_range_hu(hu, floor_hu)
    if "zone" in chosen and liver.sum() > 200:
        radii = rng.uniform(*ZONE_DIAMETER_MM, size=2) / 2 / LITS_PIXEL_MM
        centre = np.argwhere(liver > 0)[rng.integers(int(liver.sum()))].astype(np.float64)
        zone = ablation.AblationZone(centre=centre, radii=radii, core_hu=rng.uniform(20, 40),
                                     rim_gain_hu=rng.uniform(20, 50), rim_voxels=rng.uniform(1, 2))
        outward = centre + np.array([np.sin(a := rng.uniform(0, 2 * np.pi)), np.cos(a)]) * 60
        full = ablation.ablation_zone(full, liver, zone, rng, track_end=outward)
    if "arterial" in chosen:
        full = ablation.arterial_phase(full, liver, rng.uniform(*ARTERIAL_DROP_HU), rng.uniform(*ARTERY_GAIN_HU))
    if "needles" in chosen:
        metal, mu = _needles_2d(full, liver, rng)
        if metal.any():
            photons = ablation.PHOTONS_PER_RAY * np.exp(rng.uniform(np.log(0.1), np.log(3.0)))  # 1/10 to 3x dose
            full = ablation.metal_streaks(full, metal, LITS_PIXEL_MM, rng, metal_mu=mu, photons=photons)
    if "low_dose" in chosen:
        full = ablation.low_dose(full, rng.uniform(*LOW_DOSE_SIGMA_HU), rng)
    if "cut" in chosen:
        body_columns = np.nonzero(ablation.body_mask(full).any(axis=0))[0]
        _, liver_last = ablation.liver_column_extent(liver)
        if len(body_columns):
            cut = int(body_columns[-1] - rng.uniform(*CUT_BODY_FRACTION) * (body_columns[-1] - body_columns[0]))
            if cut > liver_last + 2:
                full = ablation.cut_field_of_view(full, cut)
    return full


def _simulate(task):
    hu, liver, floor_hu, seed = task
    return simulate_slice(hu, liver, floor_hu, np.random.default_rng(seed)).astype(np.float32)


def make_bank(hu: np.ndarray, native_masks: np.ndarray, floor_hu: float, size: int, seed: int,
              params: PreprocessingParams, workers: int = 2) -> Tuple[np.ndarray, np.ndarray]:
    """size simulated copies of training slices (three in four with liver) -> (images, source indices)."""
    rng = np.random.default_rng(seed)
    with_liver = np.nonzero(native_masks.reshape(len(native_masks), -1).any(axis=1))[0]
    without = np.setdiff1d(np.arange(len(native_masks)), with_liver)
    picks = np.where(rng.random(size) < 0.75, rng.choice(with_liver, size), rng.choice(without, size))
    seeds = rng.integers(0, 2 ** 31, size)
    tasks = [(hu[i], native_masks[i], floor_hu, int(s)) for i, s in zip(picks, seeds)]
    with multiprocessing.Pool(workers) as pool:
        simulated: List[np.ndarray] = pool.map(_simulate, tasks, chunksize=8)
    images = preprocess_scan(np.stack(simulated).astype(np.float64), params)
    return images, picks


def load_or_make_bank(path: Path, *args, **kwargs) -> Tuple[np.ndarray, np.ndarray]:
    if path.is_file():
        stored = np.load(path)
        return stored["images"], stored["picks"]
    images, picks = make_bank(*args, **kwargs)
    partial = path.with_suffix(".part.npz")
    np.savez(partial, images=images, picks=picks)
    partial.replace(path)
    return images, picks
