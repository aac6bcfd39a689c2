// Posts a message to a Slack incoming webhook (text + blocks), with a timeout: a slow Slack must
// not hold up the job that reports a failure.
export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

export class SlackDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SlackDeliveryError";
  }
}

export async function postToSlack(webhookUrl: string, message: SlackMessage, options: { timeoutMs?: number; fetchImpl?: typeof fetch } = {}): Promise<void> {
  const doFetch = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await doFetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
  } catch (error) {
    throw new SlackDeliveryError(`Slack did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new SlackDeliveryError(`Slack answered ${response.status}: ${(await response.text().catch(() => "")).slice(0, 200)}`);
}
