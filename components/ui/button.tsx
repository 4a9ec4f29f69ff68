import { forwardRef, type ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "danger" | "ghost";

const styles: Record<Variant, string> = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 disabled:bg-brand-600/50",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:opacity-50",
  danger: "bg-red-600 text-white hover:bg-red-700 disabled:opacity-50",
  ghost: "text-slate-700 hover:bg-slate-100 disabled:opacity-50",
};

export const Button = forwardRef<HTMLButtonElement, ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: "sm" | "md" }>(
  function Button({ variant = "primary", size = "md", className = "", ...props }, ref) {
    const pad = size === "sm" ? "px-2.5 py-1 text-xs" : "px-3.5 py-2 text-sm";
    return (
      <button
        ref={ref}
        className={`inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors disabled:cursor-not-allowed ${pad} ${styles[variant]} ${className}`}
        {...props}
      />
    );
  },
);

/** A button that asks the browser's confirm dialog with `confirm` first and runs `onConfirm` only on OK. */
export function ConfirmButton({ confirm: question, onConfirm, ...props }: Omit<Parameters<typeof Button>[0], "onClick"> & { confirm: string; onConfirm: () => void }) {
  return (
    <Button
      {...props}
      onClick={() => {
        if (window.confirm(question)) onConfirm();
      }}
    />
  );
}
