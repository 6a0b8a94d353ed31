import { useEffect, useState } from "react";

/**
 * Media from the data dir, made playable. WebKitGTK (the Linux webview) cannot play an
 * `<audio>` or `<video>` whose source is a custom URL scheme such as Tauri's asset protocol
 * (upstream WebKit bug 146351, tauri#3725): the element fails with "not supported", while
 * the same URL fetches fine. So the file is fetched (the CSP's connect-src allows the asset
 * protocol) and played from a `blob:` URL. A scene's clip or narration is a few megabytes.
 */
export async function playableUrl(url: string, get: (url: string) => Promise<Response> = (u) => fetch(u)): Promise<string> {
  // A media fragment (`#t=1.5,3`) is not part of the file: it goes on the blob's URL.
  const hash = url.indexOf("#");
  const file = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? "" : url.slice(hash);
  const response = await get(file);
  if (!response.ok) throw new Error(`the file could not be read (${response.status})`);
  return `${URL.createObjectURL(await response.blob())}${fragment}`;
}

/** Lets go of a URL made by [`playableUrl`] (any other URL is left alone). */
export function releasePlayable(src: string): void {
  if (src.startsWith("blob:")) URL.revokeObjectURL(src.split("#")[0] ?? src);
}

/**
 * The playable source for `url` (an asset URL), undefined while it loads; released when
 * `url` changes or the component goes. When it cannot be fetched, `url` itself is given to
 * the element, whose own error then shows.
 */
export function usePlayableUrl(url: string | null, load: (url: string) => Promise<string> = playableUrl): string | undefined {
  const [loaded, setLoaded] = useState<{ url: string; src: string } | null>(null);
  useEffect(() => {
    if (url === null) return;
    let live = true;
    let made: string | null = null;
    load(url).then(
      (src) => {
        if (live) {
          made = src;
          setLoaded({ url, src });
        } else {
          releasePlayable(src);
        }
      },
      () => {
        if (live) setLoaded({ url, src: url });
      },
    );
    return () => {
      live = false;
      if (made !== null) releasePlayable(made);
    };
  }, [url, load]);
  return loaded !== null && loaded.url === url ? loaded.src : undefined;
}
