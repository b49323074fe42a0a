/** Why the app runtime refused a request before (or instead of) running it; the gateway turns it into a response. */
export type TAppErrorCode =
  | 'unknown_trigger'
  | 'invalid_request'
  | 'invalid_submission'
  | 'too_large'
  | 'rate_limited'
  | 'app_busy'
  /** The node holds secrets for the app that do not open: it does not run without them. */
  | 'secrets_unreadable';

export const APP_ERROR_STATUS: Readonly<Record<TAppErrorCode, number>> = {
  unknown_trigger: 404,
  invalid_request: 400,
  invalid_submission: 400,
  too_large: 413,
  rate_limited: 429,
  app_busy: 429,
  secrets_unreadable: 503,
};

export interface TFieldProblem {
  field: string;
  message: string;
}

export class AppRuntimeError extends Error {
  override name = 'AppRuntimeError';
  readonly status: number;
  constructor(
    readonly code: TAppErrorCode,
    message: string,
    readonly details: {
      /** The first field at fault (forms, HTTP fields). */
      field?: string;
      /** Every field at fault, in the order of the trigger's fields. */
      fields?: TFieldProblem[];
      retryAfterMs?: number;
    } = {},
  ) {
    super(message);
    this.status = APP_ERROR_STATUS[code];
  }
}
