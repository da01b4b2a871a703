// A pino logger writing into memory, for tests that read what the gateway logs.
import { jsonLogger, type Logger } from '../../src/observability/logger.js';

export interface LogCapture {
  readonly logger: Logger;
  /** Every line written so far, exactly as a log shipper would receive it. */
  text(): string;
  /** The lines parsed. */
  lines(): Record<string, unknown>[];
}

export function captureLogs(level = 'trace'): LogCapture {
  const chunks: string[] = [];
  const logger = jsonLogger(level, { write: (line: string) => void chunks.push(line) });
  return {
    logger,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
