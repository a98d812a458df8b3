import { ProblemError } from '@portico/core';
import type { Metadata } from 'sharp';

/**
 * What editors upload to an article: its picture and its attachments. Every file is recognised by
 * its bytes, never by the name or the Content-Type the browser sent, and pictures are decoded and
 * encoded again, so what readers download carries no metadata (GPS position, camera, author) and
 * nothing hidden behind a picture's header.
 */

type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

/** Content types an article image or an attachment may be sent with; the bytes decide what it is. */
export const imageUploadTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

const officeTypes = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
} as const;

/** The types an attachment may be: PDF, pictures and office documents. */
export const attachmentTypes: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  ...officeTypes,
};

/**
 * Content types an attachment upload may declare. Browsers send an empty or generic type for
 * some office files, so application/octet-stream is accepted too: the bytes are checked anyway.
 */
export const attachmentUploadTypes = [
  ...new Set([...Object.values(attachmentTypes), 'application/octet-stream']),
];

/** Pixels a picture may decode to: a few megabytes of PNG can declare billions (a decompression bomb). */
export const maxInputPixels = 50_000_000;
/** The article image is scaled down to fit this box (never up). */
export const articleImageBox = 1600;

function refused(detail: string): ProblemError {
  return new ProblemError(422, {
    title: 'Not a file an article can have',
    detail,
    errors: [{ in: 'body', path: '/', message: detail }],
  });
}

function sniffImage(b: Buffer): ImageFormat | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.toString('latin1', 0, 6))) return 'gif';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  return undefined;
}

/** Decodes the header and checks the size before any pixel is decoded. */
async function checkedImage(bytes: Buffer, what: string): Promise<{ format: ImageFormat; meta: Metadata }> {
  if (!bytes.length) throw refused(`The request body is empty. Send the bytes of ${what}.`);
  const format = sniffImage(bytes);
  if (!format) throw refused(`The file is not a JPEG, PNG, WebP or GIF picture. Send ${what}.`);
  // Loaded on the first upload, not at start: loading sharp and libvips takes about 0.2 s.
  const { default: sharp } = await import('sharp');
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw refused(`The file starts like a ${format.toUpperCase()} picture but is not one.`);
  }
  if (meta.format !== format)
    throw refused(`The file starts like a ${format.toUpperCase()} picture but is not one.`);
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw refused('The picture has no size.');
  if (width * height > maxInputPixels)
    throw refused(
      `The picture is ${width}×${height} pixels; at most ${maxInputPixels / 1_000_000} megapixels are accepted. Make it smaller and try again.`,
    );
  return { format, meta };
}

/**
 * The article's picture as it is stored: turned upright by its EXIF orientation, scaled to fit
 * 1600×1600 pixels, WebP, without any metadata.
 */
export async function makeArticleImage(bytes: Buffer): Promise<{ bytes: Buffer; contentType: string }> {
  await checkedImage(bytes, 'a JPEG, PNG, WebP or GIF picture');
  const { default: sharp } = await import('sharp');
  try {
    const out = await sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'error' })
      .rotate()
      .resize(articleImageBox, articleImageBox, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return { bytes: out, contentType: 'image/webp' };
  } catch {
    throw refused('The picture could not be read: it may be damaged or cut off. Try another file.');
  }
}

/** The names inside a ZIP file, from its central directory (the end of the file). */
function zipEntryNames(b: Buffer): string[] | undefined {
  // The end-of-central-directory record is in the last 22 + 65535 bytes.
  const from = Math.max(0, b.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = b.length - 22; i >= from; i--)
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return undefined;
  const count = b.readUInt16LE(eocd + 10);
  let at = b.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== 0x02014b50) return undefined;
    const nameLength = b.readUInt16LE(at + 28);
    const extraLength = b.readUInt16LE(at + 30);
    const commentLength = b.readUInt16LE(at + 32);
    names.push(b.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The office format of a ZIP container (OOXML or OpenDocument), by what it holds. */
function sniffZipOffice(b: Buffer): keyof typeof officeTypes | undefined {
  // OpenDocument: the first entry is "mimetype", stored uncompressed, holding the type.
  if (b.length > 38 && b.toString('latin1', 30, 38) === 'mimetype') {
    const rest = b.toString('latin1', 38, 38 + 80);
    if (rest.startsWith(officeTypes.odt)) return 'odt';
    if (rest.startsWith(officeTypes.ods)) return 'ods';
    if (rest.startsWith(officeTypes.odp)) return 'odp';
  }
  const names = zipEntryNames(b);
  if (!names?.includes('[Content_Types].xml')) return undefined;
  if (names.includes('word/document.xml')) return 'docx';
  if (names.includes('xl/workbook.xml')) return 'xlsx';
  if (names.includes('ppt/presentation.xml')) return 'pptx';
  return undefined;
}

/** A file name safe to show and to put in Content-Disposition: no folders, no control characters. */
export function cleanFileName(name: string): string {
  return name
    .replace(/^.*[\\/]/, '')
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** `name` with an extension that says what the file is (`report.exe` sniffed as PDF → `report.exe.pdf`). */
function withExtension(name: string, ext: string, same: string[] = []): string {
  const current = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  if (current && (current === ext || same.includes(current))) return name;
  return `${name}.${ext}`.slice(-200);
}

/**
 * Checks an attachment by its bytes and makes the stored file: a PDF or an office document as it
 * is, a picture decoded and encoded again in its own format (without metadata). Refuses anything
 * else with 422. The name keeps what the editor called it, with an extension that matches.
 */
export async function makeAttachment(
  bytes: Buffer,
  name: string,
): Promise<{ bytes: Buffer; contentType: string; name: string }> {
  if (!bytes.length) throw refused('The request body is empty. Send the bytes of the file.');
  const clean = cleanFileName(name) || 'attachment';
  if (bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-')
    return { bytes, contentType: attachmentTypes.pdf!, name: withExtension(clean, 'pdf') };
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) {
    const office = sniffZipOffice(bytes);
    if (!office)
      throw refused(
        'The file is a ZIP archive but not a Word, Excel, PowerPoint or OpenDocument file. Archives are not accepted.',
      );
    return { bytes, contentType: officeTypes[office], name: withExtension(clean, office) };
  }
  // Old Office files (.doc, .xls, .ppt) are compound files: the bytes do not say which, the name does.
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex'))) {
    const ext = /\.(doc|xls|ppt)$/i.exec(clean)?.[1]?.toLowerCase() as 'doc' | 'xls' | 'ppt' | undefined;
    if (!ext)
      throw refused(
        'The file is an old Office file; name it .doc, .xls or .ppt, as it is, and send it again.',
      );
    return { bytes, contentType: officeTypes[ext], name: clean };
  }
  if (sniffImage(bytes)) {
    const { format } = await checkedImage(bytes, 'a picture');
    const { default: sharp } = await import('sharp');
    try {
      let image = sharp(bytes, {
        limitInputPixels: maxInputPixels,
        failOn: 'error',
        animated: format === 'gif',
      });
      // The orientation is metadata too: apply it to the pixels before it is dropped.
      if (format !== 'gif') image = image.rotate();
      const out = await image.toFormat(format).toBuffer();
      const ext = format === 'jpeg' ? 'jpg' : format;
      return {
        bytes: out,
        contentType: `image/${format}`,
        name: withExtension(clean, ext, format === 'jpeg' ? ['jpeg'] : []),
      };
    } catch {
      throw refused('The picture could not be read: it may be damaged or cut off. Try another file.');
    }
  }
  throw refused(
    'Attach a PDF, a picture (JPEG, PNG, WebP, GIF) or an office document (Word, Excel, PowerPoint, OpenDocument).',
  );
}

/** Content-Disposition for a download: the name as ASCII for old clients and as UTF-8 for the rest. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
