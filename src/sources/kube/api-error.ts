import { asRecord } from '../../core/inventory.js';

/**
 * A non-2xx answer of the API server. `message` comes from the server's
 * `Status` object (for example `pods is forbidden: User "x" cannot list
 * resource "pods" ...`), which never carries object data.
 */
export class KubeApiError extends Error {
  readonly status: number;
  /** the Status `reason`, for example `Forbidden`, `Expired`, `NotFound` */
  readonly reason: string;
  constructor(status: number, reason: string, message: string) {
    super(message);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
  }
}

/** A problem the user must fix before a live scan can start (kubeconfig, context, connection, credentials). */
export class KubeSourceError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'KubeSourceError';
    this.hint = hint;
  }
}

/** The kubeconfig user's credentials could not be produced (an exec plugin failed, a token file is unreadable). */
export class KubeCredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeCredentialError';
  }
}

const MAX_MESSAGE = 500;

/** Builds the error for a failed response from its status code and (possibly non-JSON, possibly hostile) body. */
export function apiErrorFrom(status: number, body: unknown, fallbackText = ''): KubeApiError {
  const statusObject = asRecord(body);
  const reason = typeof statusObject?.['reason'] === 'string' ? statusObject['reason'] : reasonForStatus(status);
  const serverMessage = typeof statusObject?.['message'] === 'string' ? statusObject['message'] : fallbackText.trim();
  const message = serverMessage ? oneLine(serverMessage) : `HTTP ${status}`;
  return new KubeApiError(status, reason, message);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE)}…` : flat;
}

function reasonForStatus(status: number): string {
  switch (status) {
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 410:
      return 'Expired';
    case 429:
      return 'TooManyRequests';
    default:
      return status >= 500 ? 'InternalError' : 'Unknown';
  }
}

/** One line for a gap or error entry: `Forbidden: pods is forbidden: ...`. */
export function describeFailure(error: unknown): string {
  if (error instanceof KubeApiError) return error.message.startsWith(error.reason) ? error.message : `${error.reason}: ${error.message}`;
  if (error instanceof Error) return oneLine(error.message || error.name);
  return oneLine(String(error));
}
