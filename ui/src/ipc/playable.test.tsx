import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, render, screen } from "@testing-library/react";
import { mockConvertFileSrc } from "@tauri-apps/api/mocks";
import { htmlAudioOutput } from "../screens/project/playback";
import { playableUrl, usePlayableUrl } from "./playable";

/** Runs `settle` inside act and lets the promise callbacks it starts run. */
async function settling(settle: () => void): Promise<void> {
  await act(async () => {
    settle();
    await Promise.resolve();
  });
}

/** A promise the test settles by hand. */
function later<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

let made = 0;
const created = vi.fn(() => `blob:app/${++made}`);
const revoked = vi.fn();

beforeEach(() => {
  made = 0;
  created.mockClear();
  revoked.mockClear();
  // jsdom has no object URLs.
  URL.createObjectURL = created;
  URL.revokeObjectURL = revoked;
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("playableUrl", () => {
  it("fetches the file without its media fragment and keeps the fragment on the blob's URL", async () => {
    const get = vi.fn(() => Promise.resolve(new Response(new Blob(["RIFF"]), { status: 200 })));
    await expect(playableUrl("asset://localhost/a.wav#t=1.5,3", get)).resolves.toBe("blob:app/1#t=1.5,3");
    expect(get).toHaveBeenCalledWith("asset://localhost/a.wav");
    await expect(playableUrl("asset://localhost/b.mp4", get)).resolves.toBe("blob:app/2");
  });

  it("fails in words when the file cannot be read", async () => {
    const get = () => Promise.resolve(new Response("", { status: 404 }));
    await expect(playableUrl("asset://localhost/gone.mp4", get)).rejects.toThrow("the file could not be read (404)");
    expect(created).not.toHaveBeenCalled();
  });
});

function Clip({ url, load }: { url: string | null; load: (url: string) => Promise<string> }) {
  const src = usePlayableUrl(url, load);
  return <video data-testid="clip" src={src} />;
}

describe("usePlayableUrl", () => {
  it("gives the element the fetched source, and lets it go when the file changes or the element goes", async () => {
    const loads = new Map<string, ReturnType<typeof later<string>>>();
    const load = (url: string) => {
      const pending = later<string>();
      loads.set(url, pending);
      return pending.promise;
    };
    const { rerender, unmount } = render(<Clip url="asset://localhost/a.mp4" load={load} />);
    expect(screen.getByTestId("clip")).not.toHaveAttribute("src");
    await settling(() => {
      loads.get("asset://localhost/a.mp4")?.resolve("blob:app/a");
    });
    expect(screen.getByTestId("clip")).toHaveAttribute("src", "blob:app/a");

    rerender(<Clip url="asset://localhost/b.mp4" load={load} />);
    expect(revoked).toHaveBeenCalledWith("blob:app/a");
    // The old source is not shown for the new file while it loads.
    expect(screen.getByTestId("clip")).not.toHaveAttribute("src");
    await settling(() => {
      loads.get("asset://localhost/b.mp4")?.resolve("blob:app/b#t=1,2");
    });
    expect(screen.getByTestId("clip")).toHaveAttribute("src", "blob:app/b#t=1,2");
    unmount();
    expect(revoked).toHaveBeenLastCalledWith("blob:app/b");
  });

  it("releases a file that arrives after the element went, and falls back to the URL when the fetch fails", async () => {
    const slow = later<string>();
    const { unmount } = render(<Clip url="asset://localhost/a.mp4" load={() => slow.promise} />);
    unmount();
    await settling(() => {
      slow.resolve("blob:app/late");
    });
    expect(revoked).toHaveBeenCalledWith("blob:app/late");

    render(<Clip url="asset://localhost/c.mp4" load={() => Promise.reject(new Error("no"))} />);
    await settling(() => {});
    expect(screen.getByTestId("clip")).toHaveAttribute("src", "asset://localhost/c.mp4");
  });
});

describe("the window's narration output", () => {
  beforeEach(() => {
    mockConvertFileSrc("linux");
  });

  it("plays the fetched file, and a file that arrives after a newer start is dropped", async () => {
    const play = vi.spyOn(HTMLMediaElement.prototype, "play").mockResolvedValue(undefined);
    vi.spyOn(HTMLMediaElement.prototype, "load").mockImplementation(() => {});
    vi.spyOn(HTMLMediaElement.prototype, "pause").mockImplementation(() => {});
    const loads: ReturnType<typeof later<string>>[] = [];
    const asked: string[] = [];
    const output = htmlAudioOutput("/data/", vi.fn(), (url) => {
      asked.push(url);
      const pending = later<string>();
      loads.push(pending);
      return pending.promise;
    });
    output.start("audio/a.wav", () => {});
    output.start("audio/b.wav", () => {});
    expect(asked).toEqual([`asset://localhost/${encodeURIComponent("/data/audio/a.wav")}`, `asset://localhost/${encodeURIComponent("/data/audio/b.wav")}`]);
    await settling(() => {
      loads[0]?.resolve("blob:app/a");
    });
    expect(revoked).toHaveBeenCalledWith("blob:app/a");
    expect(play).not.toHaveBeenCalled();
    await settling(() => {
      loads[1]?.resolve("blob:app/b");
    });
    expect(play).toHaveBeenCalledTimes(1);
    output.stop();
    expect(revoked).toHaveBeenCalledWith("blob:app/b");
  });

  it("does not play a file that arrives while paused, and says why a file could not be read", async () => {
    const play = vi.spyOn(HTMLMediaElement.prototype, "play").mockResolvedValue(undefined);
    vi.spyOn(HTMLMediaElement.prototype, "load").mockImplementation(() => {});
    vi.spyOn(HTMLMediaElement.prototype, "pause").mockImplementation(() => {});
    const pending = later<string>();
    const failure = vi.fn();
    const output = htmlAudioOutput("/data", failure, () => pending.promise);
    output.start("audio/a.wav", () => {});
    output.pause();
    await settling(() => {
      pending.resolve("blob:app/a");
    });
    expect(play).not.toHaveBeenCalled();
    output.resume();
    expect(play).toHaveBeenCalledTimes(1);

    const broken = htmlAudioOutput("/data", failure, () => Promise.reject(new Error("the file could not be read (404).")));
    broken.start("audio/gone.wav", () => {});
    await settling(() => {});
    expect(failure).toHaveBeenCalledWith("the file could not be read (404)");
  });
});
