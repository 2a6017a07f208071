/**
 * The emulated runtime's command shell: a tiny interpreter behind InvokeAgentRuntimeCommand and
 * the built-in WebSocket agent. It never runs anything on the host: it knows `echo` (with `-n`,
 * and `>&2` for standard error), `true`, `false`, `exit N`, `sleep SECONDS` and `pwd`, separated
 * by `;`; any other command answers `sh: 1: NAME: not found` on standard error with exit code
 * 127, as `sh` does.
 * @internal
 */
import { setTimeout as delay } from 'node:timers/promises';

/** A piece of a command's output. @internal */
export type ShellOutput = { stdout: string } | { stderr: string };

/** How a command ended. @internal */
export interface ShellExit {
  exitCode: number;
  status: 'COMPLETED' | 'TIMED_OUT';
}

/**
 * What a command that runs past its timeout ends with. AgentCore documents exit code `-1` as "a
 * platform error" and `TIMED_OUT` as the status, not the exit code of a timed-out command: the
 * emulator answers -1 (an assumption).
 */
const TIMED_OUT: ShellExit = { exitCode: -1, status: 'TIMED_OUT' };

/** The working directory the emulated runtime reports (AgentCore's containers run from /app). */
const WORKDIR = '/app';

function words(statement: string): string[] {
  const out: string[] = [];
  for (const m of statement.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

/**
 * Runs `command` and yields its output as it comes; returns how it ended. Stops at `timeoutMs`
 * (TIMED_OUT) or when `signal` aborts (the client went away).
 * @internal
 */
export async function* runShell(
  command: string,
  timeoutMs: number,
  signal: AbortSignal,
): AsyncGenerator<ShellOutput, ShellExit> {
  const deadline = Date.now() + timeoutMs;
  let exitCode = 0;
  for (const statement of command.split(';')) {
    const [name, ...args] = words(statement);
    if (name === undefined) continue;
    if (name === 'exit') return { exitCode: Number.parseInt(args[0] ?? '0', 10) || 0, status: 'COMPLETED' };
    if (name === 'echo') {
      const toStderr = args.at(-1) === '>&2';
      const parts = toStderr ? args.slice(0, -1) : args;
      const newline = parts[0] === '-n' ? '' : '\n';
      const text = (parts[0] === '-n' ? parts.slice(1) : parts).join(' ') + newline;
      yield toStderr ? { stderr: text } : { stdout: text };
      exitCode = 0;
    } else if (name === 'true' || name === 'false') {
      exitCode = name === 'true' ? 0 : 1;
    } else if (name === 'pwd') {
      yield { stdout: `${WORKDIR}\n` };
      exitCode = 0;
    } else if (name === 'sleep') {
      const ms = Math.max(0, Number(args[0] ?? '0') * 1000) || 0;
      const left = deadline - Date.now();
      try {
        await delay(Math.min(ms, Math.max(0, left)), undefined, { signal });
      } catch {
        return TIMED_OUT;
      }
      if (ms > left) return TIMED_OUT;
      exitCode = 0;
    } else {
      yield { stderr: `sh: 1: ${name}: not found\n` };
      exitCode = 127;
    }
    if (Date.now() > deadline) return TIMED_OUT;
  }
  return { exitCode, status: 'COMPLETED' };
}
