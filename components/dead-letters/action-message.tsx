// What an action answered: a status line when it worked, an alert when it did not.
export interface ActionOutcome {
  ok: boolean;
  text: string;
}

export function ActionMessage({ message, className }: { message: ActionOutcome | null; className?: string }) {
  if (!message) return null;
  return (
    <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-emerald-700" : "text-red-700"} ${className ?? ""}`}>
      {message.text}
    </p>
  );
}
