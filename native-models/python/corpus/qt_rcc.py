"""Reader for Qt binary resource files (.rcc, `rcc -binary` output), formats 1-3.

Layout (qtbase src/corelib/io/qresource.cpp):
  header  'qres' | version u32 | tree offset u32 | data offset u32 | names offset u32
          | (version >= 3) overall flags u32             -- all big-endian
  tree    one node per entry, 14 bytes (+8 bytes last-modified from version 2):
          name offset u32 | flags u16 | directory: child count u32, first child u32
                                      | file: country u16, language u16, data offset u32
  names   u16 length | u32 hash | UTF-16BE characters
  data    u32 length | payload; a zlib-compressed payload (flag 0x01) is qCompress output:
          u32 big-endian uncompressed length followed by a zlib stream; flag 0x04 marks a
          zstd-compressed payload (no zstd decoder in this environment: counted and skipped).
"""
import struct
import zlib

FLAG_COMPRESSED = 0x01
FLAG_DIRECTORY = 0x02
FLAG_COMPRESSED_ZSTD = 0x04


class RccError(ValueError):
    pass


class RccFile:
    def __init__(self, blob):
        if blob[:4] != b"qres":
            raise RccError("not a Qt resource file (magic != 'qres')")
        self.blob = blob
        self.version, self.tree, self.data, self.names = struct.unpack(">IIII", blob[4:20])
        if self.version not in (1, 2, 3):
            raise RccError(f"unsupported rcc format version {self.version}")
        self.node_size = 14 if self.version == 1 else 22

    def _name(self, off):
        p = self.names + off
        (n,) = struct.unpack(">H", self.blob[p:p + 2])
        return self.blob[p + 6:p + 6 + 2 * n].decode("utf-16-be")

    def _node(self, i):
        p = self.tree + i * self.node_size
        name_off, flags = struct.unpack(">IH", self.blob[p:p + 6])
        if flags & FLAG_DIRECTORY:
            count, first = struct.unpack(">II", self.blob[p + 6:p + 14])
            return dict(name=self._name(name_off), flags=flags, count=count, first=first)
        _country, _lang, data_off = struct.unpack(">HHI", self.blob[p + 6:p + 14])
        return dict(name=self._name(name_off), flags=flags, data=data_off)

    def entries(self):
        """Yield (path, flags, data offset) for every file, depth first in tree order."""
        stack = [(0, "")]
        while stack:
            i, prefix = stack.pop()
            node = self._node(i)
            path = prefix if i == 0 else f"{prefix}/{node['name']}"
            if node["flags"] & FLAG_DIRECTORY:
                for c in reversed(range(node["first"], node["first"] + node["count"])):
                    stack.append((c, path))
            else:
                yield path, node["flags"], node["data"]

    def read(self, flags, data_off):
        """-> bytes, or None for a zstd payload (not decodable here)."""
        p = self.data + data_off
        (n,) = struct.unpack(">I", self.blob[p:p + 4])
        payload = self.blob[p + 4:p + 4 + n]
        if flags & FLAG_COMPRESSED_ZSTD:
            return None
        if flags & FLAG_COMPRESSED:
            (size,) = struct.unpack(">I", payload[:4])
            out = zlib.decompress(payload[4:])
            if len(out) != size:
                raise RccError(f"zlib payload length {len(out)} != declared {size}")
            return out
        return payload
