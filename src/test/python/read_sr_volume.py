"""Independent reader for the volume report tests: opens the SR with pydicom and prints, as JSON, its SOP class
and every NUM content item named Volume (118565006, SCT) found anywhere in the content tree, with its units.

Usage: read_sr_volume.py SR_FILE
"""
import json
import sys

import pydicom


def volumes(item):
    for child in getattr(item, "ContentSequence", []):
        name = child.ConceptNameCodeSequence[0]
        if child.ValueType == "NUM" and (name.CodeValue, name.CodingSchemeDesignator) == ("118565006", "SCT"):
            measured = child.MeasuredValueSequence[0]
            units = measured.MeasurementUnitsCodeSequence[0]
            yield {"value": float(measured.NumericValue),
                   "units": [units.CodeValue, units.CodingSchemeDesignator, units.CodeMeaning]}
        yield from volumes(child)


def main(sr_file):
    ds = pydicom.dcmread(sr_file)
    print(json.dumps({"sopClassUid": ds.SOPClassUID, "volumes": list(volumes(ds))}))


if __name__ == "__main__":
    main(sys.argv[1])
