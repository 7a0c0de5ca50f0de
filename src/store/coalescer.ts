/**
 * Gathers calls made one at a time by many callers into batches, run one batch at a time: what arrives while a batch
 * runs waits for the next. Each caller gets its own result, or the batch's error. The store uses it for the
 * statements every alert makes (read it back, mark it delivered), which cost far more as thousands of autocommits
 * than as one transaction or one IN list per batch.
 */
export class Coalescer<I, O> {
  private inputs: I[] = [];
  private waiters: { resolve: (output: O) => void; reject: (error: unknown) => void }[] = [];
  /** The batch running or about to, if any: further inputs wait for the batch after it. */
  private running: Promise<void> | null = null;

  /** `run` returns one output per input, in the inputs' order. */
  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.inputs.push(input);
      this.waiters.push({ resolve, reject });
      // Starting on the next turn lets the callers of this turn join the batch.
      this.running ??= new Promise<void>((started) => setImmediate(started)).then(() => this.runBatches());
    });
  }

  /** Settles once every input submitted so far has run. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async runBatches(): Promise<void> {
    while (this.inputs.length > 0) {
      const inputs = this.inputs.splice(0, this.maxBatch);
      const waiters = this.waiters.splice(0, inputs.length);
      try {
        const outputs = await this.run(inputs);
        waiters.forEach((w, i) => w.resolve(outputs[i]!));
      } catch (error) {
        for (const w of waiters) w.reject(error);
      }
    }
    this.running = null;
  }
}
