/**
 * Shell commands laid out for a reader: one `--flag value` a line with `\` continuations, and a
 * JSON document given in single quotes pretty-printed inside them (a newline inside single quotes
 * is part of the word, and JSON allows it between tokens), so the command still runs as pasted.
 * @internal
 */

/** A single-quoted shell word (POSIX sh). @internal */
export function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Splits a command at the spaces outside quotes. */
function words(command: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoteChar: string | undefined;
  for (const char of command) {
    if (quoteChar !== undefined) {
      current += char;
      if (char === quoteChar) quoteChar = undefined;
    } else if (char === "'" || char === '"') {
      current += char;
      quoteChar = char;
    } else if (char === ' ') {
      if (current !== '') out.push(current);
      current = '';
    } else current += char;
  }
  if (current !== '') out.push(current);
  return out;
}

/** A single-quoted JSON object or array, pretty-printed (still single-quoted); other words as they are. */
function pretty(word: string): string {
  if (!/^'[[{]/.test(word) || !word.endsWith("'") || word.includes("'\\''")) return word;
  try {
    return quote(JSON.stringify(JSON.parse(word.slice(1, -1)), null, 2));
  } catch {
    return word;
  }
}

/** Words packed into lines of `width` columns with room for a ` \`, the lines after the first indented. */
function packed(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last === undefined) lines.push(word);
    else if (last.length + 1 + word.length + 2 <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(`  ${word}`);
  }
  return lines;
}

/**
 * The lines of one command for a `width`-column terminal: on one line when it fits, else the
 * program and its subcommands, then each `--flag value` on a continuation line; a value too long
 * to follow its flag (an ARN) on a line of its own, and a JSON document pretty-printed. A comment
 * line (`# …`) is returned as it is. @internal
 */
export function commandLines(command: string, width = 80): string[] {
  if (command.startsWith('#') || command.length <= width) return [command];
  const groups: string[][] = [[]];
  for (const word of words(command)) {
    if (word.startsWith('--')) groups.push([word]);
    else (groups.at(-1) as string[]).push(word);
  }
  const parts = groups
    .filter((g) => g.length > 0)
    .flatMap((group, i): string[][] => {
      const [flag = '', ...values] = group;
      const line = `${i === 0 ? '' : '  '}${group.join(' ')}`;
      // Two columns for the ` \` that continues the line.
      if (line.length + 2 <= width) return [[line]];
      // The program and its subcommands (`AWS_PROFILE=… npx agentcore-xacct policy caller`).
      if (i === 0) return packed(group, width).map((l) => [l]);
      const value = values.join(' ');
      const document = pretty(value);
      // The document's lines keep the indentation JSON.stringify gave them, under the flag.
      if (document !== value)
        return [`  ${flag} ${document}`.split('\n').map((l, j) => (j === 0 ? l : `  ${l}`))];
      // A value too long for its indentation (an ARN on a narrow terminal) gets less of it.
      const indent = Math.max(0, Math.min(4, width - 2 - value.length));
      return [[`  ${flag}`], [`${' '.repeat(indent)}${value}`]];
    });
  return parts.flatMap((lines, i) => {
    if (i < parts.length - 1) lines[lines.length - 1] = `${lines.at(-1)} \\`;
    return lines;
  });
}
