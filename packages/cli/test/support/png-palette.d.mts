/** An image's pixels, each as 0xRRGGBB, row by row. */
export interface PngPixels {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint32Array;
}

/** `png` as an indexed PNG of its 256 most common colours (every other one drawn as the nearest of them). */
export function palettePng(png: Buffer): Buffer;

/** The pixels of an 8-bit PNG, RGB, RGBA or indexed and not interlaced (alpha dropped). */
export function pngPixels(png: Buffer): PngPixels;
