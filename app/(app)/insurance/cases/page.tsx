import { redirect } from "next/navigation";

// The case list is the Insurance tab itself; /insurance/cases (a natural URL to type or bookmark) goes there.
export default function CasesIndex() {
  redirect("/insurance");
}
