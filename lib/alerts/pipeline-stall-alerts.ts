// The "pipeline stalled" alert: the same channel and grouping as dead-letter alerts (Slack, else the
// local inbox), one alert per window while a stall lasts — later checks in the window are counted
// into it, not repeated — with a link to where support sees the pipeline.
import { deliver, openOrGroup, resolve, type AlertOptions } from "./dead-letter-alerts";
import type { SlackMessage } from "./slack-transport";

const STALL_ALERT_KEY = "pipeline-stall";

function stallMessage(problems: string[], link: string): SlackMessage {
  const text = `Pipeline stalled: ${problems.join("; ")}`.slice(0, 1000);
  return {
    text,
    blocks: [
      { type: "header", text: { type: "plain_text", text: "Pipeline stalled" } },
      { type: "section", text: { type: "mrkdwn", text: problems.map((problem) => `• ${problem}`).join("\n").slice(0, 2900) } },
      { type: "context", elements: [{ type: "mrkdwn", text: "Readiness (/api/ready) answers 503 until the pipeline moves again." }] },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open support" }, url: link }] },
    ],
  };
}

/** Raises (or counts into) the current window's stall alert; `problems` are readiness details. */
export async function alertOnPipelineStall(problems: string[], alertOptions: AlertOptions = {}): Promise<"sent" | "grouped"> {
  const options = resolve(alertOptions);
  const message = stallMessage(problems, `${options.appUrl}/support`);
  const alert = await openOrGroup({ kind: "stall", alertKey: STALL_ALERT_KEY, reason: problems.join("; "), message }, options);
  if (alert.fire) await deliver(alert.id, message, options);
  return alert.fire ? "sent" : "grouped";
}
