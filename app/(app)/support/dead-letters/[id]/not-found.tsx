// Not-found state of /support/dead-letters/[id].
import { NotFoundNotice } from "@/components/support/not-found-notice";

export default function EnvelopeNotFound() {
  return <NotFoundNotice title="No such failure" backHref="/support/dead-letters" backLabel="Back to the dead letters" />;
}
