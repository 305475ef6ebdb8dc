import tempfile
import unittest
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from training import qc_false_review as q
from training.data import DEFAULT_DATA_ROOT

LIMITS = {"smallLiverBelowMl": {"value": 450}, "largeLiverAboveMl": {"value": 4000},
          "cutAreaAboveMm2": {"value": 500}, "cutBorderAboveMm": {"value": 10}}


def whole_liver(slices=40, size=64):
    """A ball-ish liver of 1 mm pixels, 5 mm slices, ending inside the scanned range and the image."""
    mask = np.zeros((slices, size, size), dtype=np.uint8)
    for z in range(5, slices - 5):
        radius = 25 * np.sin(np.pi * (z - 4) / (slices - 8))
        rows, cols = np.mgrid[0:size, 0:size]
        mask[z][(rows - size / 2) ** 2 + (cols - size / 2) ** 2 < radius ** 2] = 1
    return mask, np.arange(slices) * 5.0, (1.0, 1.0)


def code(value, scheme, meaning):
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return Sequence([item])


def content(value_type, name, **values):
    item = Dataset()
    item.RelationshipType = "CONTAINS"
    item.ValueType = value_type
    item.ConceptNameCodeSequence = code(*name, "x")
    for key, value in values.items():
        setattr(item, key, value)
    return item


def volume_report(outcome_code, reasons, volume="1493.2"):
    num = content("NUM", q.SR_VOLUME)
    measured = Dataset()
    measured.NumericValue = volume
    measured.MeasurementUnitsCodeSequence = code("mL", "UCUM", "milliliter")
    num.MeasuredValueSequence = Sequence([measured])
    quality = content("CODE", q.SR_QUALITY_ASSESSMENT, ConceptCodeSequence=code(outcome_code, "DCM", "x"))
    if reasons:
        quality.ContentSequence = Sequence([content("TEXT", q.SR_QUALITY_FINDING, TextValue=r) for r in reasons])
    group = content("CONTAINER", ("125007", "DCM"), ContinuityOfContent="SEPARATE")
    group.ContentSequence = Sequence([num, quality])
    measurements = content("CONTAINER", ("126010", "DCM"), ContinuityOfContent="SEPARATE")
    measurements.ContentSequence = Sequence([group])
    root = Dataset()
    root.ContentSequence = Sequence([measurements])
    return root


class HelpersTest(unittest.TestCase):
    def test_slice_thicknesses_follow_the_node(self):
        np.testing.assert_allclose(q.slice_thicknesses([0, 5, 10, 15]), [5, 5, 5, 5])
        # uneven (the LiTS subsets): half the distance to each neighbour, the whole one at either end
        np.testing.assert_allclose(q.slice_thicknesses([0, 15, 20, 25]), [15, 10, 5, 5])
        with self.assertRaises(ValueError):
            q.slice_thicknesses([3.0])

    def test_mask_volume(self):
        mask = np.zeros((4, 10, 10), dtype=np.uint8)
        mask[1:3, :5, :4] = 1                            # 20 pixels of 2 x 2 mm on two 5 mm slices
        self.assertAlmostEqual(q.mask_volume_ml(mask, [0, 5, 10, 15], (2.0, 2.0)), 2 * 20 * 4 * 5 / 1000)

    def test_a_whole_plausible_liver_warrants_no_review(self):
        mask, positions, spacing = whole_liver()
        limits = dict(LIMITS, smallLiverBelowMl={"value": 1})
        self.assertEqual(q.expected_review_reasons(mask, positions, spacing, limits), [])

    def test_small_cut_and_bordering_livers_warrant_a_review(self):
        mask, positions, spacing = whole_liver()
        self.assertIn("below 450 mL", q.expected_review_reasons(mask, positions, spacing, LIMITS)[0])
        limits = dict(LIMITS, smallLiverBelowMl={"value": 1})
        cut = mask[12:]                                   # the scanned range starts in the liver
        self.assertIn("first slice", " ".join(q.expected_review_reasons(cut, positions[12:], spacing, limits)))
        shifted = np.roll(mask, 20, axis=2)               # the liver runs off the image's right border
        shifted[:, :, :20] = 0
        self.assertIn("image border", " ".join(q.expected_review_reasons(shifted, positions, spacing, limits)))

    def test_stored_values_round_and_clip(self):
        stored = q.stored_values(np.array([-2000.0, -1024.0, 0.4, 3071.0, 70000.0]), 1.0, -1024.0, np.uint16)
        np.testing.assert_array_equal(stored, [0, 0, 1024, 4095, 65535])
        self.assertEqual(q.stored_values(np.array([40000.0]), 1.0, 0.0, np.int16)[0], 32767)

    def test_derived_uids_are_stable_and_distinct(self):
        self.assertEqual(q.derived_uid("a", "clean"), q.derived_uid("a", "clean"))
        self.assertNotEqual(q.derived_uid("a", "clean"), q.derived_uid("a", "needles"))
        self.assertLessEqual(len(q.derived_uid("a")), 64)

    def test_sr_findings(self):
        found = q.sr_findings(volume_report(q.SR_REVIEW, ["liver volume 400 mL, below 450 mL", "cut"]))
        self.assertEqual(found, {"volume_ml": 1493.2, "outcome": "REVIEW",
                                 "reasons": ["liver volume 400 mL, below 450 mL", "cut"]})
        self.assertEqual(q.sr_findings(volume_report(q.SR_PASS, []))["outcome"], "PASS")
        with self.assertRaises(ValueError):
            q.sr_findings(Dataset())

    def test_false_review_summary(self):
        rows = [
            {"variant": "clean", "outcome": "PASS", "expected_reasons": [], "dice": 0.96},
            {"variant": "clean", "outcome": "REVIEW", "expected_reasons": [], "dice": 0.95},
            {"variant": "needles", "outcome": "REVIEW", "expected_reasons": [], "dice": 0.80},
            {"variant": "needles", "outcome": "REVIEW", "expected_reasons": ["cut"], "dice": 0.95},  # not counted
        ]
        s = q.false_review_summary(rows)
        self.assertEqual((s["overall"]["falseReviews"], s["overall"]["series"]), (2, 3))
        self.assertAlmostEqual(s["clean"]["rate"], 0.5)
        self.assertEqual((s["variants"]["falseReviews"], s["variants"]["series"]), (1, 1))
        self.assertEqual((s["variants"]["falseReviewsOfGoodMasks"], s["variants"]["seriesWithGoodMask"]), (0, 0))
        self.assertIsNone(s["variants"]["rateOfGoodMasks"])

    def test_lits_series_is_a_readable_ct_series(self):
        hu = np.stack([np.full((8, 8), v, dtype=np.float64) for v in (-1000.0, 60.0, 160.0)])
        with tempfile.TemporaryDirectory() as tmp:
            uids = q.write_lits_series(Path(tmp), "volume-x", [10, 12, 18], hu, "clean", 2.5)
            datasets = [pydicom.dcmread(p) for p in sorted(Path(tmp).glob("*.dcm"))]
        self.assertEqual([ds.SOPInstanceUID for ds in datasets], uids)
        self.assertEqual(len({ds.SeriesInstanceUID for ds in datasets}), 1)
        self.assertEqual([float(ds.ImagePositionPatient[2]) for ds in datasets], [25.0, 30.0, 45.0])
        for ds, expected in zip(datasets, (-1000.0, 60.0, 160.0)):
            self.assertEqual(ds.SOPClassUID, pydicom.uid.CTImageStorage)
            restored = ds.pixel_array * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
            np.testing.assert_array_equal(restored, expected)


@unittest.skipUnless((DEFAULT_DATA_ROOT / "ircadb-p1" / "dicom").is_dir(),
                     f"shared data absent ({DEFAULT_DATA_ROOT}): the IRCADb header copy is not tested")
class IrcadbSeriesTest(unittest.TestCase):
    def test_headers_are_kept_and_pixels_replaced(self):
        folder = DEFAULT_DATA_ROOT / "ircadb-p1" / "dicom"
        templates = [pydicom.dcmread(p) for p in sorted(folder.iterdir())[:2]]
        hu = np.stack([np.full((t.Rows, t.Columns), 50.0 * i) for i, t in enumerate(templates)])
        with tempfile.TemporaryDirectory() as tmp:
            q.write_ircadb_series(Path(tmp), templates, hu, "low dose")
            written = [pydicom.dcmread(p) for p in sorted(Path(tmp).glob("*.dcm"))]
        for template, ds, expected in zip(templates, written, hu):
            self.assertEqual(ds.ImagePositionPatient, template.ImagePositionPatient)
            self.assertEqual(ds.StudyInstanceUID, template.StudyInstanceUID)
            self.assertNotEqual(ds.SOPInstanceUID, template.SOPInstanceUID)
            self.assertNotEqual(ds.SeriesInstanceUID, template.SeriesInstanceUID)
            self.assertEqual(ds.file_meta.MediaStorageSOPInstanceUID, ds.SOPInstanceUID)
            np.testing.assert_array_equal(ds.pixel_array * float(ds.RescaleSlope) + float(ds.RescaleIntercept),
                                          expected)
        self.assertEqual(written[0].SeriesInstanceUID, written[1].SeriesInstanceUID)


if __name__ == "__main__":
    unittest.main()
