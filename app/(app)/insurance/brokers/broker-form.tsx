"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { useAction } from "@/components/use-action";
import { saveBrokerAction } from "@/lib/actions/insurance";

/** Create or edit a broker: its name and the sender email domains its emails come from. */
export function BrokerForm({ broker, defaultDomain }: { broker?: { id: string; name: string; emailDomains: string[] }; defaultDomain?: string }) {
  const router = useRouter();
  const { pending, error, run } = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const message = error ? { ok: false, text: error } : saved ? { ok: true, text: saved } : null;
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        const form = e.currentTarget;
        run(
          () =>
            saveBrokerAction({
              id: broker?.id,
              name: String(fd.get("name") ?? ""),
              emailDomains: String(fd.get("domains") ?? "").split(/[\s,;]+/).filter(Boolean),
            }),
          (data) => {
            setSaved(broker ? "Saved." : `${data.name} added. Build its profile from a sample file next.`);
            if (!broker) {
              form.reset();
              router.push(`/insurance/brokers/${data.id}`);
            } else router.refresh();
          },
          { refresh: false },
        );
      }}
    >
      <InputField id="broker-name" label="Broker name" name="name" required defaultValue={broker?.name} placeholder="Agente de Seguros del Bajío" />
      <InputField id="broker-domains" label="Sender email domains" name="domains" defaultValue={broker?.emailDomains.join(", ") ?? defaultDomain} placeholder="agentebajio.com.mx, bajio-seguros.mx" />
      <Button type="submit" disabled={pending}>
        {broker ? "Save broker" : "Add broker"}
      </Button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`text-sm sm:col-span-3 ${message.ok ? "text-green-700" : "text-red-700"}`}>
          {message.text}
        </p>
      )}
    </form>
  );
}
