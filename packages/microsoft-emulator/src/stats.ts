// Counters for GET /_emulator/stats: requests by route and status, throttling answers, injected
// faults, and the peak number of requests in flight per mailbox.

export interface StatsSnapshot {
  requests: Record<string, Record<string, number>>;
  throttled: Record<string, number>;
  faultsInjected: number;
  peakInFlight: Record<string, number>;
  notificationsDelivered: number;
  notificationsFailed: number;
}

export class Stats {
  private requests = new Map<string, Map<number, number>>();
  private throttled = new Map<string, number>();
  private peak = new Map<string, number>();
  private faults = 0;
  private delivered = 0;
  private failed = 0;

  recordRequest(route: string, status: number): void {
    let byStatus = this.requests.get(route);
    if (!byStatus) {
      byStatus = new Map();
      this.requests.set(route, byStatus);
    }
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  recordThrottle(code: string): void {
    this.throttled.set(code, (this.throttled.get(code) ?? 0) + 1);
  }

  recordInFlight(mailbox: string, inFlight: number): void {
    if (inFlight > (this.peak.get(mailbox) ?? 0)) this.peak.set(mailbox, inFlight);
  }

  recordFault(): void {
    this.faults++;
  }

  recordNotification(delivered: boolean): void {
    if (delivered) this.delivered++;
    else this.failed++;
  }

  snapshot(): StatsSnapshot {
    return {
      requests: Object.fromEntries([...this.requests].map(([route, byStatus]) => [route, Object.fromEntries([...byStatus].map(([status, count]) => [String(status), count]))])),
      throttled: Object.fromEntries(this.throttled),
      faultsInjected: this.faults,
      peakInFlight: Object.fromEntries(this.peak),
      notificationsDelivered: this.delivered,
      notificationsFailed: this.failed,
    };
  }

  reset(): void {
    this.requests = new Map();
    this.throttled = new Map();
    this.peak = new Map();
    this.faults = 0;
    this.delivered = 0;
    this.failed = 0;
  }
}
