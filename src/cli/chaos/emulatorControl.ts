/** The emulator's control API (`/_emulator/...`): inspect mailboxes, inject faults, act as the user in Outlook. */
export function control(emulatorUrl: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${emulatorUrl}/_emulator${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
}
