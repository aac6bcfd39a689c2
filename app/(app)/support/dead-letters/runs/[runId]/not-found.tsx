// Not-found state of /support/dead-letters/runs/[runId].
import { NotFoundNotice } from "@/components/support/not-found-notice";

export default function RunNotFound() {
  return <NotFoundNotice title="No such run" backHref="/support/dead-letters" backLabel="Back to the dead letters" />;
}
