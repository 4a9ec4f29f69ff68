import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfirmButton } from "./button";

// ConfirmButton renders a Button whose click asks first; the element's onClick is what the browser would run.
const click = (answer: boolean) => {
  const asked: string[] = [];
  vi.stubGlobal("window", { confirm: (q: string) => (asked.push(q), answer) });
  const onConfirm = vi.fn();
  const el = ConfirmButton({ confirm: "Delete the mailbox?", onConfirm, variant: "ghost", children: "Delete" }) as { props: { onClick: () => void; variant: string } };
  el.props.onClick();
  return { asked, onConfirm, el };
};

describe("ConfirmButton", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("runs the action only when the question is answered OK", () => {
    const yes = click(true);
    expect(yes.asked).toEqual(["Delete the mailbox?"]);
    expect(yes.onConfirm).toHaveBeenCalledTimes(1);
    const no = click(false);
    expect(no.asked).toEqual(["Delete the mailbox?"]);
    expect(no.onConfirm).not.toHaveBeenCalled();
  });

  it("passes the other props to the button", () => {
    expect(click(false).el.props.variant).toBe("ghost");
  });
});
