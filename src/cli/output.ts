/**
 * Terminal output of the CLI: colours only on a TTY and never with NO_COLOR (https://no-color.org),
 * and one place that writes, so tests can capture it.
 * @internal
 */
export interface Output {
  line(text?: string): void;
  error(text: string): void;
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
  if (process.env.FORCE_COLOR === '0') return false;
  return stream.isTTY === true;
}

/** Output to the process's stdout and stderr. @internal */
export function processOutput(): Output {
  const color = useColor(process.stdout);
  const paint = (code: number) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    color,
    line: (text = '') => {
      process.stdout.write(`${text}\n`);
    },
    error: (text) => {
      process.stderr.write(`${text}\n`);
    },
    green: paint(32),
    red: paint(31),
    yellow: paint(33),
    dim: paint(2),
    bold: paint(1),
  };
}
