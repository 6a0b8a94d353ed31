import { useState } from "react";
import { HashRouter, Navigate, Route, Routes } from "react-router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Layout } from "./components/Layout";
import { ToastProvider } from "./components/Toasts";
import { useLiveUpdates } from "./ipc/liveUpdates";
import { Dashboard } from "./screens/Dashboard";
import { ProjectView } from "./screens/ProjectView";
import { CharactersScreen, NoProjectOpen, StoryboardScreen, StyleBuilderScreen, VoiceOverScreen } from "./screens/placeholders";
import { JobsScreen } from "./screens/jobs/JobsScreen";
import { SettingsScreen } from "./screens/settings/SettingsScreen";
import { StartupNotices } from "./screens/firstrun/StartupNotices";
import { NewProjectScreen } from "./screens/newproject/NewProjectScreen";
import { OutlineReview } from "./screens/newproject/OutlineReview";
import { ScriptDropZone } from "./screens/newproject/ScriptDrop";
import { lastProject } from "./state/lastProject";
import { AudioOutputContext, htmlAudioOutput } from "./screens/project/playback";
import { testClockOutput } from "./screens/project/testClockOutput";

/** Data comes from commands and stays fresh through events, so queries never refetch on their own. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: false },
      mutations: { retry: false },
    },
  });
}

function LiveUpdates({ client }: { client: QueryClient }) {
  useLiveUpdates(client);
  return null;
}

function ScriptEditorEntry() {
  const id = lastProject();
  return id ? <Navigate to={`/projects/${id}`} replace /> : <NoProjectOpen />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Dashboard />} />
        <Route path="new" element={<NewProjectScreen />} />
        <Route path="new/:projectId/outline" element={<OutlineReview />} />
        <Route path="projects/:projectId" element={<ProjectView />} />
        <Route path="script" element={<ScriptEditorEntry />} />
        <Route path="storyboard" element={<StoryboardScreen />} />
        <Route path="storyboard/:projectId" element={<StoryboardScreen />} />
        <Route path="styles" element={<StyleBuilderScreen />} />
        <Route path="characters" element={<CharactersScreen />} />
        <Route path="voice" element={<VoiceOverScreen />} />
        <Route path="jobs" element={<JobsScreen />} />
        <Route path="settings" element={<SettingsScreen />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

/**
 * Narration plays through an `<audio>` element; the e2e build (and only it: the branch is
 * constant-folded away, with its module, in a production build) plays through a test clock,
 * since Xvfb has no audio device.
 */
const audioOutput = import.meta.env.MODE === "e2e" ? testClockOutput() : htmlAudioOutput;

export function App() {
  const [client] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>
        <LiveUpdates client={client} />
        <AudioOutputContext.Provider value={audioOutput}>
          <HashRouter>
            <AppRoutes />
            <ScriptDropZone />
            <StartupNotices />
          </HashRouter>
        </AudioOutputContext.Provider>
      </ToastProvider>
    </QueryClientProvider>
  );
}
