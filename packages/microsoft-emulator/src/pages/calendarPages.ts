// The pages a person uses: "/" lists mailboxes, /mailboxes/{address} shows a week of a calendar
// (events made by apps marked apart from those made "in Outlook"), /owa/?itemid= shows one event
// (the target of every webLink).
import type { FastifyInstance } from "fastify";
import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import type { Mailbox, StoredEvent } from "../model.ts";
import { bodyPreview, eventWebLink, type Instance } from "../graph/eventView.ts";
import { instanceById, instancesBetween } from "../graph/occurrences.ts";
import { formatInZone, resolveZone, UTC_ZONE, type ResolvedZone } from "../timeZones.ts";
import { html, page, type Html } from "./html.ts";

const weekQuery = z.object({ week: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), tz: z.string().optional() });
const addressParameter = z.object({ address: z.string() });
const itemQuery = z.object({ itemid: z.string() });

function creatorTag(event: StoredEvent): Html {
  return event.createdByClientId === null
    ? html`<span class="tag">created in Outlook</span>`
    : html`<span class="tag">created by app ${event.createdByClientId}</span>`;
}

function mailboxLink(mailbox: Mailbox): string {
  return `/mailboxes/${encodeURIComponent(mailbox.address)}`;
}

export function registerPages(app: FastifyInstance, context: EmulatorContext): void {
  const { store } = context;

  app.get("/", async (_request, reply) => {
    const rows = [...store.mailboxes.values()].map(
      (mailbox) =>
        html`<tr><td><a href="${mailboxLink(mailbox)}">${mailbox.displayName}</a></td><td>${mailbox.address}</td><td>${store.eventCount(mailbox.address)}</td></tr>`,
    );
    return reply.type("text/html; charset=utf-8").send(
      page(
          "Mailboxes",
          html`<h1>Mailboxes</h1>
<table><thead><tr><th>Name</th><th>Address</th><th>Events</th></tr></thead><tbody>${rows}</tbody></table>
<p class="tag">Sign in through an app to add a mailbox, or POST /_emulator/mailboxes. Graph: ${context.baseUrl()}/v1.0 · identity: ${context.baseUrl()}/common/v2.0/.well-known/openid-configuration</p>`,
      ),
    );
  });

  app.get("/mailboxes/:address", async (request, reply) => {
    const mailbox = store.findMailbox(addressParameter.parse(request.params).address);
    if (!mailbox) return reply.code(404).type("text/html; charset=utf-8").send(page("Not found", html`<h1>No such mailbox</h1>`));
    const query = weekQuery.parse(request.query);
    const zone: ResolvedZone = (query.tz ? resolveZone(query.tz) : undefined) ?? UTC_ZONE;
    const today = Temporal.Now.instant().toZonedDateTimeISO(zone.iana).toPlainDate();
    const anchor = query.week ? Temporal.PlainDate.from(query.week) : today;
    const monday = anchor.subtract({ days: anchor.dayOfWeek - 1 });
    const days = Array.from({ length: 7 }, (_, index) => monday.add({ days: index }));
    const startOf = (date: Temporal.PlainDate) => date.toZonedDateTime({ timeZone: zone.iana }).epochMilliseconds;
    const instances = instancesBetween(store.eventsOf(mailbox.address), startOf(monday), startOf(monday.add({ days: 7 })));
    const cell = (date: Temporal.PlainDate) => {
      const from = startOf(date);
      const to = startOf(date.add({ days: 1 }));
      const inDay = instances.filter((instance: Instance) => instance.startMs < to && instance.endMs > from);
      return html`<td>${inDay.map(
        (instance) =>
          html`<a class="event${instance.event.createdByClientId === null ? "" : " foreign"}" href="${eventWebLink("", instance.id)}">${formatInZone(instance.startMs, zone).slice(11, 16)}–${formatInZone(instance.endMs, zone).slice(11, 16)} ${instance.event.subject || "(no subject)"}<br>${creatorTag(instance.event)}</a>`,
      )}</td>`;
    };
    const link = (date: Temporal.PlainDate, label: string) =>
      html`<a href="${`${mailboxLink(mailbox)}?week=${date.toString()}&tz=${encodeURIComponent(zone.label)}`}">${label}</a>`;
    return reply.type("text/html; charset=utf-8").send(
      page(
        `${mailbox.displayName} — calendar`,
        html`<h1>${mailbox.displayName} <small class="tag">${mailbox.address}</small></h1>
<p>${link(monday.subtract({ weeks: 1 }), "← previous week")} · week of ${monday.toString()} (${zone.label}) · ${link(monday.add({ weeks: 1 }), "next week →")}</p>
<table><thead><tr>${days.map((date) => html`<th>${date.toLocaleString("en-GB", { weekday: "short", day: "numeric", month: "short" })}</th>`)}</tr></thead>
<tbody><tr>${days.map(cell)}</tr></tbody></table>
<p class="tag">Yellow events were created by an app through Graph; blue ones by the mailbox owner (control API).</p>`,
      ),
    );
  });

  app.get("/owa/", async (request, reply) => {
    const { itemid } = itemQuery.parse(request.query);
    const instance = instanceById(store.events, itemid);
    if (!instance) return reply.code(404).type("text/html; charset=utf-8").send(page("Not found", html`<h1>This event no longer exists</h1>`));
    const { event } = instance;
    const mailbox = store.findMailbox(event.mailbox);
    const properties = event.extendedProperties.map((property) => html`<dt>${property.id}</dt><dd>${property.value}</dd>`);
    return reply.type("text/html; charset=utf-8").send(
      page(
        event.subject || "(no subject)",
        html`<h1>${event.subject || "(no subject)"}</h1>
<dl>
<dt>Calendar</dt><dd>${mailbox ? html`<a href="${mailboxLink(mailbox)}">${mailbox.displayName}</a>` : event.mailbox}</dd>
<dt>Start</dt><dd>${formatInZone(instance.startMs, UTC_ZONE).slice(0, 16).replace("T", " ")} UTC (written as ${event.start.dateTime} ${event.start.timeZone})</dd>
<dt>End</dt><dd>${formatInZone(instance.endMs, UTC_ZONE).slice(0, 16).replace("T", " ")} UTC</dd>
<dt>Type</dt><dd>${instance.type}</dd>
<dt>Created</dt><dd>${creatorTag(event)}</dd>
<dt>Location</dt><dd>${event.location?.displayName ?? ""}</dd>
<dt>Show as</dt><dd>${event.showAs}</dd>
<dt>Categories</dt><dd>${event.categories.join(", ")}</dd>
<dt>Transaction id</dt><dd>${event.transactionId ?? ""}</dd>
<dt>Id</dt><dd><code>${instance.id}</code></dd>
</dl>
<h2>Body</h2><p>${bodyPreview(event)}</p>
${properties.length > 0 ? html`<h2>Extended properties</h2><dl>${properties}</dl>` : ""}`,
      ),
    );
  });
}
