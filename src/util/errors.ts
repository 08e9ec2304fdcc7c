/**
 * Failures: things that stop a run before it can say anything about the manifests.
 * Findings (src/findings/finding.ts) are the other half: data about the manifests themselves.
 * One class with a closed set of codes, mapped to exit codes in one place (exitCodeFor).
 */

/** The closed set of failure codes. Documented in docs/steps.md, "Failures" (generated from errorCodeHelp). */
export type ErrorCode =
  | 'USAGE' // bad flags or arguments
  | 'CONFIG_INVALID' // kustodian.yaml, env or parameters fail the schema
  | 'LOCK_INVALID' // kustodian.lock.yaml fails its schema
  | 'INPUT_INVALID' // a ResourceList or manifest stream that cannot be parsed
  | 'INPUT_TOO_LARGE' // kustomize's output or fn's stdin passed KUSTODIAN_MAX_INPUT_BYTES
  | 'OBJECT_TOO_LARGE' // one object of the input is larger than any API server stores (MAX_OBJECT_BYTES)
  | 'TOOL_NOT_FOUND' // kustomize (or another tool) is not installed
  | 'RENDER_FAILED' // kustomize exited non-zero
  | 'IO' // reading or writing a file failed
  | 'REGISTRY' // the registry could not be asked at all
  | 'INTERRUPTED'; // SIGTERM or SIGINT

/** One line of help per failure code, for `kustodian check` reports (SARIF rules) and docs/steps.md. */
export const errorCodeHelp: Readonly<Record<ErrorCode, string>> = {
  USAGE: 'Bad flags or arguments.',
  CONFIG_INVALID:
    'kustodian.yaml, a KUSTODIAN_* variable, an ArgoCD parameter or the functionConfig does not match schemas/config.schema.json.',
  LOCK_INVALID: 'kustodian.lock.yaml does not match schemas/lock.schema.json.',
  INPUT_INVALID: 'The input (a ResourceList or a manifest stream) cannot be parsed.',
  INPUT_TOO_LARGE: "kustomize's output, or the ResourceList on fn's stdin, is larger than KUSTODIAN_MAX_INPUT_BYTES (default 256Mi).",
  OBJECT_TOO_LARGE:
    "One object (a document of kustomize's output, or an item or the functionConfig of fn's ResourceList) is larger than 8 MiB, far more than any API server stores (etcd refuses requests over 1.5 MiB by default); it is refused before it is parsed. Split the data across several objects, or ship it another way (in the image, or a volume).",
  TOOL_NOT_FOUND: 'kustomize (or another required program) is not installed.',
  RENDER_FAILED: 'kustomize build failed; the message carries its error.',
  IO: 'Reading or writing a file, or running a program, failed.',
  REGISTRY: 'A container registry could not be asked at all.',
  INTERRUPTED: 'The run was stopped by SIGTERM or SIGINT.',
};

/** Why an exit code is what it is; the table is in docs/cli.md, "Exit codes". */
export const ExitCode = {
  OK: 0,
  FINDINGS: 1,
  USAGE: 2,
  RUNTIME: 3,
  SIGINT: 130,
  SIGTERM: 143,
} as const;

/** The one error type kustodian throws on purpose. `cause` keeps the underlying error for debugging. */
export class KustodianError extends Error {
  override readonly name = 'KustodianError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; signal?: 'SIGTERM' | 'SIGINT'; file?: { path: string; line?: number } },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.signal = options?.signal;
    this.file = options?.file;
  }
  readonly signal: 'SIGTERM' | 'SIGINT' | undefined;
  /** The file (absolute) and line the failure is about, such as kustodian.yaml: reports place it there. */
  readonly file: { path: string; line?: number } | undefined;
}

/** Maps a failure to its process exit code. */
export function exitCodeFor(error: KustodianError): number {
  switch (error.code) {
    case 'USAGE':
    case 'CONFIG_INVALID':
    case 'LOCK_INVALID':
      return ExitCode.USAGE;
    case 'INTERRUPTED':
      return error.signal === 'SIGINT' ? ExitCode.SIGINT : ExitCode.SIGTERM;
    // Every code by name (lint: switch-exhaustiveness-check), so a new one gets its exit code chosen.
    case 'INPUT_INVALID':
    case 'INPUT_TOO_LARGE':
    case 'OBJECT_TOO_LARGE':
    case 'TOOL_NOT_FOUND':
    case 'RENDER_FAILED':
    case 'IO':
    case 'REGISTRY':
      return ExitCode.RUNTIME;
  }
}
