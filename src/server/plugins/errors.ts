/**
 * Turns every failure into the contract's ErrorBody with a sentence a person understands.
 * Bad input is always a 4xx; a 500 means a fault of ours and is logged with its cause.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { AppError, ERRORS, type ErrorCode } from "../../domain/errors.ts";
import type { ErrorBody } from "../contract.ts";
import { isPagePath } from "../paths.ts";

export interface ErrorHandlingOptions {
  /** Answers a browser asking for a page that no route serves (the UI routes it itself). */
  sendPage: (reply: FastifyReply) => FastifyReply | Promise<FastifyReply>;
}

/** Fastify's own 4xx errors, by their code. */
const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "REQUEST_BODY_NOT_JSON",
  FST_ERR_CTP_EMPTY_JSON_BODY: "REQUEST_BODY_NOT_JSON",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "REQUEST_MEDIA_TYPE_UNSUPPORTED",
  FST_ERR_CTP_BODY_TOO_LARGE: "REQUEST_BODY_TOO_LARGE",
};

export function errorResponse(error: unknown): { statusCode: number; body: ErrorBody } {
  if (error instanceof AppError) {
    const { fields, sentence } = error.details ?? {};
    return {
      statusCode: error.statusCode,
      body: {
        code: error.code,
        message: typeof sentence === "string" ? sentence : error.message,
        ...(isFieldMap(fields) ? { fields } : {}),
      },
    };
  }
  const code = catalogueCodeOf(error);
  return { statusCode: ERRORS[code].statusCode, body: { code, message: ERRORS[code].message } };
}

function catalogueCodeOf(error: unknown): ErrorCode {
  if (!isFastifyError(error)) return "INTERNAL_ERROR";
  const known = FASTIFY_CODES[error.code];
  if (known !== undefined) return known;
  const status = error.statusCode ?? 500;
  if (status === 404) return "NOT_FOUND";
  if (status === 429) return "RATE_LIMITED";
  if (status === 415) return "REQUEST_MEDIA_TYPE_UNSUPPORTED";
  if (status === 413) return "REQUEST_BODY_TOO_LARGE";
  return status >= 400 && status < 500 ? "REQUEST_INVALID" : "INTERNAL_ERROR";
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && "code" in error && typeof error.code === "string";
}

function isFieldMap(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && Object.values(value).every((v) => typeof v === "string");
}

async function errorHandling(app: FastifyInstance, options: ErrorHandlingOptions): Promise<void> {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { statusCode, body } = errorResponse(error);
    if (statusCode >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ code: body.code, statusCode }, "request refused");
    return reply.code(statusCode).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    if (isPagePath(request.method, request.url)) return options.sendPage(reply);
    const body: ErrorBody = { code: "NOT_FOUND", message: ERRORS.NOT_FOUND.message };
    return reply.code(404).send(body);
  });
}

export default fp(errorHandling, { name: "careroom-errors" });
