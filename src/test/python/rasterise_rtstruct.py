"""Independent reader for the RT Structure Set tests: rasterises each ROI's contours back onto the CT slices.

Usage: rasterise_rtstruct.py RTSTRUCT_FILE CT_FOLDER OUT_DIR

Reads the structure set and every CT file in CT_FOLDER with pydicom. Each contour is mapped onto the pixel
grid of the slice its ContourImageSequence references, using only that CT file's ImagePositionPatient,
ImageOrientationPatient and PixelSpacing (points are projected onto the slice plane, never looked up by
index), and filled by the even-odd rule over pixel centres: a pixel is inside when its centre lies inside an
odd number of the slice's contours.

Writes OUT_DIR/masks.u8 (one plane per CT slice, in the order of "sopInstanceUids" in OUT_DIR/rtstruct.json,
one byte per pixel, row by row) for the first ROI, and rtstruct.json with header facts and, per contour, its
slice, point count, encoded ContourData length and how far its points lie from the slice plane along the
normal.
"""
import json
import sys
from pathlib import Path

import numpy as np
import pydicom


class Slice:
    def __init__(self, ds):
        self.sop_class_uid = ds.SOPClassUID
        self.sop_instance_uid = ds.SOPInstanceUID
        self.rows = int(ds.Rows)
        self.columns = int(ds.Columns)
        self.position = np.array([float(v) for v in ds.ImagePositionPatient])
        orientation = [float(v) for v in ds.ImageOrientationPatient]
        self.row_direction = np.array(orientation[:3])
        self.column_direction = np.array(orientation[3:])
        spacing = [float(v) for v in ds.PixelSpacing]
        # PixelSpacing[0] is the distance between rows (along the column direction), [1] between columns.
        self.row_spacing, self.column_spacing = spacing
        normal = np.cross(self.row_direction, self.column_direction)
        self.normal = normal / np.linalg.norm(normal)

    def to_pixels(self, points):
        """(row, column) of patient points, by least squares on the slice's own axes (exact for in-plane points)."""
        axes = np.stack([self.row_direction * self.column_spacing, self.column_direction * self.row_spacing], axis=1)
        solution, *_ = np.linalg.lstsq(axes, (points - self.position).T, rcond=None)
        columns, rows = solution
        return rows, columns

    def distance_from_plane(self, points):
        return (points - self.position) @ self.normal


def even_odd_fill(polygons, rows, columns):
    """Pixels whose centre (r, c) lies inside an odd number of polygons, each given as (rows, columns) arrays."""
    # crossings[r, k]: how many polygon edges cross the centre line of row r left of column k's centre and right of k-1's
    crossings = np.zeros((rows, columns + 1), dtype=np.int64)
    for ys, xs in polygons:
        y0, x0 = ys, xs
        y1, x1 = np.roll(ys, -1), np.roll(xs, -1)
        for a_y, a_x, b_y, b_x in zip(y0, x0, y1, x1):
            if a_y == b_y:
                continue
            low, high = min(a_y, b_y), max(a_y, b_y)
            # Half-open in y, so that a vertex on a centre line counts once.
            first = max(int(np.ceil(low)), 0)
            last = min(int(np.ceil(high)) - 1, rows - 1)
            if first > last:
                continue
            r = np.arange(first, last + 1)
            x = a_x + (r - a_y) * (b_x - a_x) / (b_y - a_y)
            # The crossing flips every centre c < x, i.e. c < ceil(x).
            k = np.clip(np.ceil(x).astype(np.int64), 0, columns)
            np.add.at(crossings, (r, k), 1)
    # parity at column c = number of crossings with k > c
    right_of = np.cumsum(crossings[:, ::-1], axis=1)[:, ::-1]
    return (right_of[:, 1:] % 2).astype(np.uint8)


def main(rtstruct_file, ct_folder, out_dir):
    ds = pydicom.dcmread(rtstruct_file)
    slices = {}
    for path in sorted(Path(ct_folder).iterdir()):
        ct = pydicom.dcmread(path, stop_before_pixels=True)
        slices[ct.SOPInstanceUID] = Slice(ct)
    order = list(slices)

    roi = ds.ROIContourSequence[0]
    polygons = {uid: [] for uid in order}
    contours = []
    for contour in getattr(roi, "ContourSequence", []):
        images = contour.ContourImageSequence
        uid = images[0].ReferencedSOPInstanceUID
        # Before ContourData is parsed: its encoded length, which Explicit VR could not hold over 65534 bytes.
        value_length = contour.get_item(0x30060050).length
        ct = slices[uid]
        data = np.array([float(v) for v in contour.ContourData]).reshape(-1, 3)
        rows, columns = ct.to_pixels(data)
        polygons[uid].append((rows, columns))
        contours.append({
            "sopInstanceUid": uid,
            "referencedSopClassUid": images[0].ReferencedSOPClassUID,
            "images": len(images),
            "geometricType": contour.ContourGeometricType,
            "numberOfContourPoints": int(contour.NumberOfContourPoints),
            "points": len(data),
            "valueLength": value_length,
            "maxDistanceFromPlane": float(np.abs(ct.distance_from_plane(data)).max()),
            "longestValue": max(len(str(v)) for v in contour.ContourData),
        })

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "masks.u8", "wb") as masks:
        for uid in order:
            ct = slices[uid]
            masks.write(even_odd_fill(polygons[uid], ct.rows, ct.columns).tobytes())

    frame = ds.ReferencedFrameOfReferenceSequence[0]
    study = frame.RTReferencedStudySequence[0]
    series = study.RTReferencedSeriesSequence[0]
    structure_roi = ds.StructureSetROISequence[0]
    observation = ds.RTROIObservationsSequence[0]
    facts = {
        "transferSyntaxUid": ds.file_meta.TransferSyntaxUID,
        "sopClassUid": ds.SOPClassUID,
        "modality": ds.Modality,
        "frameOfReferenceUid": ds.FrameOfReferenceUID,
        "referencedFrameOfReferenceUid": frame.FrameOfReferenceUID,
        "referencedStudy": [study.ReferencedSOPClassUID, study.ReferencedSOPInstanceUID],
        "referencedSeriesInstanceUid": series.SeriesInstanceUID,
        "contourImages": [item.ReferencedSOPInstanceUID for item in series.ContourImageSequence],
        "roiNumber": int(structure_roi.ROINumber),
        "roiName": structure_roi.ROIName,
        "roiFrameOfReferenceUid": structure_roi.ReferencedFrameOfReferenceUID,
        "roiGenerationAlgorithm": structure_roi.ROIGenerationAlgorithm,
        "referencedRoiNumber": int(roi.ReferencedROINumber),
        "displayColor": [int(v) for v in roi.ROIDisplayColor],
        "observedRoiNumber": int(observation.ReferencedROINumber),
        "interpretedType": observation.RTROIInterpretedType,
        "sopInstanceUids": order,
        "contours": contours,
    }
    (out / "rtstruct.json").write_text(json.dumps(facts, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
