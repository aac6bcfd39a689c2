// Not-found state of /support/issues/[id].
import { NotFoundNotice } from "@/components/support/not-found-notice";

export default function IssueNotFound() {
  return <NotFoundNotice title="No such issue" backHref="/support" backLabel="Back to the support home" />;
}
