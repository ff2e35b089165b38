import damerauLevenshtein from 'damerau-levenshtein';

/**
 * How far a typed word may be from a command word and still count as it: the Damerau-Levenshtein
 * distance (optimal string alignment: one letter wrong, missing, added, or two neighbours
 * swapped, each counts 1), measured by the `damerau-levenshtein` package (widely used, tiny).
 *
 * - Words of fewer than 5 characters: none (`qual` is one letter from `dual` and `equal`).
 * - 5 to 9 characters: 1 (`chek`, `cehck`).
 * - 10 characters or more: 2 (`qualifcation`, `qualificaiton`, `qaulifcation`).
 *
 * The length is the command word's, in characters (UTF-16 units; every Chinese command word is in
 * the Basic Multilingual Plane). Chinese command words are four characters at most, so only the
 * four-character ones (`查詢資格`) tolerate a slip: in two characters, one wrong character is
 * another word (`資格` "qualification", `資料` "data").
 */
export function typoAllowance(word: string): number {
  if (word.length >= 10) return 2;
  return word.length >= 5 ? 1 : 0;
}

/** Chinese command words: four characters tolerate one slip, shorter ones none. */
export function chineseTypoAllowance(word: string): number {
  return word.length >= 4 ? 1 : 0;
}

/** True when `typed` is `word` or within `allowance` edits of it. */
export function isNear(typed: string, word: string, allowance: number): boolean {
  if (typed === word) return true;
  if (allowance === 0 || Math.abs(typed.length - word.length) > allowance) return false;
  return damerauLevenshtein(typed, word).steps <= allowance;
}
