// Draws build/icon.png (512×512): an eye on a dark rounded square. Run `node build/make-icon.mjs`
// to regenerate. Plain zlib + a hand-rolled PNG writer, so the icon needs no image package.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // per axis, for anti-aliased edges

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const C = SIZE / 2;
const inRoundedSquare = (x, y) => {
  const margin = 24, radius = 104;
  const dx = Math.max(margin + radius - x, 0, x - (SIZE - margin - radius));
  const dy = Math.max(margin + radius - y, 0, y - (SIZE - margin - radius));
  return dx * dx + dy * dy <= radius * radius;
};
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
// The eye is the lens where two circles overlap: 360 wide, 200 tall.
const inEye = (x, y) => inCircle(x, y, C, C - 112, 212) && inCircle(x, y, C, C + 112, 212);

/** Colour of one sample point, or null outside the icon. */
function paint(x, y) {
  if (!inRoundedSquare(x, y)) return null;
  if (inCircle(x, y, C + 30, C - 30, 16)) return [255, 255, 255];
  if (inCircle(x, y, C, C, 38)) return [15, 23, 42];
  if (inCircle(x, y, C, C, 80) && inEye(x, y)) return [20, 184, 166];
  if (inEye(x, y)) return [241, 245, 249];
  const t = y / SIZE; // background: slate to deep blue, top to bottom
  return [Math.round(15 + 15 * t), Math.round(23 + 35 * t), Math.round(42 + 53 * t)];
}

const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const colour = paint(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        if (!colour) continue;
        sum[0] += colour[0];
        sum[1] += colour[1];
        sum[2] += colour[2];
        sum[3] += 1;
      }
    }
    const i = (y * SIZE + x) * 4;
    if (sum[3] === 0) continue;
    pixels[i] = Math.round(sum[0] / sum[3]);
    pixels[i + 1] = Math.round(sum[1] / sum[3]);
    pixels[i + 2] = Math.round(sum[2] / sum[3]);
    pixels[i + 3] = Math.round((255 * sum[3]) / (SAMPLES * SAMPLES));
  }
}

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(out, encodePng(SIZE, SIZE, pixels));
console.log(`wrote ${out}`);
