/** The node's logger: one line per event, no secrets. Tests pass a silent one. */
export interface TLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: TLogger = {
  info: (message) => console.log(`[daios] ${message}`),
  warn: (message) => console.warn(`[daios] ${message}`),
  error: (message, error) => console.error(`[daios] ${message}`, error instanceof Error ? error.message : (error ?? '')),
};

export const silentLogger: TLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
