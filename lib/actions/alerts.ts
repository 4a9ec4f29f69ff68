"use server";

import { revalidatePath } from "next/cache";
import { callAction } from "./call";
import { evaluateAlertsNowDef, saveAlertRuleDef, setAlertStateDef } from "./defs/alerts";

export async function saveAlertRuleAction(raw: unknown) {
  const r = await callAction(saveAlertRuleDef, raw);
  revalidatePath("/settings");
  return r;
}

export async function setAlertStateAction(raw: unknown) {
  const r = await callAction(setAlertStateDef, raw);
  revalidatePath("/alerts", "layout");
  return r;
}

export async function evaluateAlertsNowAction(raw: unknown) {
  const r = await callAction(evaluateAlertsNowDef, raw);
  revalidatePath("/alerts", "layout");
  return r;
}
