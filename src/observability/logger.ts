// The gateway's pino logger. JSON lines on stdout in production; pino-pretty only where it is
// installed (a dev dependency: `npm ci --omit=dev` leaves it out, and the import then falls back
// to JSON). Log fields are chosen never to hold credentials; the one free text that could (an
// unexpected error's message and stack, quoting a key or a vendor URL) passes through `scrub`.
import type { YogaLogger } from 'graphql-yoga';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { scrub } from '../auth/scrub.js';
import type { ObservabilityConfig } from './env.js';

export type { Logger } from 'pino';

const BASE_OPTIONS: LoggerOptions = {
  base: { service: 'cdp-gateway' },
  // ISO time reads in any log viewer; epoch milliseconds (pino's default) do not.
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  serializers: {
    err: (error: Error) => {
      const serialized = pino.stdSerializers.err(error);
      serialized.message = scrub(serialized.message);
      if (serialized.stack) serialized.stack = scrub(serialized.stack);
      return serialized;
    },
  },
};

/**
 * A logger writing JSON lines to `destination` (tests capture them in memory), or to stdout.
 * Stdout is written asynchronously (sonic-boom, `sync: false`): pino's default is a synchronous
 * write(2) per line, one system call per request on the hot path (bench/RESULTS.md). Asynchronous,
 * a line is handed to libuv at once and the lines logged while a write is in flight go out together
 * in the next one; nothing waits for a buffer to fill, so a quiet gateway's lines appear as they
 * are logged. pino registers the stream to be flushed synchronously when the process exits, which
 * covers shutdown's `process.exit` and a crash.
 */
export function jsonLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ ...BASE_OPTIONS, level }, destination ?? stdout());
}

// One stream for every logger of the process (tests build many gateways), so lines never race.
let stdoutStream: DestinationStream | undefined;
function stdout(): DestinationStream {
  stdoutStream ??= pino.destination({ dest: 1, sync: false });
  return stdoutStream;
}

/** A logger that writes nothing (`logging: false`). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** The logger `config` asks for: pretty when configured and pino-pretty is installed, else JSON on stdout. */
export async function createLogger(config: Pick<ObservabilityConfig, 'logLevel' | 'logPretty'>): Promise<Logger> {
  if (!config.logPretty) return jsonLogger(config.logLevel);
  try {
    // A variable specifier keeps bundlers and the type checker from requiring the dev dependency.
    const specifier = 'pino-pretty';
    const pretty = (await import(specifier)) as { default: (options: object) => DestinationStream };
    return pino({ ...BASE_OPTIONS, level: config.logLevel }, pretty.default({ sync: true, ignore: 'pid,hostname,service' }));
  } catch {
    const logger = jsonLogger(config.logLevel);
    logger.warn('LOG_PRETTY is on but pino-pretty is not installed (a dev dependency): writing JSON');
    return logger;
  }
}

/** Yoga's own messages (few: unexpected framework errors) through pino. */
export function yogaLogger(logger: Logger): YogaLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) logger[level]({ err: first }, rest.map(String).join(' ') || first.message);
      else logger[level](args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' '));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
