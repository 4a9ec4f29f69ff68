import type { InputHTMLAttributes, ReactNode, Ref } from "react";
import { Input, Label } from "./input";

/** A form control with its label above it (the label points at the control by `id`). */
export function Field({ id, label, className, children }: { id: string; label: ReactNode; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}

/** A labelled text input: `className` is the wrapper's (its place in a grid); the other props go to the input. */
export function InputField({
  id,
  label,
  className,
  ...input
}: { id: string; label: ReactNode; ref?: Ref<HTMLInputElement> } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field id={id} label={label} className={className}>
      <Input id={id} {...input} />
    </Field>
  );
}
