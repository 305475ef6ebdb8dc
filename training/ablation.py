"""The conditions of an ablation scan, simulated on real CT in Hounsfield units.

The method's paper (appendix A.2) names what makes intra-procedural scans hard: ablation needles (metal,
with streak artefacts), the zones of earlier ablations, and acquisition nobody controls (dose, contrast
phase, field of view). Each function here takes a slice or a volume in HU and returns a changed copy;
the liver mask never changes (ablation zones and tumours count as liver). They serve twice: as training
augmentation (`training.augment_bank`) and as the variants of the robustness benchmark
(`training.robustness`), with different random draws and, for needles, 2-D segments in training against
whole 3-D needle paths in the benchmark.

Metal is simulated in the projection domain, the way it arises in a scanner: parallel-beam forward
projection (skimage's radon) of the attenuation with and without the metal, beam hardening (the metal's
line integrals compressed, as a polychromatic beam's mean energy rises through metal), photon starvation
(Poisson counts on each ray; the rays through metal receive few photons), then filtered back-projection
(iradon, ramp filter). Only the difference between the corrupted and the ideal reconstruction is added
to the original slice, so the rest of the slice keeps its native resolution.
"""
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import numpy as np
from scipy import ndimage
from skimage.transform import iradon, radon

MU_WATER_PER_MM = 0.0192        # linear attenuation of water at an effective ~70 keV
AIR_HU, FAT_HU = -1000.0, -100.0
FLOOR_TOLERANCE_HU = 5.0        # the LiTS PNGs are JPEG-compressed: the floor comes back a few grey levels up
STORED_MIN_HU, STORED_MAX_HU = -1024.0, 3071.0  # what a 12-bit CT image stores: metal is clipped to the top
STEEL_MU_PER_MM = (0.35, 0.7)   # stainless steel at an effective 60-80 keV (much above what the image stores)
NEEDLE_WIDTH_MM = (1.5, 2.0)
PHOTONS_PER_RAY = 1e6           # unattenuated photons per detector bin and view at a diagnostic dose
BEAM_HARDENING_SCALE = (2.0, 4.0)  # the metal's line integral p becomes c*log(1 + p/c)


def hu_to_mu(hu: np.ndarray) -> np.ndarray:
    return np.clip(MU_WATER_PER_MM * (1.0 + hu / 1000.0), 0.0, None)


def full_range_hu(hu: np.ndarray, floor_hu: float) -> np.ndarray:
    """Undo a display window's floor well enough to project a slice.

    The LiTS slices store only [-40, 160] HU. Pixels at the floor that touch the image border are air
    (-1000 HU), the others fat (-100 HU): attenuation then has the body's outline, which is what the
    rays through metal need for their photon counts."""
    out = hu.astype(np.float64).copy()
    floor = hu <= floor_hu + FLOOR_TOLERANCE_HU
    outside = _connected_to_border(floor)
    out[outside] = AIR_HU
    out[floor & ~outside] = FAT_HU
    return out


def _connected_to_border(mask: np.ndarray) -> np.ndarray:
    """The pixels of a 2-D mask that a path within the mask joins to the image border."""
    labels, _ = ndimage.label(mask)
    border = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    return np.isin(labels, border[border > 0])


def segment_coverage(shape: Tuple[int, int], start: np.ndarray, end: np.ndarray, width_px: float) -> np.ndarray:
    """Fraction of each pixel covered by a segment of the given width (anti-aliased by distance).

    start and end are (row, column) in pixels; a zero-length segment is a disc (a needle crossing the
    slice nearly perpendicular)."""
    rows, cols = np.mgrid[0:shape[0], 0:shape[1]].astype(np.float64)
    direction = end - start
    length2 = float(direction @ direction)
    if length2 < 1e-12:
        t = np.zeros(shape)
    else:
        t = np.clip(((rows - start[0]) * direction[0] + (cols - start[1]) * direction[1]) / length2, 0.0, 1.0)
    distance = np.hypot(rows - (start[0] + t * direction[0]), cols - (start[1] + t * direction[1]))
    return np.clip(0.5 + width_px / 2.0 - distance, 0.0, 1.0)


def metal_streaks(hu: np.ndarray, metal: np.ndarray, pixel_mm: float, rng: np.random.Generator,
                  metal_mu: float, photons: float = PHOTONS_PER_RAY) -> np.ndarray:
    """Insert metal (coverage map in [0, 1]) into a full-range HU slice, with its streaks.

    Returns the slice with the metal plus the difference between the reconstruction of the corrupted
    projections and that of the ideal ones, clipped to what a CT image stores. Slices over 300 pixels are
    projected at half resolution (detector bins of two pixels, as a scanner's detector is coarser than a
    512 image's pixels); the metal itself is inserted at full resolution."""
    factor = 2 if max(hu.shape) > 300 else 1
    small_hu = _downsample(hu, factor)
    small_metal = _downsample(metal, factor)
    small_pixel = pixel_mm * factor
    size = max(small_hu.shape)
    theta = np.linspace(0.0, 180.0, size, endpoint=False)
    mu_body = hu_to_mu(small_hu)
    mu = mu_body * (1 - small_metal) + metal_mu * small_metal
    p_ideal = radon(mu, theta, circle=False) * small_pixel
    p_metal = np.clip(radon(small_metal * (metal_mu - mu_body), theta, circle=False) * small_pixel, 0.0, None)
    scale = rng.uniform(*BEAM_HARDENING_SCALE)
    p_hardened = p_ideal - p_metal + scale * np.log1p(p_metal / scale)
    counts = rng.poisson(photons * np.exp(-p_hardened))
    p_measured = -np.log(np.maximum(counts, 1.0) / photons)
    # Only the rays through metal change noticeably; elsewhere the noise is that of the given dose, which
    # the original slice already has: keep the error on metal rays only, faded in over their edge, and
    # spread over neighbouring detector bins as a detector's aperture and a scanner's adaptive filter do.
    metal_rays = np.clip(p_metal / 0.05, 0.0, 1.0)
    error = ndimage.gaussian_filter1d((p_measured - p_ideal) * metal_rays, sigma=1.0, axis=0)
    delta_mu = iradon(error, theta, output_size=size, filter_name="ramp", circle=False) / small_pixel
    delta_hu = delta_mu[:small_hu.shape[0], :small_hu.shape[1]] / MU_WATER_PER_MM * 1000.0
    if factor > 1:
        delta_hu = ndimage.zoom(delta_hu, factor, order=1)[:hu.shape[0], :hu.shape[1]]
    metal_hu = (metal_mu / MU_WATER_PER_MM - 1) * 1000.0
    return np.clip(hu * (1 - metal) + metal_hu * metal + delta_hu, STORED_MIN_HU, STORED_MAX_HU)


def _downsample(image: np.ndarray, factor: int) -> np.ndarray:
    if factor == 1:
        return image
    h, w = image.shape[0] // factor * factor, image.shape[1] // factor * factor
    return image[:h, :w].reshape(h // factor, factor, w // factor, factor).mean(axis=(1, 3))


def correlated_noise(shape: Tuple[int, int], sigma_hu: float, rng: np.random.Generator) -> np.ndarray:
    """Zero-mean noise with the texture of filtered back-projection (a ramp-times-apodisation noise power
    spectrum, peaking at mid frequencies), scaled to the given standard deviation."""
    white = rng.standard_normal(shape)
    fy = np.fft.fftfreq(shape[0])[:, None]
    fx = np.fft.fftfreq(shape[1])[None, :]
    f = np.hypot(fy, fx)
    amplitude = np.sqrt(f * np.exp(-(f / 0.22) ** 2))
    noise = np.real(np.fft.ifft2(np.fft.fft2(white) * amplitude))
    return noise * (sigma_hu / max(noise.std(), 1e-9))


def low_dose(hu: np.ndarray, sigma_hu: float, rng: np.random.Generator) -> np.ndarray:
    """A quarter to an eighth of the dose: 40-60 HU of added FBP-textured noise in soft tissue."""
    return hu + correlated_noise(hu.shape, sigma_hu, rng)


def arterial_phase(hu: np.ndarray, liver: np.ndarray, drop_hu: float, artery_gain_hu: float) -> np.ndarray:
    """Late arterial phase: liver parenchyma less enhanced, contrast-filled vessels outside it brighter.

    The drop fades in over ~2 pixels at the liver's edge (partial volume); vessels are taken as soft
    tissue above 150 HU (bone's cortex, above 400 HU, is left alone)."""
    soft_liver = ndimage.gaussian_filter(liver.astype(np.float64), sigma=(0, 1.0, 1.0)[-liver.ndim:])
    out = hu - drop_hu * soft_liver
    vessels = (hu > 150) & (hu < 400) & (liver == 0)
    return out + artery_gain_hu * vessels


@dataclass
class AblationZone:
    centre: np.ndarray      # voxel (z, row, column) or pixel (row, column)
    radii: np.ndarray       # in voxels, per axis
    core_hu: float
    rim_gain_hu: float
    rim_voxels: float


def ablation_zone(hu: np.ndarray, liver: np.ndarray, zone: AblationZone, rng: np.random.Generator,
                  track_end: Optional[np.ndarray] = None) -> np.ndarray:
    """An old ablation zone: a 20-40 HU coagulated core with a mottled texture, a thin bright
    (hyperaemic) rim, and a low-density needle track from the zone towards track_end; inside the liver
    only, so that the mask is unchanged."""
    grid = np.indices(hu.shape, dtype=np.float64)
    r = np.sqrt(sum(((grid[i] - zone.centre[i]) / zone.radii[i]) ** 2 for i in range(hu.ndim)))
    mean_radius = float(np.mean(zone.radii))
    inside = (r <= 1.0) & (liver > 0)
    rim = (r > 1.0) & (r <= 1.0 + zone.rim_voxels / mean_radius) & (liver > 0)
    texture = ndimage.gaussian_filter(rng.standard_normal(hu.shape), 1.5) * 25.0
    out = hu.copy()
    out[inside] = zone.core_hu + texture[inside]
    out[rim] += zone.rim_gain_hu
    if track_end is not None:
        track = np.zeros(hu.shape, dtype=bool)
        steps = int(np.ceil(np.abs(track_end - zone.centre).max())) + 1
        for t in np.linspace(0.0, 1.0, max(2, steps * 2)):
            point = np.round(zone.centre + t * (track_end - zone.centre)).astype(int)
            if all(0 <= point[i] < hu.shape[i] for i in range(hu.ndim)):
                track[tuple(point)] = True
        track = ndimage.binary_dilation(track, iterations=1) & (liver > 0) & ~inside
        out[track] = zone.core_hu - 10.0
    return out


def cut_field_of_view(hu: np.ndarray, keep_columns: int, fill_hu: float = -1024.0) -> np.ndarray:
    """The columns from keep_columns on missing (the reconstruction ended there): the patient's left, the
    image's right, where the liver is not."""
    out = hu.copy()
    out[..., keep_columns:] = fill_hu
    return out


def liver_column_extent(liver: np.ndarray) -> Tuple[int, int]:
    columns = np.nonzero(liver.reshape(-1, liver.shape[-1]).any(axis=0))[0]
    return (int(columns[0]), int(columns[-1])) if len(columns) else (liver.shape[-1] // 2, liver.shape[-1] // 2)


def body_mask(hu: np.ndarray) -> np.ndarray:
    """Everything not joined through air (< -500 HU) to the image border, slice by slice (2-D or 3-D)."""
    if hu.ndim == 3:
        return np.stack([body_mask(s) for s in hu])
    return ~_connected_to_border(hu < -500)


@dataclass
class Needle:
    tip: np.ndarray         # (z, row, column) in voxels, inside the liver
    entry: np.ndarray       # (z, row, column) in voxels, beyond the skin
    metal_mu: float
    width_mm: float


def plan_needles(liver: np.ndarray, body: np.ndarray, spacing_zyx: Sequence[float], count: int,
                 slice_span: Tuple[int, int], rng: np.random.Generator) -> List[Needle]:
    """Straight needles from beyond the skin into the liver, as in a percutaneous ablation.

    Each tip lies in the liver's central part; each needle leaves the body towards the patient's right
    or front (where the liver is reached through the body wall), tilted out of the axial plane so that it
    crosses slice_span slices between its tip and the skin."""
    spacing = np.asarray(spacing_zyx, dtype=np.float64)
    core = ndimage.binary_erosion(liver, iterations=3) if liver.sum() > 1000 else liver.astype(bool)
    candidates = np.argwhere(core)
    needles = []
    for _ in range(count):
        for _attempt in range(50):
            tip = candidates[rng.integers(len(candidates))].astype(np.float64)
            # In-plane direction towards the patient's right (image left, -column) and front (-row).
            angle = rng.uniform(np.pi * 0.55, np.pi * 1.45)  # around -column, spread to front and back
            in_plane = np.array([np.sin(angle), np.cos(angle)])  # (row, column) unit vector
            if in_plane[0] > 0.6:
                continue
            # Find the skin along this in-plane direction from the tip (in mm).
            distance_mm = distance_to_outside(body[int(tip[0])], tip[1:], in_plane, spacing[1:])
            if distance_mm is None or distance_mm < 30:
                continue
            slices = rng.integers(slice_span[0], slice_span[1] + 1)
            dz_mm = slices * spacing[0] * rng.choice([-1.0, 1.0])
            # Direction in mm, scaled so that the in-body run spans the chosen number of slices.
            direction_mm = np.array([dz_mm, in_plane[0] * distance_mm, in_plane[1] * distance_mm])
            entry = tip + 1.25 * direction_mm / spacing   # carry on a quarter beyond the skin (the hub)
            needles.append(Needle(tip=tip, entry=entry, metal_mu=rng.uniform(*STEEL_MU_PER_MM),
                                  width_mm=rng.uniform(*NEEDLE_WIDTH_MM)))
            break
    return needles


def distance_to_outside(body_slice: np.ndarray, start: np.ndarray, direction: np.ndarray,
                        pixel_mm: np.ndarray) -> Optional[float]:
    """mm from start along direction (row, column; a unit vector) to the first pixel outside the body, or
    None when the image border comes first."""
    step_px = 0.5
    point = start.copy()
    travelled = 0.0
    while True:
        point = point + direction * step_px
        travelled += step_px
        r, c = int(round(point[0])), int(round(point[1]))
        if not (0 <= r < body_slice.shape[0] and 0 <= c < body_slice.shape[1]):
            return None
        if not body_slice[r, c]:
            return travelled * float(np.mean(pixel_mm))


def needle_coverage_on_slice(needle: Needle, z: float, slab: float, shape: Tuple[int, int],
                             pixel_mm: float) -> Optional[np.ndarray]:
    """The metal of one needle within the slab [z - slab/2, z + slab/2] (in slice units), or None."""
    z0, z1 = needle.tip[0], needle.entry[0]
    low, high = z - slab / 2, z + slab / 2
    if abs(z1 - z0) < 1e-9:
        if not (low <= z0 <= high):
            return None
        t0, t1 = 0.0, 1.0
    else:
        ta, tb = (low - z0) / (z1 - z0), (high - z0) / (z1 - z0)
        t0, t1 = max(0.0, min(ta, tb)), min(1.0, max(ta, tb))
        if t0 >= t1:
            return None
    start = needle.tip[1:] + t0 * (needle.entry[1:] - needle.tip[1:])
    end = needle.tip[1:] + t1 * (needle.entry[1:] - needle.tip[1:])
    return segment_coverage(shape, start, end, needle.width_mm / pixel_mm)


def add_needles(hu: np.ndarray, needles: Sequence[Needle], pixel_mm: float, rng: np.random.Generator,
                slices: Optional[Sequence[float]] = None, photons: float = PHOTONS_PER_RAY) -> np.ndarray:
    """Needles through a volume [S, rows, columns] of full-range HU, every slice crossing one with its
    streaks. slices: each slice's position in slice units (default 0..S-1; LiTS keeps every 2nd)."""
    positions = np.arange(len(hu), dtype=np.float64) if slices is None else np.asarray(slices, dtype=np.float64)
    slab = float(np.median(np.diff(positions))) if len(positions) > 1 else 1.0
    out = hu.copy()
    for i, z in enumerate(positions):
        metal = np.zeros(hu.shape[1:])
        mu = []
        for needle in needles:
            coverage = needle_coverage_on_slice(needle, z, slab, hu.shape[1:], pixel_mm)
            if coverage is not None and coverage.any():
                metal = np.maximum(metal, coverage)
                mu.append(needle.metal_mu)
        if mu:
            out[i] = metal_streaks(hu[i], metal, pixel_mm, rng, metal_mu=float(np.mean(mu)), photons=photons)
    return out
