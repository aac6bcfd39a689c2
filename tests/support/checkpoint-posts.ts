// Watches the checkpoints the Inngest SDK posts to the local driver through a process's link
// (POST /v1/checkpoint/<run id>/async): which runs posted, one entry per post, until `stop()`.
import type { LocalDriverLink } from "@ledgerline/inngest-local-driver";

const CHECKPOINT_PATH = /^\/v1\/checkpoint\/([^/]+)\//;

export function watchCheckpointPosts(link: LocalDriverLink): { stop(): string[] } {
  const handleCall = link.handleCall!;
  const runIds: string[] = [];
  link.handleCall = (call) => {
    const checkpoint = CHECKPOINT_PATH.exec(call.pathname);
    if (checkpoint) runIds.push(decodeURIComponent(checkpoint[1]!));
    return handleCall(call);
  };
  return {
    stop() {
      link.handleCall = handleCall;
      return runIds;
    },
  };
}
