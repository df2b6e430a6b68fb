/** Structured one-line logs: `level msg {context}`. Quiet in tests unless BANDSPACE_LOG is set. */
type Level = "info" | "warn" | "error";

const quiet = process.env.VITEST !== undefined && !process.env.BANDSPACE_LOG;

function write(level: Level, msg: string, context?: Record<string, unknown>): void {
  if (quiet && level !== "error") return;
  const line = context ? `${level} ${msg} ${JSON.stringify(context)}` : `${level} ${msg}`;
  (level === "info" ? console.log : console.error)(line);
}

export const log = {
  info: (msg: string, context?: Record<string, unknown>) => write("info", msg, context),
  warn: (msg: string, context?: Record<string, unknown>) => write("warn", msg, context),
  error: (msg: string, context?: Record<string, unknown>) => write("error", msg, context),
};
