/**
 * The demo organisation's logo, drawn at seed time: a small PNG (a blue
 * square with a white "A" in blocks), so the repository carries no binary
 * and the PO PDF has a real image to print. Pure Node: zlib and a CRC.
 */
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** "A" on a 5 × 7 grid. */
const GLYPH = ["01110", "10001", "10001", "11111", "10001", "10001", "10001"];

/** A size × size RGB PNG. */
export function demoLogoPng(size = 64): Buffer {
  const cell = Math.floor(size / 9);
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0: none
    for (let x = 0; x < size; x++) {
      const gx = Math.floor((x - 2 * cell) / cell);
      const gy = Math.floor((y - cell) / cell);
      const ink = gy >= 0 && gy < 7 && gx >= 0 && gx < 5 && GLYPH[gy][gx] === "1";
      const [r, g, b] = ink ? [255, 255, 255] : [29, 78, 216];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
