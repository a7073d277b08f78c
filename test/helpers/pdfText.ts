import { inflateSync } from 'node:zlib';

/**
 * The pages and text of a PDF printed by Chromium (Skia), enough for a test to check what a printed
 * page says, without a PDF library: Skia writes plain objects (no object streams), Flate-compressed
 * content streams, and a ToUnicode map for every font. Text is read per text object (BT … ET), one
 * line each; where a line breaks or words are spaced by positioning, `normalised` text still reads
 * as one run of words.
 */

interface PdfObject {
  dictionary: string;
  stream: Buffer | null;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  // latin1 keeps one character per byte, so stream offsets in the string are offsets in the buffer.
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const match of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = match[2] ?? '';
    const streamAt = body.search(/stream\r?\n/);
    if (streamAt < 0) {
      objects.set(Number(match[1]), { dictionary: body, stream: null });
      continue;
    }
    const dictionary = body.slice(0, streamAt);
    const start = streamAt + (body[streamAt + 6] === '\r' ? 8 : 7);
    const end = body.lastIndexOf('endstream');
    let raw = Buffer.from(body.slice(start, end).replace(/\r?\n$/, ''), 'latin1');
    if (/\/Filter\s*\/FlateDecode/.test(dictionary)) raw = inflateSync(raw);
    objects.set(Number(match[1]), { dictionary, stream: raw });
  }
  return objects;
}

/** A font's ToUnicode map: character code (hex) to text, and how many bytes a code takes. */
interface FontMap {
  codeBytes: number;
  unicode: Map<string, string>;
}

const utf16 = (hex: string): string => {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
};

function readCMap(cmap: string): FontMap {
  const unicode = new Map<string, string>();
  const range = /begincodespacerange\s*<([0-9a-fA-F]+)>/.exec(cmap);
  const codeBytes = range ? (range[1] ?? '').length / 2 : 1;
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      unicode.set((code ?? '').toLowerCase(), utf16(text ?? ''));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, low, high, target] of (block[1] ?? '').matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])/g,
    )) {
      const from = parseInt(low ?? '', 16);
      const to = parseInt(high ?? '', 16);
      const targets = target!.startsWith('[')
        ? [...target!.matchAll(/<([0-9a-fA-F]+)>/g)].map((t) => t[1] ?? '')
        : null;
      for (let code = from; code <= to; code++) {
        const key = code.toString(16).padStart((low ?? '').length, '0');
        if (targets) unicode.set(key, utf16(targets[code - from] ?? ''));
        else {
          const first = parseInt(target!.slice(1, -1), 16) + (code - from);
          unicode.set(key, utf16(first.toString(16).padStart(target!.length - 2, '0')));
        }
      }
    }
  }
  return { codeBytes, unicode };
}

const reference = (dictionary: string, key: string): number | null => {
  const match = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dictionary);
  return match ? Number(match[1]) : null;
};

/** The text objects of a content stream, each as one line, decoded through the page's fonts. */
function pageText(content: string, fonts: Map<string, FontMap>): string[] {
  const lines: string[] = [];
  for (const [, block] of content.matchAll(/BT([\s\S]*?)ET/g)) {
    let font: FontMap | undefined;
    let line = '';
    for (const [, name, shown] of (block ?? '').matchAll(
      /\/([^\s/]+)\s+[\d.]+\s+Tf|(<[0-9a-fA-F]*>\s*Tj|\[[^\]]*\]\s*TJ)/g,
    )) {
      if (name !== undefined) {
        font = fonts.get(name);
        continue;
      }
      for (const [, hex] of (shown ?? '').matchAll(/<([0-9a-fA-F]*)>/g)) {
        const width = (font?.codeBytes ?? 1) * 2;
        for (let i = 0; i + width <= (hex ?? '').length; i += width)
          line += font?.unicode.get((hex ?? '').slice(i, i + width).toLowerCase()) ?? '';
      }
    }
    lines.push(line);
  }
  return lines;
}

export interface PdfPage {
  /** Width and height in points (A4 is 595 × 842). */
  size: [number, number];
  lines: string[];
}

export function readPdf(pdf: Buffer): PdfPage[] {
  const objects = readObjects(pdf);
  const fontMaps = new Map<number, FontMap>();
  const fontMap = (id: number): FontMap | undefined => {
    if (!fontMaps.has(id)) {
      const toUnicode = reference(objects.get(id)?.dictionary ?? '', 'ToUnicode');
      const cmap = toUnicode === null ? null : objects.get(toUnicode)?.stream;
      if (cmap) fontMaps.set(id, readCMap(cmap.toString('latin1')));
    }
    return fontMaps.get(id);
  };
  const pages: PdfPage[] = [];
  for (const object of objects.values()) {
    if (!/\/Type\s*\/Page\b(?!s)/.test(object.dictionary)) continue;
    const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(object.dictionary);
    const resourcesId = reference(object.dictionary, 'Resources');
    const resources = resourcesId === null ? object.dictionary : (objects.get(resourcesId)?.dictionary ?? '');
    const fonts = new Map<string, FontMap>();
    const fontDictionary = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    for (const [, name, id] of fontDictionary.matchAll(/\/([^\s/]+)\s+(\d+) 0 R/g)) {
      const map = fontMap(Number(id));
      if (map) fonts.set(name ?? '', map);
    }
    const contentIds = [
      ...(/\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(object.dictionary)?.[1] ?? '').matchAll(/(\d+) 0 R/g),
    ].map((m) => Number(m[1]));
    const content = contentIds.map((id) => objects.get(id)?.stream?.toString('latin1') ?? '').join('\n');
    pages.push({
      size: box ? [Number(box[3]) - Number(box[1]), Number(box[4]) - Number(box[2])] : [0, 0],
      lines: pageText(content, fonts),
    });
  }
  return pages;
}

/** All the text of the pages, whitespace folded to single spaces. */
export const normalised = (pages: PdfPage[]): string =>
  pages
    .flatMap((page) => page.lines)
    .join(' ')
    .replace(/\s+/g, ' ');
