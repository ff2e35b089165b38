/**
 * Lines that mix the catalog's own words with outside text, as `TextRun`s of a `RichTextBlock`.
 *
 * A catalog function such as `youTyped: (input) => `You typed: “${input}”`` is called with a
 * slot (a private-use character) instead of the outside text; the result is then split at the
 * slots: the catalog's words become runs of their own, and each outside value becomes one run
 * holding exactly its (sanitised) text. So outside text never goes through markdown, and the word
 * order stays up to each language's catalog.
 */

/** The data of one TextRun in the templates (`text` and `fontType` are bound). */
export interface RunData {
  readonly text: string;
  readonly fontType: 'Default' | 'Monospace';
}

/** A line for a RichTextBlock: its runs, and the same text as plain text (for fallbackText). */
export interface Line {
  readonly runs: readonly RunData[];
  readonly plain: string;
}

/** An outside value (already sanitised with sanitizeText) for a slot. */
export interface OutsideText {
  readonly text: string;
  /** Shown in a monospace font (ids, exact values). */
  readonly monospace?: boolean;
}

const FIRST_SLOT = 0xe000;
const MAX_SLOTS = 8;

/** The placeholder for the `index`-th outside value in catalog text. */
export function slot(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_SLOTS) {
    throw new RangeError(`slot index ${index} out of range`);
  }
  return String.fromCharCode(FIRST_SLOT + index);
}

/**
 * Splits `catalogText` (made with `slot(i)` for each outside value) into runs. `values[i]` fills
 * `slot(i)`; an undefined value is one the catalog was not given. Empty pieces are left out.
 * Throws when a given value's slot is missing from the text (a catalog function dropped it), so
 * that outside text is never silently lost.
 */
export function line(catalogText: string, values: ReadonlyArray<OutsideText | undefined> = []): Line {
  const runs: RunData[] = [];
  const used = new Set<number>();
  let own = '';
  let plain = '';
  const flushOwn = (): void => {
    if (own !== '') {
      runs.push({ text: own, fontType: 'Default' });
      own = '';
    }
  };
  for (const ch of catalogText) {
    const index = ch.charCodeAt(0) - FIRST_SLOT;
    const value = index >= 0 && index < MAX_SLOTS ? values[index] : undefined;
    if (index >= 0 && index < MAX_SLOTS && value === undefined) {
      throw new Error(`catalog text uses slot ${index}, which has no value`);
    }
    if (value === undefined) {
      own += ch;
      plain += ch;
      continue;
    }
    flushOwn();
    used.add(index);
    plain += value.text;
    if (value.text !== '') {
      runs.push({ text: value.text, fontType: value.monospace === true ? 'Monospace' : 'Default' });
    }
  }
  flushOwn();
  values.forEach((value, index) => {
    if (value !== undefined && !used.has(index)) {
      throw new Error(`catalog text ${JSON.stringify(catalogText)} does not use slot ${index}`);
    }
  });
  return { runs, plain };
}

/** A line that is only the catalog's own words. */
export function ownLine(text: string): Line {
  return line(text);
}

/** A line that is only one outside value. */
export function valueLine(value: OutsideText): Line {
  return line(slot(0), [value]);
}
