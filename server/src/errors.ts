/**
 * An expected failure with a stable machine-readable `code`. These reach API clients as they are; anything else is
 * masked and logged in full.
 */
export class FolioError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "FolioError";
    this.code = code;
    this.hint = options.hint;
  }
}

export class ConfigError extends FolioError {
  readonly setting: string;

  constructor(setting: string, problem: string) {
    super("CONFIG_INVALID", `Invalid configuration: ${setting} ${problem}`);
    this.name = "ConfigError";
    this.setting = setting;
  }
}
