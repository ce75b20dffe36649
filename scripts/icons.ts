// `npx tsx scripts/icons.ts`: the raster icons in public/, drawn from public/icon.svg. Run it after
// changing the SVG, and commit the files it writes (they are served as they are, never built).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";

const publicDir = path.resolve(import.meta.dirname, "..", "public");
const svg = await readFile(path.join(publicDir, "icon.svg"));
const png = (size: number) =>
  sharp(svg, { density: (72 * size) / 64 })
    .resize(size, size)
    .png()
    .toBuffer();

for (const [file, size] of [
  ["apple-touch-icon.png", 180],
  ["icon-192.png", 192],
  ["icon-512.png", 512],
] as const) {
  await writeFile(path.join(publicDir, file), await png(size));
}
await writeFile(path.join(publicDir, "favicon.ico"), ico([await png(16), await png(32), await png(48)], [16, 32, 48]));
console.log(`Icons written to ${path.relative(process.cwd(), publicDir)}/`);

/** An ICO file holding PNG images (every browser since IE 11 reads them). */
function ico(images: Buffer[], sizes: number[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((image, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(sizes[index]! % 256, entry); // width (0 means 256)
    header.writeUInt8(sizes[index]! % 256, entry + 1); // height
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(image.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += image.length;
  });
  return Buffer.concat([header, ...images]);
}
