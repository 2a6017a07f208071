/**
 * Terminal output of the CLI: colours on a TTY (or with FORCE_COLOR), never with NO_COLOR (https://no-color.org),
 * text wrapped to the terminal's width (80 columns when it is not a terminal), and one place that
 * writes, so tests can capture it.
 * @internal
 */
export interface Output {
  /** A line of text for people: wrapped to the width. */
  line(text?: string): void;
  /** A line of text for people, on stderr: wrapped to the width. */
  error(text: string): void;
  /** Machine-readable output (JSON, NDJSON, SARIF), written as it is. */
  data(text: string): void;
  /** The columns text is wrapped to. */
  readonly width: number;
  readonly color: boolean;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** Whether a stream should get ANSI colours. @internal */
export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force === '0' || force === 'false') return false;
  // FORCE_COLOR (as Node and chalk read it): colours into a pipe too, for CI logs that render them.
  if (force !== undefined) return true;
  return stream.isTTY === true;
}

/** The columns of a stream: a terminal's own, else COLUMNS, else 80. @internal */
export function widthOf(stream: NodeJS.WriteStream): number {
  if (stream.isTTY === true && stream.columns > 0) return stream.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns >= 40 ? columns : 80;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC.
const ANSI = /\u001b\[[0-9;]*m/g;

/** The columns a string takes on a terminal (ANSI colour codes take none). @internal */
export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/**
 * The guides of a line (indentation, tree branches, a tick) as the guides of its continuation
 * lines: a branch continues as its trunk, a plain indentation two columns deeper.
 */
function continuation(prefix: string): string {
  const guides = prefix.replace(/[├]/g, '│').replace(/[└─✓✗×•]/g, ' ');
  return /^ *$/.test(prefix) ? `${guides}  ` : guides;
}

/**
 * Wraps one line at spaces to `width` columns. A word longer than the width (an ARN, a URL) gets
 * a line of its own rather than being cut, so it can still be copied whole. Continuation lines
 * are indented by `hang`, or follow the line's own guides. @internal
 */
export function wrapLine(text: string, width: number, hang?: string): string[] {
  if (visibleLength(text) <= width) return [text];
  // The guides may be coloured: match them with their colour codes, measure them without.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC.
  const prefix = /^(?:[ │├└─✓✗×•]|\u001b\[[0-9;]*m)*/u.exec(text)?.[0] ?? '';
  const indent = hang ?? continuation(prefix.replace(ANSI, '')).slice(0, Math.floor(width / 2));
  const words = text.slice(prefix.length).split(' ');
  const lines: string[] = [];
  let current = prefix;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? `${current}${word}` : `${current} ${word}`;
    if (empty || visibleLength(candidate) <= width) {
      current = candidate;
      empty = false;
      continue;
    }
    lines.push(current);
    current = `${indent}${word}`;
  }
  lines.push(current);
  return lines;
}

/** Wraps every line of a text. @internal */
export function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, width))
    .join('\n');
}

/**
 * Output to the process's stdout and stderr. A reader that goes away (`… | head -3`) ends the
 * process quietly with status 0: what it wanted has been written.
 * @internal
 */
export function processOutput(): Output {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  const color = useColor(process.stdout);
  const width = widthOf(process.stdout);
  const errorWidth = widthOf(process.stderr);
  const paint = (code: number) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    color,
    width,
    line: (text = '') => {
      process.stdout.write(`${wrap(text, width)}\n`);
    },
    error: (text) => {
      process.stderr.write(`${wrap(text, errorWidth)}\n`);
    },
    data: (text) => {
      process.stdout.write(`${text}\n`);
    },
    green: paint(32),
    red: paint(31),
    yellow: paint(33),
    dim: paint(2),
    bold: paint(1),
  };
}
