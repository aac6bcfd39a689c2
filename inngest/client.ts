// The Inngest client every function here is created on. It is built in lib/runtime/inngest-client.ts
// (with the local driver's options when no Inngest server is configured), so lib/ can send events
// on the same client without importing inngest/.
export { inngest } from "@/lib/runtime/inngest-client";
