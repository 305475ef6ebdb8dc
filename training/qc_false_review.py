"""How often the node's quality check asks for a review of a scan that holds a whole, plausible liver.

    /usr/bin/python3 -m training.qc_false_review [--model models/liver.onnx] [--jar target/livernode.jar]
        [--out DIR] [--only ircadb|lits] [--keep-series]

Builds DICOM CT series from the real data in ../shared/data, runs the node on each
(`livernode segment` with outputs seg, rtstruct and sr), reads the quality check's outcome, its reasons and the
liver volume back from the SR (TID 1500, read with pydicom) and prints one row per series, then the rate of
false REVIEWs: overall, on the clean series and on the robustness variants. The same goes to DIR/qc_false_review.json
(default DIR: target/qc-false-review; the series built are deleted after their run unless --keep-series: they
are copies of the shared data and must never be committed).

Series
- 3D-IRCADb patient 1 (ircadb-p1/dicom): its real headers, copied, with the pixel data of each variant (int16,
  the original rescale slope 1 and intercept 0, values clipped to int16) and, per variant, a new Series Instance
  UID and new SOP Instance UIDs derived deterministically from the originals and the variant's name.
- The four LiTS validation patients (training.data.VALIDATION_PATIENTS): their stored slices as one series each.
  The slices are 256 x 256 PNGs of a [-40, 160] HU window, with air and fat brought back as
  training.ablation.full_range_hu does (air -1000 HU outside the body, fat -100 HU inside), stored as unsigned
  16-bit values with intercept -1024 and slope 1.
- Variants: training.robustness.VARIANTS (clean, needles, low dose, arterial phase, ablation zones, cut field of
  view, all at once), made by training.robustness.ircadb_variants / lits_variants with its seed (2026): the same
  HU volumes as the robustness benchmark's.

Assumed LiTS geometry (the set keeps no spacing). The source volumes are 512-pixel CT; the PNGs are 256 pixels,
so LITS_PIXEL_MM (1.5 mm, training.robustness) is taken as pixel spacing. Slice spacing: the manifest's slice index
z is the source volume's; the set keeps every 2nd slice near the liver (z steps of 2) and every 6th elsewhere.
LiTS slice spacing ranges 0.7-5 mm; this script places slice z at z x --lits-slice-mm (default 2.5 mm, a common
abdominal reconstruction), so neighbouring kept slices near the liver lie 5 mm apart, and sets SliceThickness to
the same. Only the volume limits depend on this assumption (volumes scale with it: at 1 mm every volume would be
0.4 times as large), which is why the manual mask's volume under the same assumption is printed beside the node's.
ImageOrientationPatient is 1\\0\\0\\0\\1\\0 (the PNGs are viewed as a radiologist views an axial slice; the
patient's right on the image left) and ImagePositionPatient centres each slice on x = y = 0; z grows with the
slice index (the liver lies towards the high indices, the head end).

When a REVIEW is expected rather than false
A REVIEW is expected where the scan itself does not hold a whole, plausible liver, judged on the manual mask
(which no variant changes) against the manifest's own limits: its volume below smallLiverBelowMl or above
largeLiverAboveMl; more than cutAreaAboveMm2 of it on the first or last slice (the scanned range cuts it); more
than cutBorderAboveMm of it along the image's outermost rows or columns (the field of view cuts it). Anything else
is a false REVIEW: the IRCADb series is a whole abdominal scan (the liver ends well inside its 129 slices); the
LiTS subsets keep every liver slice and the negatives within 20 slices of the liver, so the scanned range does not
cut the liver either; the "cut field of view" variant removes the patient's left side but stops at least 5 pixels
short of the liver (training.robustness.make_variant), so the liver is untouched. The rate therefore also counts
REVIEWs of simulated conditions (metal, low dose, arterial phase) as false: the liver is there and whole; whether
the model's mask was good is shown beside it (Dice of the node's SEG against the manual mask), and the summary
also counts the REVIEWs of masks with Dice >= GOOD_DICE.
"""
import argparse
import copy
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

from training.data import DEFAULT_DATA_ROOT, VALIDATION_PATIENTS, data_root_or_exit, load_lits
from training.evaluate import dice, ircadb_reference, mask_from_seg
from training.preprocess import PreprocessingParams
from training.robustness import LITS_PIXEL_MM, VARIANTS, ircadb_variants, lits_variants

REPO = Path(__file__).resolve().parent.parent
SEED = 2026                      # training.robustness's default: the benchmark's variants
LITS_SLICE_MM = 2.5              # assumed spacing of the LiTS source volumes' slices (see the docstring)
LITS_INTERCEPT = -1024.0
GOOD_DICE = 0.90
UID_SALT = "livernode training.qc_false_review"
SR_VOLUME = ("118565006", "SCT")
SR_QUALITY_ASSESSMENT = ("111050", "DCM")
SR_QUALITY_FINDING = ("111052", "DCM")
SR_PASS, SR_REVIEW = "111237", "111236"
SR_STORAGE_PREFIX = "1.2.840.10008.5.1.4.1.1.88."
SEG_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4"


# ---------------------------------------------------------------------------------------------- pure helpers

def derived_uid(*parts: str) -> str:
    """A UID derived from its parts only: the same command writes the same UIDs."""
    return generate_uid(entropy_srcs=[UID_SALT, *parts])


def slice_thicknesses(positions: Sequence[float]) -> np.ndarray:
    """What each slice stands for along the normal, as the node counts it (CtVolume.sliceThicknesses): half the
    distance to each neighbour, the whole distance to the one neighbour at either end."""
    z = np.asarray(positions, dtype=np.float64)
    if len(z) < 2:
        raise ValueError("a volume needs at least two slices")
    gaps = np.diff(z)
    below = np.concatenate([[gaps[0]], gaps])
    above = np.concatenate([gaps, [gaps[-1]]])
    return (below + above) / 2


def mask_volume_ml(mask: np.ndarray, positions: Sequence[float], pixel_spacing: Sequence[float]) -> float:
    """Volume of a mask [S, rows, columns] in mL, with the node's slice thicknesses."""
    area_mm2 = mask.reshape(len(mask), -1).sum(axis=1) * float(pixel_spacing[0]) * float(pixel_spacing[1])
    return float((area_mm2 * slice_thicknesses(positions)).sum() / 1000.0)


def limit(limits: dict, name: str) -> float:
    return float(limits[name]["value"])


def expected_review_reasons(mask: np.ndarray, positions: Sequence[float], pixel_spacing: Sequence[float],
                            limits: dict) -> List[str]:
    """Why the scan itself warrants a REVIEW, judged on the manual mask against the manifest's limits: an empty
    list means the scan holds a whole liver of plausible volume, so a REVIEW of it is false."""
    reasons = []
    volume = mask_volume_ml(mask, positions, pixel_spacing)
    if volume < limit(limits, "smallLiverBelowMl"):
        reasons.append(f"manual liver volume {volume:.0f} mL, below {limit(limits, 'smallLiverBelowMl'):.0f} mL")
    if volume > limit(limits, "largeLiverAboveMl"):
        reasons.append(f"manual liver volume {volume:.0f} mL, above {limit(limits, 'largeLiverAboveMl'):.0f} mL")
    pixel_mm2 = float(pixel_spacing[0]) * float(pixel_spacing[1])
    for name, index in (("first", 0), ("last", -1)):
        area = float(mask[index].sum()) * pixel_mm2
        if area > limit(limits, "cutAreaAboveMm2"):
            reasons.append(f"manual mask {area:.0f} mm2 on the {name} slice: the scanned range cuts the liver")
    border = np.zeros(mask.shape[1:], dtype=bool)
    border[[0, -1], :] = True
    border[:, [0, -1]] = True
    border_mm = float((mask.astype(bool) & border).reshape(len(mask), -1).sum(axis=1).max(initial=0)) \
        * min(float(pixel_spacing[0]), float(pixel_spacing[1]))
    if border_mm > limit(limits, "cutBorderAboveMm"):
        reasons.append(f"manual mask along {border_mm:.0f} mm of the image border: the field of view cuts the liver")
    return reasons


def stored_values(hu: np.ndarray, slope: float, intercept: float, dtype) -> np.ndarray:
    """HU -> stored pixel values (rounded, clipped to what dtype holds): HU = stored * slope + intercept."""
    info = np.iinfo(dtype)
    return np.clip(np.rint((np.asarray(hu, dtype=np.float64) - intercept) / slope), info.min, info.max).astype(dtype)


def _code(item, sequence: str = "ConceptNameCodeSequence"):
    code = getattr(item, sequence)[0]
    return code.CodeValue, code.CodingSchemeDesignator


def sr_findings(ds: Dataset) -> dict:
    """The liver volume (mL), the quality outcome (PASS / REVIEW) and its reasons from a TID 1500 volume report."""
    found = {"volume_ml": None, "outcome": None, "reasons": []}

    def walk(item):
        for child in getattr(item, "ContentSequence", []):
            if "ConceptNameCodeSequence" in child:
                name = _code(child)
                if child.ValueType == "NUM" and name == SR_VOLUME:
                    found["volume_ml"] = float(child.MeasuredValueSequence[0].NumericValue)
                elif child.ValueType == "CODE" and name == SR_QUALITY_ASSESSMENT:
                    value = child.ConceptCodeSequence[0].CodeValue
                    found["outcome"] = {SR_PASS: "PASS", SR_REVIEW: "REVIEW"}.get(value, value)
                    found["reasons"] = [c.TextValue for c in getattr(child, "ContentSequence", [])
                                        if c.ValueType == "TEXT" and _code(c) == SR_QUALITY_FINDING]
                    continue
            walk(child)

    walk(ds)
    if found["outcome"] is None:
        raise ValueError("the SR holds no Quality Assessment (111050, DCM)")
    return found


def false_review_summary(rows: Iterable[dict], good_dice: float = GOOD_DICE) -> Dict[str, dict]:
    """False-REVIEW counts and rates among the rows whose scan holds a whole, plausible liver (no expected
    reasons): overall, clean series and variants. A row needs variant, outcome, expected_reasons and dice."""
    groups = {"overall": lambda r: True, "clean": lambda r: r["variant"] == "clean",
              "variants": lambda r: r["variant"] != "clean"}
    summary = {}
    for group, member in groups.items():
        eligible = [r for r in rows if member(r) and not r["expected_reasons"]]
        false = [r for r in eligible if r["outcome"] == "REVIEW"]
        good = [r for r in eligible if r.get("dice") is not None and r["dice"] >= good_dice]
        false_good = [r for r in good if r["outcome"] == "REVIEW"]
        summary[group] = {
            "series": len(eligible), "falseReviews": len(false),
            "rate": len(false) / len(eligible) if eligible else None,
            "seriesWithGoodMask": len(good), "falseReviewsOfGoodMasks": len(false_good),
            "rateOfGoodMasks": len(false_good) / len(good) if good else None,
        }
    return summary


# ---------------------------------------------------------------------------------------------- series writing

def write_ircadb_series(folder: Path, templates: List[Dataset], hu: np.ndarray, variant: str) -> List[str]:
    """The real IRCADb headers (in slice order) with this variant's pixels; returns the new SOP Instance UIDs."""
    folder.mkdir(parents=True, exist_ok=True)
    series_uid = derived_uid(templates[0].SeriesInstanceUID, variant)
    uids = []
    for index, (template, pixels) in enumerate(zip(templates, hu)):
        ds = copy.deepcopy(template)     # Dataset.copy() is shallow: setting a value would change the template's
        slope, intercept = float(ds.get("RescaleSlope", 1)), float(ds.get("RescaleIntercept", 0))
        dtype = np.int16 if int(ds.PixelRepresentation) == 1 else np.uint16
        ds.PixelData = stored_values(pixels, slope, intercept, dtype).tobytes()
        for tag in ("SmallestImagePixelValue", "LargestImagePixelValue"):
            if tag in ds:
                del ds[tag]
        ds.SOPInstanceUID = derived_uid(template.SOPInstanceUID, variant)
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.SeriesInstanceUID = series_uid
        ds.SeriesDescription = f"3D-IRCADb patient 1, {variant}"
        ds.save_as(folder / f"ct{index:04d}.dcm", write_like_original=False)
        uids.append(ds.SOPInstanceUID)
    return uids


def lits_positions(z_indices: Sequence[int], slice_mm: float) -> np.ndarray:
    return np.asarray(z_indices, dtype=np.float64) * slice_mm


def write_lits_series(folder: Path, patient: str, z_indices: Sequence[int], hu: np.ndarray, variant: str,
                      slice_mm: float, pixel_mm: float = LITS_PIXEL_MM) -> List[str]:
    """One LiTS patient's slices as a CT series of the assumed geometry; returns the SOP Instance UIDs."""
    folder.mkdir(parents=True, exist_ok=True)
    study_uid = derived_uid("LiTS", patient, "study")
    frame_uid = derived_uid("LiTS", patient, "frame of reference")
    series_uid = derived_uid("LiTS", patient, variant, "series")
    rows, columns = hu.shape[1:]
    uids = []
    for index, (z, pixels) in enumerate(zip(z_indices, hu)):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = CTImageStorage
        meta.MediaStorageSOPInstanceUID = derived_uid("LiTS", patient, variant, str(z))
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = Dataset()
        ds.file_meta = meta
        ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, meta.MediaStorageSOPInstanceUID
        ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
        ds.Modality = "CT"
        ds.StudyDate, ds.StudyTime, ds.AccessionNumber, ds.ReferringPhysicianName = "20170101", "120000", "", ""
        ds.Manufacturer = "LiTS (converted by livernode training.qc_false_review)"
        ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = f"LiTS^{patient}", patient, "", ""
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study_uid, series_uid, frame_uid
        ds.StudyID, ds.SeriesNumber, ds.InstanceNumber = "1", VARIANTS.index(variant) + 1, index + 1
        ds.SeriesDescription = f"LiTS {patient}, {variant}"
        ds.PositionReferenceIndicator = ""
        ds.ImagePositionPatient = [-(columns / 2) * pixel_mm, -(rows / 2) * pixel_mm, float(z) * slice_mm]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.SliceLocation = float(z) * slice_mm
        ds.SliceThickness = slice_mm
        ds.PixelSpacing = [pixel_mm, pixel_mm]
        ds.KVP, ds.AcquisitionNumber = 120, 1
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.Rows, ds.Columns = rows, columns
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
        ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = LITS_INTERCEPT, 1, "HU"
        ds.WindowCenter, ds.WindowWidth = 60, 400
        ds.PixelData = stored_values(pixels, 1.0, LITS_INTERCEPT, np.uint16).tobytes()
        pydicom.dataset.validate_file_meta(ds.file_meta, enforce_standard=True)
        ds.save_as(folder / f"ct{index:04d}.dcm", write_like_original=False)
        uids.append(ds.SOPInstanceUID)
    return uids


# ---------------------------------------------------------------------------------------------- node

def run_node(jar: Path, model: Path, config: Path, series: Path, out: Path) -> dict:
    """Run `livernode segment` on one series folder; its log goes to out/node.log. Returns the SR's findings and
    the SEG's path."""
    out.mkdir(parents=True, exist_ok=True)
    command = ["java", "-jar", str(jar), "segment", f"--config={config}", f"--model={model}", f"--out={out}",
               str(series)]
    with open(out / "node.log", "w") as log:
        result = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise SystemExit(f"error: the node failed on {series} (exit {result.returncode}); see {out / 'node.log'}")
    outputs = [(p, pydicom.dcmread(p, stop_before_pixels=True)) for p in sorted(out.glob("*.dcm"))]
    srs = [p for p, ds in outputs if str(ds.SOPClassUID).startswith(SR_STORAGE_PREFIX)]
    segs = [p for p, ds in outputs if ds.SOPClassUID == SEG_STORAGE]
    if len(srs) != 1 or len(segs) != 1:
        raise SystemExit(f"error: expected one SR and one SEG in {out}, found {len(srs)} and {len(segs)}")
    found = sr_findings(pydicom.dcmread(srs[0]))
    found["seg"] = segs[0]
    return found


def evaluate_series(name: str, variant: str, series_dir: Path, uids: List[str], truth: np.ndarray,
                    positions, pixel_spacing, limits: dict, args, config: Path) -> dict:
    started = time.time()
    found = run_node(args.jar, args.model, config, series_dir, args.out / "node" / series_dir.name)
    prediction = mask_from_seg(found["seg"], uids, truth.shape)
    if not args.keep_series:
        shutil.rmtree(series_dir)
    row = {"series": name, "variant": variant, "outcome": found["outcome"], "reasons": found["reasons"],
           "volume_ml": found["volume_ml"], "manual_volume_ml": mask_volume_ml(truth, positions, pixel_spacing),
           "dice": dice(prediction, truth.astype(bool)),
           "expected_reasons": expected_review_reasons(truth, positions, pixel_spacing, limits),
           "seconds": round(time.time() - started, 1)}
    print(format_row(row), flush=True)
    return row


# ---------------------------------------------------------------------------------------------- table

def verdict(row: dict) -> str:
    if row["outcome"] != "REVIEW":
        return ""
    return "expected" if row["expected_reasons"] else "FALSE"


def format_row(row: dict) -> str:
    return (f"| {row['series']} | {row['variant']} | {row['outcome']} | {verdict(row)} | "
            f"{row['volume_ml']:.0f} | {row['manual_volume_ml']:.0f} | {row['dice']:.3f} | "
            f"{'; '.join(row['reasons']) or '-'} |")


TABLE_HEADER = ("| series | variant | outcome | REVIEW | node volume mL | manual volume mL | Dice | reasons |\n"
                "|---|---|---|---|---:|---:|---:|---|")


def format_summary(summary: Dict[str, dict]) -> str:
    lines = []
    for group, s in summary.items():
        rate = "n/a" if s["rate"] is None else f"{100 * s['rate']:.0f}%"
        good = "n/a" if s["rateOfGoodMasks"] is None else f"{100 * s['rateOfGoodMasks']:.0f}%"
        lines.append(f"false-REVIEW rate, {group}: {s['falseReviews']}/{s['series']} = {rate} "
                     f"(masks with Dice >= {GOOD_DICE}: {s['falseReviewsOfGoodMasks']}/{s['seriesWithGoodMask']} = {good})")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- main

def ensure_jar(jar: Path) -> None:
    if jar.is_file():
        return
    print(f"{jar} not found: building it (mvn -q package -DskipTests)", flush=True)
    subprocess.run(["nice", "mvn", "-q", "package", "-DskipTests"], cwd=REPO, check=True)
    if not jar.is_file():
        raise SystemExit(f"error: the build did not produce {jar}")


def ircadb_rows(data_root: Path, limits: dict, args, config: Path) -> List[dict]:
    series, truth, _ = ircadb_reference(data_root)
    folder = data_root / "ircadb-p1" / "dicom"
    by_uid = {}
    for path in folder.iterdir():
        ds = pydicom.dcmread(path)
        by_uid[ds.SOPInstanceUID] = ds
    templates = [by_uid[uid] for uid in series.sop_instance_uids]
    rows = []
    for variant, hu in ircadb_variants(series, truth, args.seed):
        series_dir = args.out / "series" / f"ircadb-p1-{variant.replace(' ', '-')}"
        uids = write_ircadb_series(series_dir, templates, hu, variant)
        rows.append(evaluate_series("3D-IRCADb p1", variant, series_dir, uids, truth, series.slice_positions,
                                    series.pixel_spacing, limits, args, config))
    return rows


def lits_rows(data_root: Path, manifest: dict, limits: dict, args, config: Path) -> List[dict]:
    params = PreprocessingParams.from_manifest(manifest)
    rows = []
    for p_index, patient in enumerate(load_lits(data_root, params, VALIDATION_PATIENTS)):
        positions = lits_positions(patient.z, args.lits_slice_mm)
        for variant, hu in lits_variants(patient, p_index, args.seed):
            series_dir = args.out / "series" / f"lits-{patient.patient}-{variant.replace(' ', '-')}"
            uids = write_lits_series(series_dir, patient.patient, patient.z, hu, variant, args.lits_slice_mm)
            rows.append(evaluate_series(f"LiTS {patient.patient}", variant, series_dir, uids, patient.native_mask,
                                        positions, (LITS_PIXEL_MM, LITS_PIXEL_MM), limits, args, config))
    return rows


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_DATA_ROOT), help="shared data folder (default: %(default)s)")
    parser.add_argument("--model", default="models/liver.onnx", help="its manifest is the .json beside it")
    parser.add_argument("--jar", default="target/livernode.jar", help="built with mvn package when missing")
    parser.add_argument("--out", default="target/qc-false-review", help="default: %(default)s")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--lits-slice-mm", type=float, default=LITS_SLICE_MM,
                        help="assumed slice spacing of the LiTS source volumes (default: %(default)s mm)")
    parser.add_argument("--only", choices=("ircadb", "lits"))
    parser.add_argument("--keep-series", action="store_true", help="keep the DICOM series built (never commit them)")
    args = parser.parse_args(argv)
    args.model, args.jar, args.out = Path(args.model).resolve(), Path(args.jar).resolve(), Path(args.out).resolve()
    data_root = data_root_or_exit(args.data)
    manifest = json.loads(args.model.with_suffix(".json").read_text())
    limits = manifest["qc"]
    ensure_jar(args.jar)
    args.out.mkdir(parents=True, exist_ok=True)
    config = args.out / "segment.yaml"
    config.write_text("# written by training.qc_false_review\noutputs: [seg, rtstruct, sr]\n")

    started = time.time()
    print(TABLE_HEADER, flush=True)
    rows = []
    if args.only in (None, "ircadb"):
        rows += ircadb_rows(data_root, limits, args, config)
    if args.only in (None, "lits"):
        rows += lits_rows(data_root, manifest, limits, args, config)
    summary = false_review_summary(rows)
    seconds = time.time() - started

    print()
    print(TABLE_HEADER)
    for row in rows:
        print(format_row(row))
    print()
    print(format_summary(summary))
    print(f"({seconds:.0f} s; LiTS geometry assumed: {LITS_PIXEL_MM} mm pixels, slice index x {args.lits_slice_mm} mm)")
    report = {
        "command": "/usr/bin/python3 -m training.qc_false_review " + " ".join(sys.argv[1:] if argv is None else argv),
        "model": str(args.model), "manifestVersion": manifest.get("version"), "seed": args.seed,
        "litsGeometry": {"pixelSpacingMm": LITS_PIXEL_MM, "sliceIndexMm": args.lits_slice_mm},
        "limits": {k: v["value"] for k, v in limits.items()}, "goodDice": GOOD_DICE,
        "rows": rows, "summary": summary, "seconds": round(seconds),
    }
    (args.out / "qc_false_review.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {args.out / 'qc_false_review.json'}")


if __name__ == "__main__":
    main()
