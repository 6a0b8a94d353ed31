/** Small stroke icons drawn inline (no icon font or CDN). */
const PATHS = {
  dashboard: "M4 5h7v6H4zM13 5h7v4h-7zM13 11h7v8h-7zM4 13h7v6H4z",
  script: "M7 4h8l4 4v12H7zM15 4v4h4M10 12h6M10 16h6",
  storyboard: "M4 6h16v12H4zM4 10h16M9 6v12M15 6v12",
  style: "M12 4a8 8 0 1 0 0 16c1 0 1.5-.8 1.2-1.7-.4-1 .3-2.3 1.5-2.3H17a3 3 0 0 0 3-3c0-5-3.6-9-8-9zM8 11h.01M11 8h.01M15 8h.01",
  characters: "M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 19c0-3 3-5 6-5s6 2 6 5M16 5a3 3 0 0 1 0 6M18 14c2 .6 3 2.4 3 5",
  jobs: "M5 7h14M5 12h14M5 17h9",
  voice: "M4 10v4M8 7v10M12 4v16M16 8v8M20 11v2",
  settings: "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1-1-3-2 .2-1.4-1.4L16.8 5l-3-1-1 2h-1.6l-1-2-3 1 .2 1.8L6 8.2 4 8l-1 3 2 1v1.6l-2 1 1 3 2-.2 1.4 1.4-.2 2 3 1 1-2h1.6l1 2 3-1-.2-2 1.4-1.4 2 .2 1-3-2-1z",
  plus: "M12 5v14M5 12h14",
  upload: "M12 16V4M7 9l5-5 5 5M5 20h14",
  trash: "M5 7h14M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
  pencil: "M4 20h4L19 9l-4-4L4 16zM14 6l4 4",
  back: "M15 5l-7 7 7 7",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, className = "size-4" }: { name: IconName; className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" className={className} aria-hidden>
      <path d={PATHS[name]} />
    </svg>
  );
}
