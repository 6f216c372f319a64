import type { Redactor } from './redact.ts';

// Output goes through a Logger made once per run and passed down; every line is redacted.

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Only with --verbose: git commands, timings. */
  debug(message: string): void;
  /** The plan and summaries: stdout, so they can be piped. */
  out(text: string): void;
}

export interface LoggerOptions {
  redact: Redactor;
  verbose: boolean;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

export function createLogger(options: LoggerOptions): Logger {
  const stdout = options.stdout ?? ((text: string) => process.stdout.write(text));
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
  const line = (write: (t: string) => void, prefix: string) => (message: string) => write(`${options.redact(prefix + message)}\n`);
  return {
    info: line(stderr, ''),
    warn: line(stderr, 'warning: '),
    error: line(stderr, 'error: '),
    debug: options.verbose ? line(stderr, '  · ') : () => {},
    out: (text) => stdout(options.redact(text.endsWith('\n') ? text : `${text}\n`)),
  };
}
