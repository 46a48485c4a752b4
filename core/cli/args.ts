import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TopiclensError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** util.parseArgs with user errors turned into TopiclensError (exit 2) that point at --help. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new TopiclensError(`topiclens ${command}: ${(e as Error).message}. See \`topiclens ${command} --help\`.`, 2);
  }
}
