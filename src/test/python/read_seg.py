"""Independent reader for the SEG tests: opens a DICOM Segmentation with pydicom and writes what it holds.

Usage: read_seg.py SEG_FILE OUT_DIR

Writes OUT_DIR/seg.json (header facts and, per frame, the referenced source instance, the position, the
segment and the number of set pixels) and OUT_DIR/frames.u8 (the frames as pydicom decodes them, one
byte per pixel, frame after frame, row by row). Uses pydicom's own bit unpacking, not the writer's.
"""
import json
import sys
from pathlib import Path

import pydicom


def code(sequence):
    item = sequence[0]
    return [item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning]


def main(seg_file, out_dir):
    ds = pydicom.dcmread(seg_file)
    frames = ds.pixel_array.reshape(int(ds.NumberOfFrames), ds.Rows, ds.Columns)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frames.astype("uint8").tofile(out / "frames.u8")

    per_frame = []
    for index, group in enumerate(ds.PerFrameFunctionalGroupsSequence):
        derivation = group.DerivationImageSequence[0]
        source = derivation.SourceImageSequence[0]
        per_frame.append({
            "referencedSopClassUid": source.ReferencedSOPClassUID,
            "referencedSopInstanceUid": source.ReferencedSOPInstanceUID,
            "purposeOfReference": code(source.PurposeOfReferenceCodeSequence),
            "derivation": code(derivation.DerivationCodeSequence),
            "imagePosition": [float(v) for v in group.PlanePositionSequence[0].ImagePositionPatient],
            "segmentNumber": int(group.SegmentIdentificationSequence[0].ReferencedSegmentNumber),
            "dimensionIndexValues": [int(v) for v in group.FrameContentSequence[0].DimensionIndexValues],
            "pixelCount": int(frames[index].sum()),
        })
    referenced = [
        {"seriesInstanceUid": series.SeriesInstanceUID,
         "sopInstanceUids": [item.ReferencedSOPInstanceUID for item in series.ReferencedInstanceSequence]}
        for series in ds.ReferencedSeriesSequence
    ]
    segments = [
        {"number": int(s.SegmentNumber), "label": s.SegmentLabel,
         "category": code(s.SegmentedPropertyCategoryCodeSequence),
         "type": code(s.SegmentedPropertyTypeCodeSequence),
         "algorithmType": s.SegmentAlgorithmType,
         "cieLab": [int(v) for v in s.RecommendedDisplayCIELabValue]}
        for s in ds.SegmentSequence
    ]
    facts = {
        "transferSyntaxUid": ds.file_meta.TransferSyntaxUID,
        "sopClassUid": ds.SOPClassUID,
        "modality": ds.Modality,
        "segmentationType": ds.SegmentationType,
        "frameOfReferenceUid": ds.FrameOfReferenceUID,
        "patientName": str(ds.PatientName),
        "rows": int(ds.Rows),
        "columns": int(ds.Columns),
        "numberOfFrames": int(ds.NumberOfFrames),
        "pixelDataLength": len(ds.PixelData),
        "segments": segments,
        "referencedSeries": referenced,
        "frames": per_frame,
    }
    (out / "seg.json").write_text(json.dumps(facts, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
