// One-off generator for the Teams app icons in manifest/ (color.png 192×192, outline.png 32×32).
// Run: npx tsx scripts/generate-icons.ts
// The glyph is a "verified" badge: a round seal with two ribbon tails and a check mark.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];

/** Where a point of the unit square (0..1 on both axes) falls in the badge glyph. */
type Region = 'background' | 'ribbon' | 'seal' | 'check';

const BLUE: Rgb = [0x0f, 0x6c, 0xbd]; // same as the manifest's accentColor
const RIBBON: Rgb = [0xc7, 0xe0, 0xf4];
const WHITE: Rgb = [0xff, 0xff, 0xff];

const SEAL_CENTRE: Point = [0.5, 0.41];
const SEAL_RADIUS = 0.26;
const CHECK_PATH: readonly Point[] = [
  [0.39, 0.415],
  [0.47, 0.495],
  [0.62, 0.34],
];
const CHECK_HALF_WIDTH = 0.042;
const LEFT_TAIL: readonly Point[] = [
  [0.34, 0.56],
  [0.48, 0.62],
  [0.42, 0.9],
  [0.35, 0.82],
  [0.26, 0.86],
];
const RIGHT_TAIL: readonly Point[] = LEFT_TAIL.map(([x, y]) => [1 - x, y] as const);

const SUPERSAMPLING = 4;
/** The outline icon is tiny: draw the glyph larger and keep a transparent gap between seal and ribbons. */
const OUTLINE_SCALE = 1.1;
const OUTLINE_SCALE_CENTRE: Point = [0.5, 0.5];
const OUTLINE_RIBBON_GAP = 0.05;

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function isOnPolyline(p: Point, points: readonly Point[], halfWidth: number): boolean {
  return points.slice(1).some((end, i) => distanceToSegment(p, points[i], end) <= halfWidth);
}

function isInPolygon(p: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

function distanceToSealCentre(p: Point): number {
  return Math.hypot(p[0] - SEAL_CENTRE[0], p[1] - SEAL_CENTRE[1]);
}

function regionAt(p: Point, ribbonGap = 0): Region {
  if (isOnPolyline(p, CHECK_PATH, CHECK_HALF_WIDTH)) return 'check';
  if (distanceToSealCentre(p) <= SEAL_RADIUS) return 'seal';
  const inTail = isInPolygon(p, LEFT_TAIL) || isInPolygon(p, RIGHT_TAIL);
  if (inTail && distanceToSealCentre(p) > SEAL_RADIUS + ribbonGap) return 'ribbon';
  return 'background';
}

function unscaleForOutline([x, y]: Point): Point {
  const [cx, cy] = OUTLINE_SCALE_CENTRE;
  return [cx + (x - cx) / OUTLINE_SCALE, cy + (y - cy) / OUTLINE_SCALE];
}

/** SUPERSAMPLING² sample points inside pixel (x, y) of a size×size image, in unit coordinates. */
function samplesOfPixel(x: number, y: number, size: number): Point[] {
  const samples: Point[] = [];
  for (let sy = 0; sy < SUPERSAMPLING; sy++) {
    for (let sx = 0; sx < SUPERSAMPLING; sx++) {
      samples.push([(x + (sx + 0.5) / SUPERSAMPLING) / size, (y + (sy + 0.5) / SUPERSAMPLING) / size]);
    }
  }
  return samples;
}

function createImage(size: number, pixelAt: (x: number, y: number) => readonly [number, number, number, number]): PNG {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      png.data.set(pixelAt(x, y), (y * size + x) * 4);
    }
  }
  return png;
}

/** Full-colour icon: white seal with a blue check and light ribbons on an opaque blue square, anti-aliased. */
function colorIcon(size: number): PNG {
  const palette: Record<Region, Rgb> = { background: BLUE, ribbon: RIBBON, seal: WHITE, check: BLUE };
  return createImage(size, (x, y) => {
    const samples = samplesOfPixel(x, y, size);
    const sum = [0, 0, 0];
    for (const sample of samples) {
      const rgb = palette[regionAt(sample)];
      for (let c = 0; c < 3; c++) sum[c] += rgb[c];
    }
    const [r, g, b] = sum.map((value) => Math.round(value / samples.length));
    return [r, g, b, 255];
  });
}

/** Outline icon: white badge with the check cut out, on a transparent background; alpha is only 0 or 255. */
function outlineIcon(size: number): PNG {
  return createImage(size, (x, y) => {
    const samples = samplesOfPixel(x, y, size);
    const covered = samples.filter((sample) => {
      const region = regionAt(unscaleForOutline(sample), OUTLINE_RIBBON_GAP);
      return region === 'seal' || region === 'ribbon';
    }).length;
    return covered * 2 >= samples.length ? [255, 255, 255, 255] : [0, 0, 0, 0];
  });
}

function main(): void {
  const manifestDir = path.resolve(__dirname, '..', 'manifest');
  const icons: ReadonlyArray<readonly [string, PNG]> = [
    ['color.png', colorIcon(192)],
    ['outline.png', outlineIcon(32)],
  ];
  for (const [name, png] of icons) {
    const file = path.join(manifestDir, name);
    writeFileSync(file, PNG.sync.write(png));
    console.log(`wrote ${file} (${png.width}×${png.height})`);
  }
}

main();
