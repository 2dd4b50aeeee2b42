// Types of smtp-sink.mjs, for the TypeScript that imports it (global-setup.ts).

export interface Sink {
  /** The port it listens on (the one asked for, or the one given when 0 was asked). */
  port: number;
  /** The absolute folder the messages are written to. */
  dir: string;
  /** Stops listening and waits for messages being written. */
  close(): Promise<void>;
}

export function startSink(options: { port?: number; dir: string; host?: string }): Promise<Sink>;
