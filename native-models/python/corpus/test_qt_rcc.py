#!/usr/bin/python3
"""Unit test of the Qt .rcc reader on a resource file written here byte by byte.

    /usr/bin/python3 -m unittest native-models/python/corpus/test_qt_rcc.py
"""
import os
import struct
import sys
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qt_rcc  # noqa: E402


def name_blob(name):
    return struct.pack(">HI", len(name), 0) + name.encode("utf-16-be")


def make_rcc(version=3):
    """root/ -> img/ -> {a.png (raw), b.webp (zlib)}, c.txt (zstd flag)."""
    names = b""
    offs = {}
    for n in ("img", "a.png", "b.webp", "c.txt"):
        offs[n] = len(names)
        names += name_blob(n)
    raw, comp = b"RAW-BYTES", b"compressed payload " * 10
    zpayload = struct.pack(">I", len(comp)) + zlib.compress(comp)
    data = b""
    doff = {}
    for key, payload in (("a.png", raw), ("b.webp", zpayload), ("c.txt", b"zstd?")):
        doff[key] = len(data)
        data += struct.pack(">I", len(payload)) + payload
    extra = b"\0" * 8 if version >= 2 else b""
    tree = b""
    tree += struct.pack(">IHII", 0, qt_rcc.FLAG_DIRECTORY, 1, 1) + extra               # 0 root
    tree += struct.pack(">IHII", offs["img"], qt_rcc.FLAG_DIRECTORY, 3, 2) + extra     # 1 img/
    tree += struct.pack(">IHHHI", offs["a.png"], 0, 0, 0, doff["a.png"]) + extra       # 2
    tree += struct.pack(">IHHHI", offs["b.webp"], qt_rcc.FLAG_COMPRESSED, 0, 0, doff["b.webp"]) + extra
    tree += struct.pack(">IHHHI", offs["c.txt"], qt_rcc.FLAG_COMPRESSED_ZSTD, 0, 0, doff["c.txt"]) + extra
    header_len = 24 if version >= 3 else 20
    data_off = header_len
    names_off = data_off + len(data)
    tree_off = names_off + len(names)
    header = b"qres" + struct.pack(">IIII", version, tree_off, data_off, names_off)
    if version >= 3:
        header += struct.pack(">I", 0)
    return header + data + names + tree, raw, comp


class QtRccTest(unittest.TestCase):
    def test_reads_tree_raw_zlib_and_flags_zstd(self):
        for version in (1, 2, 3):
            blob, raw, comp = make_rcc(version)
            r = qt_rcc.RccFile(blob)
            entries = list(r.entries())
            self.assertEqual([e[0] for e in entries], ["/img/a.png", "/img/b.webp", "/img/c.txt"])
            got = {p: r.read(f, d) for p, f, d in entries}
            self.assertEqual(got["/img/a.png"], raw)
            self.assertEqual(got["/img/b.webp"], comp)
            self.assertIsNone(got["/img/c.txt"])

    def test_rejects_non_rcc_and_bad_zlib_length(self):
        with self.assertRaises(qt_rcc.RccError):
            qt_rcc.RccFile(b"PK\x03\x04" + b"\0" * 40)
        blob, _, comp = make_rcc(3)
        bad = blob.replace(struct.pack(">I", len(comp)) + zlib.compress(comp),
                           struct.pack(">I", len(comp) + 1) + zlib.compress(comp))
        r = qt_rcc.RccFile(bad)
        p, f, d = [e for e in r.entries() if e[0].endswith("b.webp")][0]
        with self.assertRaises(qt_rcc.RccError):
            r.read(f, d)


if __name__ == "__main__":
    unittest.main()
