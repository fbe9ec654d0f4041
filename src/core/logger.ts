/** JSON-lines logger. Fields never include tokens, passwords, keys, prompts or resume bodies. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
  /** Whether entries at `level` are written (callers skip building what would be dropped). */
  enabled(level: Exclude<LogLevel, "silent">): boolean;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * One JSON line per entry, at or above `level`. A class, so a per-request `child()` is one small
 * object (the methods live on the prototype; a closure-per-method logger cost ~4 µs per child
 * under tsx, see BENCHMARKS.md); nothing is serialised below the level.
 */
class JsonLogger implements Logger {
  constructor(
    private readonly threshold: number,
    private readonly write: (line: string) => void,
    private readonly base: LogFields,
    /** A child's own fields, merged when a line is written (a request's child writes few). */
    private readonly own?: LogFields,
  ) {}

  private emit(lvl: Exclude<LogLevel, "silent">, msg: string, fields?: LogFields) {
    if (!this.enabled(lvl)) return;
    const time = new Date().toISOString();
    this.write(JSON.stringify({ time, level: lvl, msg, ...this.base, ...this.own, ...fields }));
  }

  debug(msg: string, fields?: LogFields) {
    this.emit("debug", msg, fields);
  }
  info(msg: string, fields?: LogFields) {
    this.emit("info", msg, fields);
  }
  warn(msg: string, fields?: LogFields) {
    this.emit("warn", msg, fields);
  }
  error(msg: string, fields?: LogFields) {
    this.emit("error", msg, fields);
  }
  child(fields: LogFields): Logger {
    const base = this.own ? { ...this.base, ...this.own } : this.base;
    return new JsonLogger(this.threshold, this.write, base, fields);
  }
  enabled(level: Exclude<LogLevel, "silent">) {
    return ORDER[level] >= this.threshold;
  }
}

/** `write` receives one serialized line; the entry decides where it goes (stdout, console). */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => console.log(l),
  base: LogFields = {},
): Logger {
  return new JsonLogger(ORDER[level], write, base);
}

/** Collects lines in memory (tests assert what was, and was not, logged). */
export function createMemoryLogger(level: LogLevel = "debug"): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger(level, (l) => lines.push(l)),
    { lines },
  );
}
