import type { Metadata, Sharp } from 'sharp';
import { ProblemError } from '../http/problem.js';

/** The types an uploaded picture may be sent as; the bytes are checked, not the header. */
export const imageUploadTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

/**
 * Pixels an upload may decode to. A few megabytes of PNG can declare an image of billions of
 * pixels (a decompression bomb); 50 megapixels covers the photos of today's phone cameras.
 */
export const maxInputPixels = 50_000_000;

/** The format the first bytes announce, among those pictures may be uploaded as. */
function sniffImageFormat(b: Buffer): 'jpeg' | 'png' | 'webp' | 'gif' | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.toString('latin1', 0, 6))) return 'gif';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  return undefined;
}

function refused(detail: string): ProblemError {
  return new ProblemError(422, {
    title: 'Not a usable picture',
    detail,
    errors: [{ in: 'body', path: '/', message: detail }],
  });
}

/**
 * Checks that `bytes` are a JPEG, PNG, WebP or GIF of sane dimensions, whatever the request said,
 * and re-encodes them through `render` (resize, output format). Only these four decoders ever
 * see an upload: SVG, PDF, TIFF, HEIF and the rest of what libvips reads are refused by their
 * first bytes, and nothing of the original file (metadata, scripts, extra chunks) survives.
 * Throws 422 with a sentence for the person who chose the file.
 */
export async function reencodeImage(bytes: Buffer, render: (image: Sharp) => Sharp): Promise<Buffer> {
  if (!bytes.length)
    throw refused('The request body is empty. Send the bytes of a JPEG, PNG, WebP or GIF image.');
  const sniffed = sniffImageFormat(bytes);
  if (!sniffed) throw refused('The file is not a JPEG, PNG, WebP or GIF picture.');
  // Loaded on the first upload, not at start: loading sharp and libvips takes about 0.2 s.
  const { default: sharp } = await import('sharp');
  let meta: Metadata;
  try {
    // Reading the header decodes no pixels, so it needs no pixel limit, and the answer can say why.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw refused(`The file starts like a ${sniffed.toUpperCase()} picture but is not one.`);
  }
  if (meta.format !== sniffed)
    throw refused(`The file starts like a ${sniffed.toUpperCase()} picture but is not one.`);
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw refused('The picture has no size. Send a JPEG, PNG, WebP or GIF picture.');
  if (width * height > maxInputPixels)
    throw refused(
      `The picture is ${width}×${height} pixels; at most ${maxInputPixels / 1_000_000} megapixels are accepted. Make it smaller and try again.`,
    );
  try {
    // sharp writes no metadata unless told to (withMetadata/keepExif): the output carries none.
    return await render(
      sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'error' }).rotate(),
    ).toBuffer();
  } catch {
    throw refused('The picture could not be read: it may be damaged or cut off. Try another file.');
  }
}
