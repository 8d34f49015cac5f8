/** The public room page behind a join link: when, and as whom; nothing about participants. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { appError } from "../../domain/errors.ts";
import { findRoom } from "../../store/sessions/findRoom.ts";
import { RoomSchema } from "../contract.ts";
import type { RouteDeps } from "../deps.ts";

const RoomParams = z.object({ token: z.string().min(1).max(128) });

export const roomRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get("/api/rooms/:token", { schema: { tags: ["rooms"], params: RoomParams, response: { 200: RoomSchema } } }, async (request) => {
    const room = await findRoom(db, request.params.token);
    if (room === undefined) throw appError("NOT_FOUND");
    return { title: "Video session" as const, ...room, startsAt: room.startsAt.toISOString() };
  });
};
