/**
 * Draws the two Teams app icons into appPackage/: `color.png` (192×192, the accent colour with a
 * white dossier and arrow) and `outline.png` (32×32, the same shapes in white on transparent),
 * as Teams requires. The PNGs are committed; run this only to change them:
 * `npm run build && node dist/src/cli/teamsIcons.js`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePng } from '../teams/png';

export const ACCENT = '#1D5FA8';

type Shape = (x: number, y: number) => boolean;

/** A dossier (sheet with a folded corner) with text lines, and an arrow: "overstap". */
const sheet: Shape = (x, y) => x >= 0.14 && x <= 0.54 && y >= 0.16 && y <= 0.84 && !(x - 0.42 > y - 0.16);
const textLines: Shape = (x, y) =>
  x >= 0.21 && x <= 0.47 && [0.38, 0.5, 0.62, 0.74].some((line) => y >= line - 0.03 && y <= line + 0.03) && !(x > 0.4 && y < 0.45);
const arrow: Shape = (x, y) => {
  const shaft = x >= 0.58 && x <= 0.74 && Math.abs(y - 0.5) <= 0.07;
  const head = x >= 0.72 && x <= 0.9 && Math.abs(y - 0.5) <= 0.18 * (1 - (x - 0.72) / 0.18);
  return shaft || head;
};

function hex(color: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
}

/** Rasterises with 4×4 samples per pixel so the edges are smooth. */
function draw(size: number, background: [number, number, number] | undefined, detail: boolean): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let white = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          const inSheet = sheet(x, y) && !(detail && textLines(x, y));
          if (inSheet || arrow(x, y)) white++;
        }
      }
      const coverage = white / (n * n);
      const i = (py * size + px) * 4;
      if (background) {
        for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(background[c]! * (1 - coverage) + 255 * coverage);
        rgba[i + 3] = 255;
      } else {
        rgba.fill(255, i, i + 3);
        rgba[i + 3] = Math.round(255 * coverage);
      }
    }
  }
  return encodePng(size, size, rgba);
}

export function drawColorIcon(): Buffer {
  return draw(192, hex(ACCENT), true);
}

export function drawOutlineIcon(): Buffer {
  return draw(32, undefined, false);
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '../../../appPackage');
  writeFileSync(path.join(dir, 'color.png'), drawColorIcon());
  writeFileSync(path.join(dir, 'outline.png'), drawOutlineIcon());
  console.log(`Iconen geschreven naar ${dir}`);
}
