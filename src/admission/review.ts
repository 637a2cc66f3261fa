import { asRecord, type KubeRaw } from '../core/inventory.js';

/** The parts of an `admission.k8s.io/v1` AdmissionRequest the webhook reads; everything else is ignored. */
export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource: string;
  name: string;
  namespace: string;
  operation: AdmissionOperation;
  username: string;
  groups: string[];
  object: KubeRaw | undefined;
  oldObject: KubeRaw | undefined;
  dryRun: boolean;
}

export const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] as const;
export type AdmissionOperation = (typeof OPERATIONS)[number];

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

/**
 * Why a body is not an AdmissionReview we can answer. `envelope` problems (not an
 * AdmissionReview v1, no request, no uid) cannot be answered with a review at all and
 * become HTTP 400; `content` problems come with a uid and are answered in a review.
 */
export type ReviewProblem =
  | { scope: 'envelope'; message: string }
  | { scope: 'content'; uid: string; message: string };

export type ParsedReview = { ok: true; request: AdmissionRequest } | { ok: false; problem: ReviewProblem };

const UID_LIMIT = 128;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isOperation(value: unknown): value is AdmissionOperation {
  return typeof value === 'string' && (OPERATIONS as readonly string[]).includes(value);
}

/** `null` is how the API server sends "no object" (oldObject on CREATE, object on DELETE). */
function optionalObject(value: unknown): { ok: true; value: KubeRaw | undefined } | { ok: false } {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  const record = asRecord(value);
  return record ? { ok: true, value: record } : { ok: false };
}

function groupVersionKind(value: unknown): AdmissionRequest['kind'] {
  const record = asRecord(value) ?? {};
  return { group: text(record['group']), version: text(record['version']), kind: text(record['kind']) };
}

function groupVersionResource(value: unknown): AdmissionRequest['resource'] {
  const record = asRecord(value) ?? {};
  return { group: text(record['group']), version: text(record['version']), resource: text(record['resource']) };
}

/** Reads a decoded JSON body as an AdmissionReview v1 request; never throws on any input. */
export function parseAdmissionReview(body: unknown): ParsedReview {
  const review = asRecord(body);
  if (!review) return envelope('body is not a JSON object');
  if (review['kind'] !== 'AdmissionReview') return envelope(`kind must be AdmissionReview, got ${describeValue(review['kind'])}`);
  if (review['apiVersion'] !== ADMISSION_API_VERSION) {
    return envelope(`apiVersion must be ${ADMISSION_API_VERSION}, got ${describeValue(review['apiVersion'])} (set admissionReviewVersions: ["v1"])`);
  }
  const request = asRecord(review['request']);
  if (!request) return envelope('request is missing or not an object');
  const uid = request['uid'];
  if (typeof uid !== 'string' || uid === '') return envelope('request.uid is missing');
  if (uid.length > UID_LIMIT) return envelope(`request.uid is longer than ${UID_LIMIT} characters`);

  const content = (message: string): ParsedReview => ({ ok: false, problem: { scope: 'content', uid, message } });
  const operation = request['operation'];
  if (!isOperation(operation)) return content(`request.operation must be one of ${OPERATIONS.join(', ')}, got ${describeValue(operation)}`);
  const object = optionalObject(request['object']);
  if (!object.ok) return content('request.object is not an object');
  const oldObject = optionalObject(request['oldObject']);
  if (!oldObject.ok) return content('request.oldObject is not an object');
  if ((operation === 'CREATE' || operation === 'UPDATE') && !object.value) return content(`request.object is missing on ${operation}`);
  const userInfo = asRecord(request['userInfo']) ?? {};
  const groups = Array.isArray(userInfo['groups']) ? userInfo['groups'].filter((g): g is string => typeof g === 'string') : [];
  return {
    ok: true,
    request: {
      uid,
      kind: groupVersionKind(request['kind']),
      resource: groupVersionResource(request['resource']),
      subResource: text(request['subResource']),
      name: text(request['name']),
      namespace: text(request['namespace']),
      operation,
      username: text(userInfo['username']),
      groups,
      object: object.value,
      oldObject: oldObject.value,
      dryRun: request['dryRun'] === true,
    },
  };
}

function envelope(message: string): ParsedReview {
  return { ok: false, problem: { scope: 'envelope', message } };
}

/** Names a value's type (and a short string value) for an error message without echoing large or hostile input. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; reason?: string; message: string };
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

export function admissionReviewResponse(response: AdmissionResponse): { apiVersion: string; kind: 'AdmissionReview'; response: AdmissionResponse } {
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response };
}
