// A dispute's closed statuses, in a module of its own so client components can read them without
// pulling the apply path (and its database clients) into the browser bundle.
export const closedDisputeStatuses: readonly string[] = ["won", "lost", "warning_closed", "prevented"];
