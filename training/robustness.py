"""Robustness benchmark: the liver model on real CT under the conditions of an ablation scan.

    /usr/bin/python3 -m training.robustness [--model models/liver.onnx] [--write-metrics]

Variants of 3D-IRCADb patient 1 (the whole series, full HU range) and of the four LiTS validation
patients (their available slices, window-clipped HU), each made from the real CT by training.ablation:

- needles: two or three straight steel needles (1.5-2 mm) from beyond the skin into the liver, tilted so
  that each crosses 20-40 slices, with metal streaks from projection-domain simulation (beam hardening,
  photon starvation, filtered back-projection);
- low dose: 40-60 HU of FBP-textured noise at 0.75 mm pixels (a quarter to an eighth of the dose), less on
  coarser pixels (half on the LiTS slices, which are 512-pixel CT halved);
- arterial phase: liver parenchyma 30-50 HU less enhanced, vessels outside it brighter;
- ablation zones: one or two 2-4 cm zones of 20-40 HU with a bright rim and a needle track, in the liver;
- cut field of view: the patient's left part of every slice missing, the liver untouched;
- all of these at once.

Dice as in training.evaluate: 3D-IRCADb through the node's pipeline in Python (post-processing
included), LiTS over each patient's slices at 256 x 256 without post-processing. Fixed seeds: the same
command gives the same table. The seeds are not the training bank's, and the needles here are whole 3-D
paths where training saw 2-D segments; the simulator is the same, so the table measures robustness to
these simulated conditions, not to real scans.
"""
import argparse
import json
import sys
import time
from pathlib import Path
from typing import Callable, Dict, Iterator, Tuple

import numpy as np

from training import ablation
from training.data import DEFAULT_DATA_ROOT, VALIDATION_PATIENTS, data_root_or_exit, load_lits
from training.evaluate import ExportedModel, dice, ircadb_reference, lits_dice
from training.inference import segment
from training.preprocess import PreprocessingParams, preprocess_scan

VARIANTS = ("clean", "needles", "low dose", "arterial phase", "ablation zones", "cut field of view", "all at once")
NOISE_REFERENCE_PIXEL_MM = 0.75           # a 512 matrix over a 380 mm abdomen
LITS_PIXEL_MM, LITS_SLICE_STEP = 1.5, 2   # the LiTS set keeps every 2nd slice: 20-40 slices are 10-20 of its own


def make_variant(name: str, hu: np.ndarray, liver: np.ndarray, spacing_zyx, needle_span, rng) -> np.ndarray:
    """hu: full-range HU volume [S, rows, columns]; liver: the reference mask (unchanged by any variant)."""
    if name == "clean":
        return hu
    conditions = VARIANTS[1:-1] if name == "all at once" else (name,)
    out = hu.copy()
    pixel_mm = float(spacing_zyx[1])
    if "ablation zones" in conditions:
        core = np.argwhere(liver > 0)
        for _ in range(rng.integers(1, 3)):
            centre = core[rng.integers(len(core))].astype(np.float64)
            radii = rng.uniform(20.0, 40.0, size=3) / 2 / np.asarray(spacing_zyx, dtype=np.float64)
            zone = ablation.AblationZone(centre=centre, radii=radii, core_hu=rng.uniform(20, 40),
                                         rim_gain_hu=rng.uniform(20, 50), rim_voxels=rng.uniform(1, 2) / pixel_mm)
            track_end = centre + np.array([0.0, -rng.uniform(30, 80), -rng.uniform(30, 80)]) / pixel_mm
            out = ablation.ablation_zone(out, liver, zone, rng, track_end=track_end)
    if "arterial phase" in conditions:
        out = ablation.arterial_phase(out, liver, rng.uniform(30, 50), rng.uniform(50, 150))
    dose = rng.uniform(1 / 8, 1 / 4) if "low dose" in conditions else 1.0
    if "needles" in conditions:
        body = ablation.body_mask(out)
        needles = ablation.plan_needles(liver, body, spacing_zyx, int(rng.integers(2, 4)), needle_span, rng)
        out = ablation.add_needles(out, needles, pixel_mm, rng, photons=ablation.PHOTONS_PER_RAY * dose)
    if "low dose" in conditions:
        # 40-60 HU at a 512 matrix's pixels; on coarser pixels (LiTS: 512 halved) the same dose is less noisy.
        sigma = rng.uniform(40, 60) * min(1.0, NOISE_REFERENCE_PIXEL_MM / pixel_mm)
        out = np.stack([ablation.low_dose(s, sigma, rng) for s in out])
    if "cut field of view" in conditions:
        body_columns = np.nonzero(ablation.body_mask(out).any(axis=(0, 1)))[0]
        _, liver_last = ablation.liver_column_extent(liver)
        cut = int(body_columns[-1] - rng.uniform(0.15, 0.3) * (body_columns[-1] - body_columns[0]))
        out = ablation.cut_field_of_view(out, max(cut, liver_last + 5))
    return out


def ircadb_variants(series, truth: np.ndarray, seed: int) -> Iterator[Tuple[str, np.ndarray]]:
    """(variant name, HU volume) of 3D-IRCADb patient 1 for each of VARIANTS, made one at a time."""
    for index, name in enumerate(VARIANTS):
        rng = np.random.default_rng([seed, 1, index])
        yield name, make_variant(name, series.hu, truth.astype(np.uint8), series.spacing_zyx, (20, 40), rng)


def lits_variants(patient, p_index: int, seed: int) -> Iterator[Tuple[str, np.ndarray]]:
    """(variant name, HU volume) of one LiTS validation patient (p_index: its place in VALIDATION_PATIENTS)."""
    full = np.stack([ablation.full_range_hu(s, patient.floor_hu) for s in patient.native_hu])
    spacing = (LITS_SLICE_STEP * 1.0, LITS_PIXEL_MM, LITS_PIXEL_MM)
    span = (20 // LITS_SLICE_STEP, 40 // LITS_SLICE_STEP)
    for index, name in enumerate(VARIANTS):
        rng = np.random.default_rng([seed, 2, p_index, index])
        yield name, make_variant(name, full, patient.native_mask, spacing, span, rng)


def ircadb_cases(data_root: Path, params: PreprocessingParams, predict: Callable, threshold: float, seed: int):
    series, truth, _ = ircadb_reference(data_root)
    rows = {}
    started = time.time()
    for name, hu in ircadb_variants(series, truth, seed):
        rows[name] = dice(segment(hu, params, predict, threshold), truth)
        print(f"3D-IRCADb patient 1, {name}: Dice {rows[name]:.4f} ({time.time() - started:.0f} s)", flush=True)
        started = time.time()
    return rows


def lits_cases(data_root: Path, params: PreprocessingParams, predict: Callable, threshold: float, seed: int):
    per_patient: Dict[str, Dict[str, float]] = {}
    for p_index, patient in enumerate(load_lits(data_root, params, VALIDATION_PATIENTS)):
        for name, hu in lits_variants(patient, p_index, seed):
            per_patient.setdefault(name, {})[patient.patient] = lits_dice(
                preprocess_scan(hu, params), patient.native_mask, predict, threshold)
        print(f"LiTS {patient.patient}: " + ", ".join(f"{n} {per_patient[n][patient.patient]:.4f}" for n in VARIANTS),
              flush=True)
    return {name: float(np.mean(list(values.values()))) for name, values in per_patient.items()}, per_patient


def table(ircadb: Dict[str, float], lits: Dict[str, float]) -> str:
    lines = ["| variant | 3D-IRCADb p1 Dice | vs clean | LiTS validation mean Dice | vs clean |",
             "|---|---:|---:|---:|---:|"]
    for name in VARIANTS:
        lines.append(f"| {name} | {ircadb[name]:.4f} | {ircadb[name] - ircadb['clean']:+.4f} | "
                     f"{lits[name]:.4f} | {lits[name] - lits['clean']:+.4f} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_DATA_ROOT), help="shared data folder (default: %(default)s)")
    parser.add_argument("--model", default="models/liver.onnx")
    parser.add_argument("--manifest", help="default: the .json beside the model")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--write-metrics", action="store_true", help="store the table in the manifest's metrics")
    parser.add_argument("--only", choices=("ircadb", "lits"), help="one of the two sets (no table, no metrics)")
    args = parser.parse_args(argv)
    model = ExportedModel.load(args.model, args.manifest)
    params, graph, threshold = model.params, model.graph, model.threshold
    data_root = data_root_or_exit(args.data)
    started = time.time()
    if args.only == "lits":
        print(lits_cases(data_root, params, graph.run, threshold, args.seed)[0])
        return
    ircadb = ircadb_cases(data_root, params, graph.run, threshold, args.seed)
    if args.only == "ircadb":
        return
    lits, per_patient = lits_cases(data_root, params, graph.run, threshold, args.seed)
    print(table(ircadb, lits))
    print(f"({time.time() - started:.0f} s)")
    if args.write_metrics:
        model.manifest.setdefault("metrics", {})["robustness"] = {
            "ircadbPatient1": {k: round(v, 4) for k, v in ircadb.items()},
            "litsValidationMean": {k: round(v, 4) for k, v in lits.items()},
            "litsValidation": {k: {p: round(d, 4) for p, d in v.items()} for k, v in per_patient.items()},
            "command": "/usr/bin/python3 -m training.robustness --write-metrics",
            "seed": args.seed,
        }
        model.manifest_path.write_text(json.dumps(model.manifest, indent=2) + "\n")
        print(f"robustness written to {model.manifest_path}")


if __name__ == "__main__":
    main(sys.argv[1:])
