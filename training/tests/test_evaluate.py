"""The SEG reader and the surface distance, on dcmqi's reference SEG when the shared data are present.

Run: /usr/bin/python3 -m unittest discover -s training/tests -t .
"""
import gzip
import unittest

import numpy as np
import pydicom

from training.data import DEFAULT_DATA_ROOT
from training.evaluate import assd_mm, dice, mask_from_seg

DCMQI = DEFAULT_DATA_ROOT / "dcmqi-ct3"


def read_nrrd_label(path) -> np.ndarray:
    """The gzip-encoded 3D label of dcmqi's example as [z, y, x] (NRRD stores x fastest)."""
    raw = path.read_bytes()
    header, body = raw.split(b"\n\n", 1)
    fields = dict(line.split(": ", 1) for line in header.decode().splitlines()[1:] if ": " in line)
    assert fields["type"] == "short" and fields["encoding"] == "gzip" and fields["endian"] == "little"
    x, y, z = (int(v) for v in fields["sizes"].split())
    return np.frombuffer(gzip.decompress(body), dtype="<i2").reshape(z, y, x)


@unittest.skipUnless((DCMQI / "liver.dcm").is_file(), f"shared data absent ({DCMQI})")
class SegReaderTest(unittest.TestCase):
    def test_frames_land_on_their_source_slices(self):
        slices = sorted((pydicom.dcmread(DCMQI / f) for f in ("01.dcm", "02.dcm", "03.dcm")),
                        key=lambda ds: float(ds.ImagePositionPatient[2]))
        shape = (len(slices), slices[0].Rows, slices[0].Columns)
        mask = mask_from_seg(DCMQI / "liver.dcm", [ds.SOPInstanceUID for ds in slices], shape)
        self.assertEqual(dice(mask, read_nrrd_label(DCMQI / "liver_seg.nrrd") > 0), 1.0)


class SurfaceDistanceTest(unittest.TestCase):
    def test_shifted_box_has_the_expected_distance(self):
        truth = np.zeros((10, 20, 20), dtype=bool)
        truth[2:8, 5:15, 5:15] = True
        self.assertEqual(assd_mm(truth, truth, (1.0, 1.0, 1.0)), 0.0)
        shifted = np.roll(truth, 1, axis=2)
        # Shifted by one voxel of 0.5 mm: most surface voxels are 0.5 mm from the other surface, the
        # faces at the same x lie on the other surface.
        self.assertGreater(assd_mm(shifted, truth, (2.0, 0.5, 0.5)), 0.0)
        self.assertLessEqual(assd_mm(shifted, truth, (2.0, 0.5, 0.5)), 0.5)


if __name__ == "__main__":
    unittest.main()
