import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "ghost" | "danger";

const VARIANTS: Record<Variant, string> = {
  primary: "bg-accent-500 text-white hover:bg-accent-400 shadow-sm shadow-accent-600/30",
  secondary: "bg-ink-800 text-slate-100 ring-1 ring-inset ring-ink-600 hover:bg-ink-700",
  ghost: "text-slate-300 hover:bg-ink-800 hover:text-white",
  danger: "bg-rose-600 text-white hover:bg-rose-500",
};

/** The app's button: one look per intent. */
export function Button({
  variant = "secondary",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type="button"
      {...props}
      className={`inline-flex items-center justify-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent-400 disabled:cursor-not-allowed disabled:opacity-50 ${VARIANTS[variant]} ${className}`}
    />
  );
}
