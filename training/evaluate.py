"""Accuracy of the liver model: 3D Dice and average symmetric surface distance (ASSD, mm).

Two ways in:

  # the node's DICOM SEG for 3D-IRCADb patient 1 against the manual mask
  ./livernode segment ../shared/data/ircadb-p1/dicom --out /tmp/seg
  /usr/bin/python3 -m training.evaluate seg /tmp/seg

  # the exported model through this repository's Python pipeline (no Java needed): LiTS validation
  # patients (slice level) and 3D-IRCADb patient 1 (whole series, with post-processing)
  /usr/bin/python3 -m training.evaluate model --model models/liver.onnx [--write-metrics]

ASSD follows the SLIVER07 definition (Heimann et al. 2009): surface voxels are those removed by one
6-connected erosion; ASSD = (sum of distances from each surface voxel of A to surface B, plus B to A)
divided by the number of surface voxels of A and B, with the voxel spacing of the CT series.
"""
import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np
import pydicom
from scipy import ndimage

from training.data import DEFAULT_DATA_ROOT, VALIDATION_PATIENTS, data_root_or_exit, load_lits
from training.inference import read_ct_series, require_training_orientation, segment
from training.onnx_graph import OnnxGraph
from training.preprocess import PreprocessingParams, resize_bilinear

SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4"


def dice(prediction: np.ndarray, truth: np.ndarray) -> float:
    total = prediction.sum() + truth.sum()
    return 1.0 if total == 0 else float(2 * np.logical_and(prediction, truth).sum() / total)


def surface(mask: np.ndarray) -> np.ndarray:
    return mask & ~ndimage.binary_erosion(mask, structure=ndimage.generate_binary_structure(3, 1))


def assd_mm(prediction: np.ndarray, truth: np.ndarray, spacing_zyx) -> float:
    prediction_surface, truth_surface = surface(prediction.astype(bool)), surface(truth.astype(bool))
    if not prediction_surface.any() or not truth_surface.any():
        return float("inf")
    to_truth = ndimage.distance_transform_edt(~truth_surface, sampling=spacing_zyx)[prediction_surface]
    to_prediction = ndimage.distance_transform_edt(~prediction_surface, sampling=spacing_zyx)[truth_surface]
    return float((to_truth.sum() + to_prediction.sum()) / (len(to_truth) + len(to_prediction)))


def ircadb_reference(data_root: Path):
    """The 3D-IRCADb patient 1 series and its manual mask, checked to be in the same slice order."""
    folder = data_root / "ircadb-p1"
    if not (folder / "liver_mask.npz").is_file():
        raise SystemExit(f"error: {folder.resolve()}/liver_mask.npz not found; pass --data <shared data folder>")
    series = read_ct_series(folder / "dicom")
    reference = np.load(folder / "liver_mask.npz")
    if list(reference["sop_instance_uid"]) != series.sop_instance_uids:
        raise SystemExit("error: the mask's slice order does not match the series sorted by position")
    return series, reference["mask"].astype(bool), list(reference["sop_instance_uid"])


def mask_from_seg(seg_path: Path, sop_instance_uids, shape) -> np.ndarray:
    """Liver mask [S, rows, columns] from a DICOM SEG, frames placed by their referenced source slice."""
    files = sorted(seg_path.glob("*.dcm")) if seg_path.is_dir() else [seg_path]
    segs = [ds for ds in (pydicom.dcmread(f) for f in files) if ds.get("SOPClassUID") == SEGMENTATION_STORAGE]
    if len(segs) != 1:
        raise SystemExit(f"error: expected one DICOM Segmentation in {seg_path}, found {len(segs)}")
    seg = segs[0]
    frames = seg.pixel_array.reshape(int(seg.get("NumberOfFrames", 1)), seg.Rows, seg.Columns)
    if frames.shape[1:] != tuple(shape[1:]):
        raise SystemExit(f"error: SEG frames are {frames.shape[1:]}, the CT slices {tuple(shape[1:])}")
    index = {uid: i for i, uid in enumerate(sop_instance_uids)}
    mask = np.zeros(shape, dtype=bool)
    for frame, group in zip(frames, seg.PerFrameFunctionalGroupsSequence):
        uid = group.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        if uid not in index:
            raise SystemExit(f"error: SEG frame references {uid}, which is not a slice of the series")
        mask[index[uid]] |= frame > 0
    return mask


def evaluate_seg(args) -> None:
    series, truth, uids = ircadb_reference(Path(args.data))
    prediction = mask_from_seg(Path(args.seg), uids, truth.shape)
    print(f"3D-IRCADb patient 1, node SEG {args.seg}: Dice {dice(prediction, truth):.4f}, "
          f"ASSD {assd_mm(prediction, truth, series.spacing_zyx):.2f} mm")


@dataclass
class ExportedModel:
    """An exported graph with its manifest, run the way training/onnx_graph.py runs it."""
    manifest_path: Path
    manifest: dict
    params: PreprocessingParams
    graph: OnnxGraph

    @classmethod
    def load(cls, model: str, manifest: Optional[str] = None) -> "ExportedModel":
        manifest_path = Path(manifest or Path(model).with_suffix(".json"))
        stored = json.loads(manifest_path.read_text())
        return cls(manifest_path, stored, PreprocessingParams.from_manifest(stored), OnnxGraph(model))

    @property
    def threshold(self) -> float:
        return self.manifest["output"]["threshold"]


def lits_dice(image: np.ndarray, native_mask: np.ndarray, predict, threshold: float) -> float:
    """Dice over a LiTS patient's slices at their native 256 x 256: pre-processed image [S, C, 224, 224] in,
    probabilities resized back bilinearly and thresholded, no post-processing (the set keeps a subset)."""
    probability = np.concatenate([predict(image[i:i + 16])[:, 0] for i in range(0, len(image), 16)])
    return dice(resize_bilinear(probability, *native_mask.shape[1:]) >= threshold, native_mask > 0)


def evaluate_model(args) -> None:
    model = ExportedModel.load(args.model, args.manifest)
    manifest, params, graph, threshold = model.manifest, model.params, model.graph, model.threshold
    data_root = data_root_or_exit(args.data)

    lits = {}
    for patient in load_lits(data_root, params, VALIDATION_PATIENTS):
        lits[patient.patient] = lits_dice(patient.image, patient.native_mask, graph.run, threshold)
        print(f"LiTS {patient.patient} ({len(patient.image)} slices): Dice {lits[patient.patient]:.4f}", flush=True)
    print(f"LiTS validation mean Dice {np.mean(list(lits.values())):.4f}")

    series, truth, _ = ircadb_reference(data_root)
    require_training_orientation(series, manifest["orientation"]["rowDirection"],
                                 manifest["orientation"]["columnDirection"])
    prediction = segment(series.hu, params, graph.run, threshold)
    ircadb = {"dice": round(dice(prediction, truth), 4),
              "assdMm": round(assd_mm(prediction, truth, series.spacing_zyx), 2)}
    print(f"3D-IRCADb patient 1 ({len(truth)} slices, Python pipeline): Dice {ircadb['dice']:.4f}, "
          f"ASSD {ircadb['assdMm']:.2f} mm")
    if args.save_mask:
        np.savez_compressed(args.save_mask, mask=prediction.astype(np.uint8),
                            sop_instance_uid=np.array(series.sop_instance_uids))
    if args.write_metrics:
        manifest["metrics"] = {
            "litsValidationDice": {k: round(v, 4) for k, v in lits.items()},
            "litsValidationDiceMean": round(float(np.mean(list(lits.values()))), 4),
            "litsValidationNote": "Dice over each patient's available slices at 256x256, threshold 0.5, "
                                  "no post-processing (the set keeps a subset of slices)",
            "ircadbPatient1": dict(ircadb, note="whole series at 512x512 through the Python pipeline "
                                               "(training/inference.py): threshold 0.5, largest 3D component, "
                                               "holes filled per slice; never used in training"),
        }
        model.manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
        print(f"metrics written to {model.manifest_path}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_DATA_ROOT), help="shared data folder (default: %(default)s)")
    commands = parser.add_subparsers(dest="command", required=True)
    seg = commands.add_parser("seg", help="score a DICOM SEG the node wrote for 3D-IRCADb patient 1")
    seg.add_argument("seg", help="the SEG file, or the folder the node wrote it to")
    seg.set_defaults(run=evaluate_seg)
    model = commands.add_parser("model", help="score the exported model through the Python pipeline")
    model.add_argument("--model", default="models/liver.onnx")
    model.add_argument("--manifest", help="default: the .json beside the model")
    model.add_argument("--save-mask", help="write the 3D-IRCADb mask here (.npz: mask, sop_instance_uid)")
    model.add_argument("--write-metrics", action="store_true", help="store the results in the manifest")
    model.set_defaults(run=evaluate_model)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main(sys.argv[1:])
