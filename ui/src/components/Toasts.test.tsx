import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ToastProvider, useToast } from "./Toasts";

function Fails({ failure }: { failure: unknown }) {
  const toast = useToast();
  return (
    <button
      type="button"
      onClick={() => {
        toast.error(failure, "Could not save");
      }}
    >
      go
    </button>
  );
}

describe("Toasts", () => {
  it("show the app error's message, and can be dismissed", async () => {
    render(
      <ToastProvider>
        <Fails failure={{ code: "DISK_FULL", message: "The disk is full: free some space and try again." }} />
      </ToastProvider>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByText("go"));
    const toast = screen.getByRole("alert");
    expect(toast).toHaveTextContent("Could not save");
    expect(toast).toHaveTextContent("The disk is full: free some space and try again.");
    await user.click(screen.getByLabelText("Dismiss"));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("show an unexpected failure as text rather than nothing", async () => {
    render(
      <ToastProvider>
        <Fails failure={new Error("socket closed")} />
      </ToastProvider>,
    );
    await userEvent.setup().click(screen.getByText("go"));
    expect(screen.getByRole("alert")).toHaveTextContent("socket closed");
  });
});
