import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import type { PieceState } from "../../bindings";
import { PieceBadge, Thumb } from "./SceneBits";

describe("Thumb", () => {
  it("shows the thumbnail and lets go of it when its row leaves the list", () => {
    const { unmount } = render(<Thumb src="asset://localhost/thumb.webp" hasImage className="w-24" />);
    const img = screen.getByTestId("scene-thumb");
    expect(img.getAttribute("src")).toBe("asset://localhost/thumb.webp");
    unmount();
    // A detached <img> that still names its file keeps the decoded pixels until a garbage collection.
    expect(img.hasAttribute("src")).toBe(false);
  });

  it("says why there is no picture", () => {
    render(<Thumb src={null} hasImage={false} className="w-24" />);
    expect(screen.getByTestId("scene-thumb-empty").textContent).toBe("no image");
  });
});

describe("PieceBadge", () => {
  it("names the piece and its state for screen readers", () => {
    const piece: PieceState = { hasFile: true, dirty: true, error: null };
    render(<PieceBadge kind="image" piece={piece} working={undefined} />);
    expect(screen.getByRole("img", { name: "Image: out of date" })).toHaveAttribute("data-status", "stale");
  });
});
