/** A build failure reported to the user as one message naming the step and the file at fault. */
export class BuildError extends Error {
  readonly step: string;
  readonly file: string | undefined;

  constructor(step: string, message: string, file?: string) {
    super(file ? `${step} failed for ${file}:\n${message}` : `${step} failed:\n${message}`);
    this.name = "BuildError";
    this.step = step;
    this.file = file;
  }
}
