/** An operator task's refusal: a stable `code` for scripts that run the tasks, and a message that says what to fix. */
export class TaskError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "TaskError";
  }
}
