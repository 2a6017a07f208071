/**
 * Reading the files and values a command is given, with errors that say which file and how to fix it.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { CliError } from './fail.js';

/** The text of a file, or a usage error naming it. @internal */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new CliError(`cannot read ${file} (${code})`, 'Check the path and that the file is readable.');
  }
}

/** Parses JSON text, or a usage error naming where it came from. @internal */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(
      `${source} is not valid JSON: ${(error as Error).message}`,
      'Fix the JSON syntax (a validator such as `jq . FILE` shows where).',
    );
  }
}

/** Reads and parses a JSON file. @internal */
export function readJson(file: string): unknown {
  return parseJson(readText(file), file);
}

/** A JSON value given inline or as `@file`. @internal */
export function jsonArgument(value: string, option: string): unknown {
  return value.startsWith('@') ? readJson(value.slice(1)) : parseJson(value, option);
}
