import { useState, type ReactNode } from "react";
import { Button } from "./Button";

/**
 * A button for an action that cannot be undone: the first click asks, in words, and only
 * "Yes" runs it.
 */
export function ConfirmButton({
  children,
  question,
  confirmLabel = "Yes",
  onConfirm,
  disabled,
  variant = "secondary",
  testId,
}: {
  children: ReactNode;
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
  variant?: "secondary" | "ghost" | "danger";
  testId?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button variant={variant} disabled={disabled} data-testid={testId} onClick={() => { setAsking(true); }}>
        {children}
      </Button>
    );
  }
  return (
    <span className="inline-flex items-center gap-2 text-sm text-slate-300" role="group" aria-label={question}>
      {question}
      <Button
        variant="danger"
        data-testid={testId ? `${testId}-confirm` : undefined}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </Button>
      <Button variant="ghost" onClick={() => { setAsking(false); }}>
        No
      </Button>
    </span>
  );
}
