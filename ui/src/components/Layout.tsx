import { NavLink, Outlet, useLocation } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { commands } from "../bindings";
import { keys } from "../state/queryKeys";
import { Icon, type IconName } from "./Icon";

const NAV: { to: string; label: string; icon: IconName; end?: boolean }[] = [
  { to: "/", label: "Dashboard", icon: "dashboard", end: true },
  { to: "/script", label: "Script editor", icon: "script" },
  { to: "/storyboard", label: "Storyboard", icon: "storyboard" },
  { to: "/styles", label: "Style builder", icon: "style" },
  { to: "/characters", label: "Characters", icon: "characters" },
  { to: "/voice", label: "Voice-over", icon: "voice" },
  { to: "/jobs", label: "Jobs", icon: "jobs" },
  { to: "/settings", label: "Settings", icon: "settings" },
];

/** Job counts at the foot of the navigation; kept current by the `jobCountsChanged` event. */
function QueueStatus() {
  const { data } = useQuery({
    queryKey: keys.jobCounts,
    queryFn: async () => {
      const [counts, paused] = await Promise.all([commands.jobCounts(), commands.queuePaused()]);
      return { counts, paused };
    },
    staleTime: Infinity,
  });
  const active = data ? data.counts.running + data.counts.queued : 0;
  return (
    <div className="flex items-center gap-2 rounded-md bg-ink-850 px-3 py-2 text-xs text-slate-400" data-testid="queue-status">
      <span className={`size-2 rounded-full ${active > 0 ? "animate-pulse bg-accent-400" : "bg-slate-600"}`} aria-hidden />
      {data === undefined
        ? "Queue…"
        : active > 0
          ? `${data.counts.running} running · ${data.counts.queued} queued`
          : "No jobs running"}
      {data?.paused && <span className="ml-auto text-amber-300">paused</span>}
    </div>
  );
}

/** The window: navigation on the left, the current screen on the right. */
export function Layout() {
  const { pathname } = useLocation();
  // An open project is the script editor's screen.
  const inProject = pathname.startsWith("/projects/");
  return (
    <div className="flex h-full">
      <nav className="flex w-56 shrink-0 flex-col border-r border-ink-800 bg-ink-900 px-3 py-4" aria-label="Main">
        <div className="mb-6 flex items-center gap-2.5 px-2">
          <div className="grid size-8 place-items-center rounded-lg bg-gradient-to-br from-accent-400 to-cyan-400 text-white shadow-lg shadow-accent-600/20">
            <svg viewBox="0 0 24 24" className="size-4" fill="currentColor" aria-hidden>
              <path d="M8 5v14l11-7z" />
            </svg>
          </div>
          <div className="leading-tight">
            <p className="text-sm font-semibold text-white">VideoGen</p>
            <p className="text-[11px] tracking-wide text-slate-500 uppercase">Studio</p>
          </div>
        </div>
        <ul className="flex flex-1 flex-col gap-0.5">
          {NAV.map((item) => (
            <li key={item.to}>
              <NavLink
                to={item.to}
                end={item.end}
                className={({ isActive: routeActive }) => {
                  const isActive = routeActive || (item.to === "/script" && inProject);
                  return `flex items-center gap-3 rounded-md px-3 py-2 text-sm transition-colors ${
                    isActive ? "bg-ink-800 font-medium text-white" : "text-slate-400 hover:bg-ink-850 hover:text-slate-100"
                  }`;
                }}
              >
                <Icon name={item.icon} />
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
        <QueueStatus />
      </nav>
      <main className="min-w-0 flex-1 overflow-hidden">
        <Outlet />
      </main>
    </div>
  );
}
